package io.switchboard.web.sse;

import io.switchboard.web.stream.StreamResource;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.ext.Provider;

/**
 * Keeps caches and proxies (nginx's {@code X-Accel-Buffering}) from holding back event streams:
 * SSE and the NDJSON stream.
 */
@Provider
public final class SseHeadersFilter implements ContainerResponseFilter {
  @Override
  public void filter(ContainerRequestContext request, ContainerResponseContext response) {
    MediaType type = response.getMediaType();
    if (type != null && (MediaType.SERVER_SENT_EVENTS_TYPE.isCompatible(type)
        || StreamResource.NDJSON.equals(type.getType() + "/" + type.getSubtype()))) {
      response.getHeaders().putSingle("Cache-Control", "no-cache");
      response.getHeaders().putSingle("X-Accel-Buffering", "no");
    }
  }
}

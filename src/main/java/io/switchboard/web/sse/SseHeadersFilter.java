package io.switchboard.web.sse;

import jakarta.ws.rs.NameBinding;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.ext.Provider;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Keeps caches and proxies (nginx's {@code X-Accel-Buffering}) from holding back event streams:
 * SSE and the NDJSON stream, whose resource methods are marked {@link EventStream}. Bound by name,
 * so no other response pays for it.
 */
@Provider
@SseHeadersFilter.EventStream
public final class SseHeadersFilter implements ContainerResponseFilter {
  /** Marks a resource method that answers with an event stream. */
  @NameBinding
  @Retention(RetentionPolicy.RUNTIME)
  @Target({ElementType.TYPE, ElementType.METHOD})
  public @interface EventStream {}

  @Override
  public void filter(ContainerRequestContext request, ContainerResponseContext response) {
    response.getHeaders().putSingle("Cache-Control", "no-cache");
    response.getHeaders().putSingle("X-Accel-Buffering", "no");
  }
}

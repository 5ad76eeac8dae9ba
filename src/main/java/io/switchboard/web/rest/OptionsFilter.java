package io.switchboard.web.rest;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.ext.Provider;

/** Advertises the accepted patch formats (RFC 5789 {@code Accept-Patch}) on documents' OPTIONS. */
@Provider
public final class OptionsFilter implements ContainerResponseFilter {
  @Override
  public void filter(ContainerRequestContext request, ContainerResponseContext response) {
    if ("OPTIONS".equals(request.getMethod())
        && String.valueOf(response.getHeaderString("Allow")).contains("PATCH")) {
      response.getHeaders().putSingle("Accept-Patch", DocumentResource.ACCEPT_PATCH);
    }
  }
}

package io.switchboard.web.rest;

import static io.switchboard.web.rest.Representations.JSON;
import static io.switchboard.web.rest.Representations.XML;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.documents.DocumentService.Read;
import io.switchboard.documents.DocumentService;
import io.switchboard.web.Callers;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.Map;

/** {@code GET /api}: every collection with its document count and link. */
@Path("api")
public final class ApiIndexResource {
  private final DocumentService documents;

  public ApiIndexResource(DocumentService documents) {
    this.documents = documents;
  }

  @GET
  @Produces({JSON, XML})
  public Response index(@Context UriInfo uri, @Context HttpServletRequest request) {
    Read<Map<String, Long>> read = documents.collections(Callers.identity(request));
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    ArrayNode list = body.putArray("collections");
    read.value().forEach((name, count) -> list.addObject()
        .put("name", name)
        .put("count", count)
        .put("href", uri.getBaseUriBuilder().path("api").path(name).build().getPath()));
    return Response.ok(body).header(Representations.CURSOR, read.cursor().toString())
        .header("Cache-Control", "no-cache").build();
  }
}

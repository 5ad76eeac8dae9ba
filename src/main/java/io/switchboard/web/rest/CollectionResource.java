package io.switchboard.web.rest;

import static io.switchboard.web.rest.Representations.JSON;
import static io.switchboard.web.rest.Representations.XML;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.documents.DocumentService.Listing;
import io.switchboard.documents.DocumentService.Read;
import io.switchboard.documents.DocumentService;
import io.switchboard.web.Callers;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.io.InputStream;

/**
 * A collection: {@code GET /api/{c}} lists (filters, sort, keyset pages with an RFC 8288
 * {@code Link: rel="next"}), {@code POST /api/{c}} creates. The list body is
 * {@code {"items": [...], "next": token|null, "total": n}} ({@code total} only with
 * {@code count=true}); an unknown collection lists as empty.
 */
@Path("api/{collection}")
public final class CollectionResource {
  private final DocumentService documents;
  private final Bodies bodies;

  public CollectionResource(DocumentService documents, Bodies bodies) {
    this.documents = documents;
    this.bodies = bodies;
  }

  @GET
  @Produces({JSON, XML})
  public Response list(@PathParam("collection") String collection, @Context UriInfo uri,
                       @Context HttpServletRequest request) {
    Read<Listing> read = documents.list(Callers.identity(request), collection, uri.getQueryParameters());
    Listing listing = read.value();
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    ArrayNode items = body.putArray("items");
    listing.items().forEach(doc -> items.add(doc.toJson()));
    body.put("next", listing.next());
    Response.ResponseBuilder response = Response.ok(body)
        .header(Representations.CURSOR, read.cursor().toString())
        .header(HttpHeaders.CACHE_CONTROL, "no-cache");
    if (listing.total() != null) {
      body.put("total", listing.total());
      response.header("Total-Count", listing.total());
    }
    if (listing.next() != null) {
      response.header("Link", "<" + uri.getRequestUriBuilder().replaceQueryParam("after", listing.next()).build()
          + ">; rel=\"next\"");
    }
    return response.build();
  }

  @POST
  @Consumes(JSON)
  @Produces({JSON, XML})
  public Response create(@PathParam("collection") String collection, InputStream body, @Context UriInfo uri,
                         @Context HttpServletRequest request) {
    return DocumentResource.written(documents.create(Callers.identity(request), collection, bodies.object(body)), uri);
  }
}

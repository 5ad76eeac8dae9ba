package io.switchboard.web.rest;

import static io.switchboard.web.rest.Representations.JSON;
import static io.switchboard.web.rest.Representations.XML;

import io.switchboard.documents.DocumentService.Read;
import io.switchboard.documents.DocumentService.Write;
import io.switchboard.documents.DocumentService;
import io.switchboard.documents.Patches;
import io.switchboard.documents.Preconditions;
import io.switchboard.model.Cursor;
import io.switchboard.model.Document;
import io.switchboard.model.Identity;
import io.switchboard.model.Problem;
import io.switchboard.model.SwitchboardException;
import io.switchboard.web.Callers;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.io.InputStream;
import java.util.List;

/** One document: {@code /api/{collection}/{id}}. HEAD and OPTIONS come from Jersey. */
@Path("api/{collection}/{id}")
public final class DocumentResource {
  static final String ACCEPT_PATCH = "application/merge-patch+json, application/json-patch+json";

  private final DocumentService documents;
  private final Bodies bodies;

  public DocumentResource(DocumentService documents, Bodies bodies) {
    this.documents = documents;
    this.bodies = bodies;
  }

  @GET
  @Produces({JSON, XML})
  public Response get(@PathParam("collection") String collection, @PathParam("id") String id,
                      @HeaderParam(HttpHeaders.IF_MATCH) List<String> ifMatch,
                      @HeaderParam(HttpHeaders.IF_UNMODIFIED_SINCE) String ifUnmodifiedSince,
                      @HeaderParam(HttpHeaders.IF_NONE_MATCH) List<String> ifNoneMatch,
                      @HeaderParam(HttpHeaders.IF_MODIFIED_SINCE) String ifModifiedSince,
                      @Context HttpServletRequest request) {
    Read<Document> read = documents.get(Callers.identity(request), collection, id);
    Document doc = read.value();
    Response.Status failed = Representations.conditional(doc, ifMatch, ifUnmodifiedSince, ifNoneMatch, ifModifiedSince);
    if (failed == Response.Status.PRECONDITION_FAILED) {
      throw new SwitchboardException(Problem.PRECONDITION_FAILED,
          "If-Match / If-Unmodified-Since does not hold for the current version " + Preconditions.etag(doc.version())
              + ".");
    }
    if (failed == Response.Status.NOT_MODIFIED) {
      return Representations.validators(Response.notModified(), doc, read.cursor()).build();
    }
    return Representations.document(Response.ok(), doc, read.cursor()).build();
  }

  @PUT
  @Consumes(JSON)
  @Produces({JSON, XML})
  public Response put(@PathParam("collection") String collection, @PathParam("id") String id, InputStream body,
                      @Context HttpHeaders headers, @Context UriInfo uri, @Context HttpServletRequest request) {
    Write write = documents.put(Callers.identity(request), collection, id, bodies.object(body),
        Representations.preconditions(headers));
    return written(write, uri);
  }

  @PATCH
  @Consumes("application/merge-patch+json")
  @Produces({JSON, XML})
  public Response mergePatch(@PathParam("collection") String collection, @PathParam("id") String id,
                             InputStream body, @Context HttpHeaders headers, @Context UriInfo uri,
                             @Context HttpServletRequest request) {
    return patch(Callers.identity(request), collection, id, Patches.MERGE, body, headers, uri);
  }

  @PATCH
  @Consumes("application/json-patch+json")
  @Produces({JSON, XML})
  public Response jsonPatch(@PathParam("collection") String collection, @PathParam("id") String id,
                            InputStream body, @Context HttpHeaders headers, @Context UriInfo uri,
                            @Context HttpServletRequest request) {
    return patch(Callers.identity(request), collection, id, Patches.JSON_PATCH, body, headers, uri);
  }

  @DELETE
  public Response delete(@PathParam("collection") String collection, @PathParam("id") String id,
                         @Context HttpHeaders headers, @Context HttpServletRequest request) {
    Cursor cursor = documents.delete(Callers.identity(request), collection, id, Representations.preconditions(headers));
    return Response.noContent().header(Representations.CURSOR, cursor.toString()).build();
  }

  private Response patch(Identity caller, String collection, String id, Patches format, InputStream body,
                         HttpHeaders headers, UriInfo uri) {
    Write write = documents.patch(caller, collection, id, format, bodies.any(body),
        Representations.preconditions(headers));
    return written(write, uri);
  }

  /** 201 with Location for a document created at this id, else 200. */
  static Response written(Write write, UriInfo uri) {
    Document doc = write.document();
    if (write.created()) {
      Response.ResponseBuilder created = Response.created(
          uri.getBaseUriBuilder().path("api").path(doc.collection()).path(doc.id()).build());
      return Representations.document(created, doc, write.cursor()).build();
    }
    return Representations.document(Response.ok(), doc, write.cursor()).build();
  }
}

package io.switchboard.web.rest;

import static io.switchboard.web.rest.Representations.JSON;

import io.switchboard.documents.DocumentService;
import io.switchboard.documents.DocumentService.Read;
import com.fasterxml.jackson.databind.JsonNode;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;

/**
 * {@code /admin/collections/{c}/schema}: the collection's optional JSON Schema (2020-12). PUT
 * sets it (422 with the reasons if it is not a valid schema), DELETE removes it. Writes to the
 * collection are then validated against it; existing documents are not re-checked.
 */
@Path("admin/collections/{collection}/schema")
public final class SchemaResource {
  private final DocumentService documents;
  private final Bodies bodies;

  public SchemaResource(DocumentService documents, Bodies bodies) {
    this.documents = documents;
    this.bodies = bodies;
  }

  @GET
  @Produces({"application/schema+json", JSON})
  public Response get(@PathParam("collection") String collection) {
    Read<JsonNode> read = documents.schema(collection);
    return Response.ok(read.value()).header(Representations.CURSOR, read.cursor().toString()).build();
  }

  @PUT
  @Consumes({JSON, "application/schema+json"})
  @Produces({"application/schema+json", JSON})
  public Response put(@PathParam("collection") String collection, InputStream body) {
    JsonNode schema = bodies.any(body);
    documents.setSchema(collection, schema);
    return Response.ok(schema).build();
  }

  @DELETE
  public Response delete(@PathParam("collection") String collection) {
    documents.schema(collection);
    documents.setSchema(collection, null);
    return Response.noContent().build();
  }
}

package io.switchboard.web.rest;

import io.switchboard.documents.Preconditions;
import io.switchboard.model.Cursor;
import io.switchboard.model.Document;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.util.Date;
import java.util.List;

/** Headers every document response carries: ETag (the version), Last-Modified, cursor, no-cache. */
public final class Representations {
  /** The event-log position a response reflects; accepted as the start of any subscription. */
  public static final String CURSOR = "Switchboard-Cursor";
  static final String JSON = "application/json";
  static final String XML = "application/xml";

  private Representations() {}

  static Response.ResponseBuilder document(Response.ResponseBuilder builder, Document doc, Cursor cursor) {
    return validators(builder, doc, cursor).entity(doc.toJson());
  }

  static Response.ResponseBuilder validators(Response.ResponseBuilder builder, Document doc, Cursor cursor) {
    return builder
        .tag(new EntityTag(Long.toString(doc.version())))
        .lastModified(Date.from(doc.updatedAt()))
        .header(HttpHeaders.CACHE_CONTROL, "no-cache")
        .header(CURSOR, cursor.toString());
  }

  /** The conditional request headers, repeated header lines joined as one list. */
  static Preconditions preconditions(HttpHeaders headers) {
    return new Preconditions(joined(headers.getRequestHeader(HttpHeaders.IF_MATCH)),
        joined(headers.getRequestHeader(HttpHeaders.IF_NONE_MATCH)));
  }

  private static String joined(List<String> values) {
    return values == null || values.isEmpty() ? null : String.join(",", values);
  }
}

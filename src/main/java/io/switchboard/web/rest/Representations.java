package io.switchboard.web.rest;

import io.switchboard.documents.Preconditions;
import io.switchboard.model.Cursor;
import io.switchboard.model.Document;
import io.switchboard.protocol.Wire;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Headers every document response carries: ETag (the version), Last-Modified, cursor, no-cache.
 * They are set as strings formatted here rather than through Jersey's typed {@code tag()} and
 * {@code lastModified()}, whose header delegates cost about a tenth of a document read's CPU.
 */
public final class Representations {
  /** The event-log position a response reflects; accepted as the start of any subscription. */
  public static final String CURSOR = Wire.CURSOR_HEADER;
  static final String JSON = "application/json";
  static final String XML = "application/xml";

  private Representations() {}

  static Response.ResponseBuilder document(Response.ResponseBuilder builder, Document doc, Cursor cursor) {
    return validators(builder, doc, cursor).entity(doc.toJson());
  }

  static Response.ResponseBuilder validators(Response.ResponseBuilder builder, Document doc, Cursor cursor) {
    return builder
        .header(HttpHeaders.ETAG, Preconditions.etag(doc.version()))
        .header(HttpHeaders.LAST_MODIFIED, HTTP_DATE.format(doc.updatedAt()))
        .header(HttpHeaders.CACHE_CONTROL, "no-cache")
        .header(CURSOR, cursor.toString());
  }

  /** IMF-fixdate (RFC 9110 section 5.6.7), e.g. {@code Sun, 06 Nov 1994 08:49:37 GMT}. */
  private static final DateTimeFormatter HTTP_DATE =
      DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);

  /**
   * The conditional headers of a GET evaluated for {@code doc} in the order of RFC 9110 section
   * 13.2.2: 412 or 304 when a condition fails, null when the document is to be sent. A date that
   * does not parse is ignored, as the RFC says; dates compare at the second, as Last-Modified has it.
   * Repeated entity-tag header lines count as one list, as for writes.
   */
  static Response.Status conditional(Document doc, List<String> ifMatchLines, String ifUnmodifiedSince,
                                     List<String> ifNoneMatchLines, String ifModifiedSince) {
    String ifMatch = joined(ifMatchLines);
    String ifNoneMatch = joined(ifNoneMatchLines);
    Instant modified = doc.updatedAt().truncatedTo(ChronoUnit.SECONDS);
    if (ifMatch != null) {
      if (!Preconditions.ifMatchHolds(ifMatch, doc.version())) {
        return Response.Status.PRECONDITION_FAILED;
      }
    } else if (ifUnmodifiedSince != null && parse(ifUnmodifiedSince).map(modified::isAfter).orElse(false)) {
      return Response.Status.PRECONDITION_FAILED;
    }
    if (ifNoneMatch != null) {
      return Preconditions.noneMatchFails(ifNoneMatch, doc.version()) ? Response.Status.NOT_MODIFIED : null;
    }
    boolean unmodified = ifModifiedSince != null && parse(ifModifiedSince).map(since -> !modified.isAfter(since))
        .orElse(false);
    return unmodified ? Response.Status.NOT_MODIFIED : null;
  }

  /** An HTTP date; empty if malformed. */
  private static Optional<Instant> parse(String header) {
    try {
      return Optional.of(ZonedDateTime.parse(header.trim(), HTTP_DATE).toInstant());
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
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

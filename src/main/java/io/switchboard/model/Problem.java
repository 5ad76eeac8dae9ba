package io.switchboard.model;

/**
 * The core's error vocabulary. Each transport maps a problem to its own form (an HTTP status and
 * problem document, a WebSocket error code); the {@link #code} is stable and documented.
 */
public enum Problem {
  /** The request is syntactically wrong (bad parameter, unparseable cursor or JSON). */
  INVALID_REQUEST("invalid-request", "Invalid request"),
  /** The body is not valid JSON. */
  MALFORMED_JSON("malformed-json", "Malformed JSON"),
  /** The body parsed but is not acceptable (not an object, schema violations, id mismatch). */
  VALIDATION_FAILED("validation-failed", "Validation failed"),
  /** The document, collection or schema does not exist. */
  NOT_FOUND("not-found", "Not found"),
  /** A create-only write found an existing document. */
  ALREADY_EXISTS("already-exists", "Already exists"),
  /** The change cannot be applied to the document's current state (e.g. a JSON Patch test failed). */
  CONFLICT("conflict", "Conflict"),
  /** An {@code If-Match}/{@code If-None-Match} precondition did not hold; nothing changed. */
  PRECONDITION_FAILED("precondition-failed", "Precondition failed"),
  /** A per-connection or per-client limit was reached (e.g. too many subscriptions). */
  LIMIT_EXCEEDED("limit-exceeded", "Limit exceeded"),
  /**
   * A cursor older than the retained log (or not from this log): the client must fetch a new
   * snapshot and continue from its cursor. Streams say it with a {@code reset} event instead.
   */
  CURSOR_EXPIRED("cursor-expired", "Cursor expired"),
  /** The body is larger than the configured limit. */
  TOO_LARGE("payload-too-large", "Payload too large"),
  /** The server could not complete the request (the log says why; the client is not told). */
  INTERNAL("internal", "Internal error");

  public final String code;
  public final String title;

  Problem(String code, String title) {
    this.code = code;
    this.title = title;
  }
}

package io.switchboard.model;

import java.util.Optional;

/**
 * The core's error vocabulary, one table for every transport: each problem has a stable, documented
 * {@link #code}, the HTTP {@link #status} REST answers with and WebSocket error replies carry, and,
 * for problems worth retrying, how long to wait ({@link #retryAfterSeconds}).
 */
public enum Problem {
  /** The request is syntactically wrong (bad parameter, unparseable cursor, unknown command). */
  INVALID_REQUEST("invalid-request", "Invalid request", 400),
  /** The body is not valid JSON. */
  MALFORMED_JSON("malformed-json", "Malformed JSON", 400),
  /**
   * No valid credential: missing, malformed, wrong, expired or revoked. One identical answer
   * whatever the reason, so a caller learns nothing about which accounts or keys exist.
   */
  UNAUTHORIZED("unauthorized", "Unauthorized", 401),
  /** The caller is authenticated but not allowed this (a role, a CSRF token, an origin is missing). */
  FORBIDDEN("forbidden", "Forbidden", 403),
  /** The document, collection, schema or subscription does not exist. */
  NOT_FOUND("not-found", "Not found", 404),
  /** The method is not one the resource supports (the answer lists the ones it does). */
  METHOD_NOT_ALLOWED("method-not-allowed", "Method not allowed", 405),
  /** None of the media types the client accepts can be produced. */
  NOT_ACCEPTABLE("not-acceptable", "Not acceptable", 406),
  /** A create-only write found an existing document. */
  ALREADY_EXISTS("already-exists", "Already exists", 409),
  /** The change cannot be applied to the current state (a JSON Patch test failed, a duplicate subscription). */
  CONFLICT("conflict", "Conflict", 409),
  /**
   * A cursor older than the retained log (or not from this log): the client must fetch a new
   * snapshot and continue from its cursor. Streams say it with a {@code reset} event instead.
   */
  CURSOR_EXPIRED("cursor-expired", "Cursor expired", 410),
  /** An {@code If-Match}/{@code If-None-Match} precondition did not hold; nothing changed. */
  PRECONDITION_FAILED("precondition-failed", "Precondition failed", 412),
  /** The body is larger than the configured limit. */
  TOO_LARGE("payload-too-large", "Payload too large", 413),
  /**
   * The JSON nests deeper, or holds a longer string, than the configured limits; nothing was read
   * or changed. Also a WebSocket command's error code.
   */
  JSON_LIMIT("json-limit-exceeded", "JSON limit exceeded", 413),
  /** The body's media type is not one the resource reads. */
  UNSUPPORTED_MEDIA_TYPE("unsupported-media-type", "Unsupported media type", 415),
  /** The body parsed but is not acceptable (not an object, schema violations, id mismatch). */
  VALIDATION_FAILED("validation-failed", "Validation failed", 422),
  /** A per-connection or per-client limit was reached (e.g. too many subscriptions). */
  LIMIT_EXCEEDED("limit-exceeded", "Limit exceeded", 429),
  /**
   * A rate limit refused the request (too many requests, connects, messages or failed logins):
   * retry after the {@code Retry-After} the refusal carries ({@link SwitchboardException#retryAfterSeconds}).
   */
  RATE_LIMITED("rate-limited", "Too many requests", 429),
  /** The server could not complete the request (the log says why; the client is not told). */
  INTERNAL("internal", "Internal error", 500),
  /** A dependency (the database) is briefly unavailable or busy: retry after {@link #retryAfterSeconds}. */
  UNAVAILABLE("unavailable", "Service unavailable", 503);

  public final String code;
  public final String title;
  public final int status;

  Problem(String code, String title, int status) {
    this.code = code;
    this.title = title;
    this.status = status;
  }

  /** Seconds to wait before retrying (HTTP {@code Retry-After}), for problems a retry can cure. */
  public Optional<Integer> retryAfterSeconds() {
    return this == UNAVAILABLE || this == RATE_LIMITED ? Optional.of(1) : Optional.empty();
  }

  /** The problem a bare HTTP status stands for (the first of the table with that status), if any. */
  public static Optional<Problem> forStatus(int status) {
    for (Problem problem : values()) {
      if (problem.status == status) {
        return Optional.of(problem);
      }
    }
    return Optional.empty();
  }
}

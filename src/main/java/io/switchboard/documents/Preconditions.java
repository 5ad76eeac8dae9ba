package io.switchboard.documents;

import io.switchboard.model.Document;
import io.switchboard.model.Problem;
import io.switchboard.model.SwitchboardException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The conditional headers of a write (RFC 9110 section 13): {@code If-Match} uses the strong
 * comparison (weak tags never match), {@code If-None-Match} the weak one. A document's entity tag
 * is its version in quotes, e.g. {@code "3"}.
 *
 * @param ifMatch     the raw header value, or null when absent
 * @param ifNoneMatch the raw header value, or null when absent
 */
public record Preconditions(String ifMatch, String ifNoneMatch) {
  public static final Preconditions NONE = new Preconditions(null, null);

  /** The entity tag of a document version. */
  public static String etag(long version) {
    return "\"" + version + "\"";
  }

  /** Throws {@link Problem#PRECONDITION_FAILED} unless the conditions hold for {@code current}. */
  void check(Optional<Document> current) {
    if (ifMatch != null && !(current.isPresent() && ifMatchHolds(ifMatch, current.get().version()))) {
      throw new SwitchboardException(Problem.PRECONDITION_FAILED, current.isPresent()
          ? "If-Match " + ifMatch + " does not match the current version " + etag(current.get().version()) + "."
          : "If-Match " + ifMatch + " was given but the document does not exist.");
    }
    if (ifNoneMatch != null && current.isPresent() && noneMatchFails(ifNoneMatch, current.get().version())) {
      throw new SwitchboardException(Problem.PRECONDITION_FAILED, "If-None-Match " + ifNoneMatch
          + " failed: the document exists with version " + etag(current.get().version()) + ".");
    }
  }

  /** Whether an {@code If-Match} header holds for a document at {@code version} (strong comparison). */
  public static boolean ifMatchHolds(String header, long version) {
    return isAny(header) || tags(header).contains(etag(version));
  }

  /**
   * Whether an {@code If-None-Match} header names a document at {@code version} (weak comparison),
   * so that the condition fails: a GET answers 304, a write 412.
   */
  public static boolean noneMatchFails(String header, long version) {
    String tag = etag(version);
    return isAny(header) || tags(header).stream().anyMatch(t -> t.equals(tag) || t.equals("W/" + tag));
  }

  private static boolean isAny(String header) {
    return header.trim().equals("*");
  }

  /** The entity tags of a header, as written ({@code "3"} or {@code W/"3"}). */
  private static List<String> tags(String header) {
    List<String> tags = new ArrayList<>();
    for (String part : header.split(",")) {
      String tag = part.trim();
      if (!tag.isEmpty()) {
        tags.add(tag);
      }
    }
    return tags;
  }
}

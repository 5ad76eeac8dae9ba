package io.switchboard.documents;

import com.networknt.schema.regex.RegularExpression;
import com.networknt.schema.regex.RegularExpressionFactory;
import io.switchboard.model.Problem;
import io.switchboard.model.SwitchboardException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.jcodings.specific.UTF8Encoding;
import org.joni.Matcher;
import org.joni.Option;
import org.joni.Regex;
import org.joni.Syntax;
import org.joni.exception.JOniException;

/**
 * JSON Schema {@code pattern}s as ECMA-262 regular expressions (what 2020-12 requires), compiled
 * by Joni with its ECMAScript syntax. Every match runs under a time limit: a catastrophic pattern
 * such as {@code (a+)+$} on a long value is refused as a validation failure instead of holding the
 * request thread. A pattern that does not compile is refused naming the pattern and the reason.
 */
final class Patterns implements RegularExpressionFactory {
  /** How long one match may run. */
  static final Duration LIMIT = Duration.ofMillis(100);

  @Override
  public RegularExpression getRegularExpression(String pattern) {
    byte[] bytes = pattern.getBytes(StandardCharsets.UTF_8);
    Regex regex;
    try {
      regex = new Regex(bytes, 0, bytes.length, Option.NONE, UTF8Encoding.INSTANCE, Syntax.ECMAScript);
    } catch (JOniException e) {
      throw new SwitchboardException(Problem.VALIDATION_FAILED,
          "The pattern " + quoted(pattern) + " is not an ECMA-262 regular expression: " + e.getMessage() + ".");
    }
    return value -> matches(regex, pattern, value);
  }

  private static boolean matches(Regex regex, String pattern, String value) {
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    Matcher matcher = regex.matcher(bytes, 0, bytes.length, LIMIT.toNanos());
    try {
      return matcher.searchInterruptible(0, bytes.length, Option.NONE) >= 0;
    } catch (InterruptedException timedOut) {
      // Joni's own time limit (it does not interrupt the thread; a real interrupt is kept).
      throw new SwitchboardException(Problem.VALIDATION_FAILED, "Matching the pattern " + quoted(pattern)
          + " took longer than " + LIMIT.toMillis() + " ms; simplify the pattern.");
    }
  }

  private static String quoted(String pattern) {
    return "'" + (pattern.length() > 200 ? pattern.substring(0, 200) + "…" : pattern) + "'";
  }
}

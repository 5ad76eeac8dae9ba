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

  /**
   * Joni's ECMAScript syntax brought to ES2018: named groups {@code (?<name>…)} and {@code \k<name>}
   * added; Perl's inline options {@code (?i)} and {@code \Q…\E} quoting, which ECMA-262 does not
   * have, removed.
   */
  static final Syntax ECMA_262 = new Syntax("ECMA-262",
      Syntax.ECMAScript.op,
      (Syntax.ECMAScript.op2 & ~Syntax.OP2_OPTION_PERL & ~Syntax.OP2_ESC_CAPITAL_Q_QUOTE)
          | Syntax.OP2_QMARK_LT_NAMED_GROUP | Syntax.OP2_ESC_K_NAMED_BACKREF,
      Syntax.ECMAScript.op3, Syntax.ECMAScript.behavior, Syntax.ECMAScript.options,
      Syntax.ECMAScript.metaCharTable);

  @Override
  public RegularExpression getRegularExpression(String pattern) {
    Regex regex;
    try {
      regex = compile(pattern);
    } catch (JOniException e) {
      throw new SwitchboardException(Problem.VALIDATION_FAILED, "The pattern " + quoted(pattern)
          + " is not an ECMA-262 regular expression: " + e.getMessage() + " at position " + position(pattern, e)
          + ".");
    }
    return value -> matches(regex, pattern, value);
  }

  private static Regex compile(String pattern) {
    byte[] bytes = pattern.getBytes(StandardCharsets.UTF_8);
    return new Regex(bytes, 0, bytes.length, Option.NONE, UTF8Encoding.INSTANCE, ECMA_262);
  }

  /**
   * Where a pattern goes wrong (a 0-based UTF-16 index, as JavaScript counts), since Joni does not
   * say: the end, when the pattern stops inside a construct; otherwise the last character of the
   * shortest prefix that already fails for a reason other than stopping early.
   */
  static int position(String pattern, JOniException error) {
    if (!truncated(error) && pattern.length() <= 1_000) {
      for (int end = 1; end <= pattern.length(); end = pattern.offsetByCodePoints(end, 1)) {
        try {
          compile(pattern.substring(0, end));
        } catch (JOniException e) {
          if (!truncated(e)) {
            return pattern.offsetByCodePoints(end, -1);
          }
        }
        if (end == pattern.length()) {
          break;
        }
      }
    }
    return pattern.length();
  }

  /** Whether Joni refused a pattern because it ended inside a group, class, escape or name. */
  private static boolean truncated(JOniException e) {
    String message = String.valueOf(e.getMessage());
    return message.startsWith("end pattern") || message.startsWith("premature end")
        || message.contains("never terminated") || message.startsWith("too short");
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

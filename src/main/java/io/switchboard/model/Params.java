package io.switchboard.model;

/** The one parser of bounded whole-number parameters ({@code limit}, {@code wait}, …) of every transport. */
public final class Params {
  private Params() {}

  /**
   * {@code text} as a whole number from {@code min} to {@code max}; {@code fallback} when it is null or
   * blank. Anything else is {@link Problem#INVALID_REQUEST}, naming the parameter and its range.
   */
  public static int bounded(String name, String text, int fallback, int min, int max) {
    if (text == null || text.isBlank()) {
      return fallback;
    }
    try {
      int value = Integer.parseInt(text.trim());
      if (value >= min && value <= max) {
        return value;
      }
    } catch (NumberFormatException ignored) {
      // Reported below, like an out-of-range number.
    }
    throw new SwitchboardException(Problem.INVALID_REQUEST,
        "'" + name + "' must be a whole number from " + min + " to " + max + ", got '" + text + "'.");
  }
}

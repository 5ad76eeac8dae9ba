package io.switchboard.model;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.stream.Collectors;

/**
 * The one configured Jackson mapper: exact decimals, duplicate keys rejected, trailing tokens
 * rejected. Immutable and thread-safe.
 */
public final class Json {
  public static final ObjectMapper MAPPER = configured(JsonMapper.builder()).build();

  private Json() {}

  /** This server's settings on a mapper builder: every mapper that reads client input has them. */
  static JsonMapper.Builder configured(JsonMapper.Builder builder) {
    return builder.nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
        .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
  }

  /**
   * Parses any JSON value; a syntax error becomes {@link Problem#MALFORMED_JSON}, naming where it
   * is and what went wrong but never quoting the input (it may be a password or a token).
   */
  public static JsonNode parse(byte[] bytes) {
    return parse(MAPPER, bytes);
  }

  /** {@link #parse(byte[])} with {@code mapper}'s read constraints ({@link JsonInput}); exceeding one is {@link Problem#JSON_LIMIT}. */
  static JsonNode parse(ObjectMapper mapper, byte[] bytes) {
    try {
      JsonNode node = mapper.readTree(bytes);
      if (node == null || node.isMissingNode()) {
        throw new SwitchboardException(Problem.MALFORMED_JSON, "The request body is empty; a JSON document is required.");
      }
      return node;
    } catch (StreamConstraintsException e) {
      throw new SwitchboardException(Problem.JSON_LIMIT, exceeded(e, mapper.getFactory().streamReadConstraints()));
    } catch (JsonProcessingException e) {
      throw new SwitchboardException(Problem.MALFORMED_JSON, "The request body is not valid JSON"
          + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column "
          + e.getLocation().getColumnNr() + ")") + ": " + reason(e) + ".");
    } catch (java.io.IOException e) {
      throw new SwitchboardException(Problem.MALFORMED_JSON, "The request body could not be read.");
    }
  }

  /** Which limit the input passed, in our words (Jackson's name its internals). */
  private static String exceeded(StreamConstraintsException e, StreamReadConstraints limits) {
    String message = String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT);
    if (message.contains("nesting depth")) {
      return "The JSON nests arrays and objects deeper than the limit of " + limits.getMaxNestingDepth() + " levels.";
    }
    if (message.contains("name length")) {
      return "A JSON field name is longer than the limit of " + limits.getMaxNameLength() + " characters.";
    }
    if (message.contains("string value length")) {
      return "A JSON string is longer than the limit of " + limits.getMaxStringLength() + " characters.";
    }
    return "The JSON exceeds a limit of this server (number length, or size).";
  }

  /** What is wrong, without the input's text (Jackson's messages quote the offending token). */
  private static String reason(JsonProcessingException e) {
    String message = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
    if (message.startsWith("Duplicate field")) {
      return "a field is given twice";
    }
    if (message.contains("end-of-input") || message.contains("end of input")) {
      return "it ends too early";
    }
    if (message.contains("Trailing token")) {
      return "there is data after the document";
    }
    return "unexpected character or token";
  }

  /** Parses text stored by this server (never client input). */
  public static JsonNode parseStored(String text) {
    try {
      return MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Stored JSON is corrupt", e);
    }
  }

  /** Parses a JSON object, or fails with {@link Problem#VALIDATION_FAILED} for any other value. */
  public static ObjectNode parseObject(byte[] bytes) {
    return parseObject(MAPPER, bytes);
  }

  static ObjectNode parseObject(ObjectMapper mapper, byte[] bytes) {
    JsonNode node = parse(mapper, bytes);
    if (!node.isObject()) {
      throw new SwitchboardException(Problem.VALIDATION_FAILED,
          "A document must be a JSON object, not " + node.getNodeType().name().toLowerCase(java.util.Locale.ROOT) + ".");
    }
    return (ObjectNode) node;
  }

  /**
   * What a client is told when a value did not bind to its field: {@code "topics" must be an
   * array.}, naming the field by its path ({@code whole} for the value itself).
   */
  public static String mismatch(MismatchedInputException e, String whole) {
    String field = e.getPath().isEmpty() ? whole : e.getPath().stream()
        .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
        .collect(Collectors.joining("."));
    return "\"" + field + "\" must be " + expected(e.getTargetType()) + ".";
  }

  private static String expected(Class<?> type) {
    if (type == String.class) {
      return "a string";
    }
    if (type == Boolean.class || type == boolean.class) {
      return "true or false";
    }
    if (type == Long.class || type == long.class || type == Integer.class || type == int.class) {
      return "a whole number";
    }
    return type != null && java.util.Collection.class.isAssignableFrom(type) ? "an array" : "of another type";
  }

  public static String write(JsonNode node) {
    try {
      return MAPPER.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("A JSON tree could not be written", e);
    }
  }
}

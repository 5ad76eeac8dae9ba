package io.switchboard.documents;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.model.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The cases of the JSON Patch community suite (src/test/resources/json-patch-tests), as the
 * patcher's test ({@code JsonPatchSuiteTest}) and the REST sample ({@code JsonPatchRestIT}) run
 * them. A Switchboard document is always an object, so a case whose document is not one runs as
 * the property {@code doc} of an object, its paths prefixed with {@code /doc}.
 */
public final class JsonPatchCases {
  private static final ObjectMapper LENIENT = new ObjectMapper();

  private JsonPatchCases() {}

  /**
   * One case. {@code rawPatch} is the patch's source text: it may hold a duplicate member, which
   * the server's strict parser refuses (400) before any patching.
   */
  public record Case(String name, JsonNode spec, String rawPatch, boolean wrapped) {
    /** The document to patch (a copy). */
    public ObjectNode doc() {
      return wrapped ? JsonNodeFactory.instance.objectNode().set("doc", spec.path("doc").deepCopy())
          : (ObjectNode) spec.path("doc").deepCopy();
    }

    /** The patch, its paths prefixed with {@code /doc} when the document is wrapped. */
    public JsonNode patch() {
      JsonNode patch = spec.path("patch");
      if (!wrapped || !patch.isArray()) {
        return patch;
      }
      ArrayNode out = JsonNodeFactory.instance.arrayNode();
      for (JsonNode op : patch) {
        ObjectNode copy = op.deepCopy();
        for (String field : List.of("path", "from")) {
          if (copy.path(field).isTextual()) {
            copy.put(field, "/doc" + copy.path(field).asText());
          }
        }
        out.add(copy);
      }
      return out;
    }

    /** Whether the suite expects a refusal. */
    public boolean refused() {
      return spec.has("error");
    }

    /** What the patched document must be (unwrapped), numbers normalised as {@link #normal} does. */
    public JsonNode expected() {
      return normal(spec.has("expected") ? spec.path("expected") : spec.path("doc"));
    }

    /** {@code result} unwrapped and normalised, to compare with {@link #expected}. */
    public JsonNode actual(JsonNode result) {
      return normal(wrapped ? result.path("doc") : result);
    }
  }

  /**
   * The cases of {@code file} ({@code tests.json} or {@code spec_tests.json}); those that cannot
   * run are added to {@code excluded} with the reason: marked {@code disabled} by the suite, or
   * replacing a non-object document as a whole ({@code ""} paths), which no document can be.
   */
  public static List<Case> load(String file, List<String> excluded) {
    try (InputStream in = JsonPatchCases.class.getResourceAsStream("/json-patch-tests/" + file)) {
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      List<Case> cases = new ArrayList<>();
      int i = 0;
      try (JsonParser parser = LENIENT.getFactory().createParser(text)) {
        parser.nextToken();
        while (parser.nextToken() == JsonToken.START_OBJECT) {
          int start = (int) parser.currentTokenLocation().getCharOffset();
          String rawPatch = null;
          while (parser.nextToken() == JsonToken.FIELD_NAME) {
            boolean isPatch = parser.currentName().equals("patch");
            parser.nextToken();
            int from = (int) parser.currentTokenLocation().getCharOffset();
            parser.skipChildren();
            if (isPatch) {
              rawPatch = text.substring(from, (int) parser.currentLocation().getCharOffset());
            }
          }
          JsonNode spec = LENIENT.readTree(text.substring(start, (int) parser.currentLocation().getCharOffset()));
          String name = file + " #" + ++i + ": " + spec.path("comment").asText(spec.path("error").asText("(no comment)"));
          boolean wrapped = !spec.path("doc").isObject();
          if (spec.path("disabled").asBoolean(false)) {
            excluded.add(name + " (disabled by the suite)");
          } else if (wrapped && wholeDocument(spec.path("patch"))) {
            excluded.add(name + " (replaces a non-object document as a whole: a document is always an object)");
          } else {
            cases.add(new Case(name, spec, rawPatch, wrapped));
          }
        }
      }
      return cases;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static boolean wholeDocument(JsonNode patch) {
    for (JsonNode op : patch.isArray() ? patch : JsonNodeFactory.instance.arrayNode()) {
      if ("".equals(op.path("path").asText(null)) || "".equals(op.path("from").asText(null))) {
        return true;
      }
    }
    return false;
  }

  /** Numbers compared by value (1 and 1.0 alike), as JSON does. */
  static JsonNode normal(JsonNode node) {
    return Json.parseStored(Json.write(node).replaceAll("(?<=[:\\[,])(-?\\d+)\\.0(?=[,\\]}])", "$1"));
  }
}

package io.switchboard.documents;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.AbsoluteIri;
import com.networknt.schema.InvalidSchemaRefException;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaException;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import com.networknt.schema.resource.AllowSchemaLoader;
import io.switchboard.model.Problem;
import io.switchboard.model.SwitchboardException;
import io.switchboard.model.SwitchboardException.FieldError;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * JSON Schema 2020-12 validation (networknt json-schema-validator), with ECMA-262 patterns
 * bounded in time ({@link Patterns}). Schemas may only reference
 * themselves and the bundled meta-schemas: remote {@code $ref}s are never fetched, so setting a
 * schema cannot make the server call out. Compiled schemas are cached by their text. Thread-safe.
 */
final class Schemas {
  private static final String META_SCHEMA = "https://json-schema.org/draft/2020-12/schema";

  private final JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012,
      builder -> builder.schemaLoaders(loaders -> loaders.add(new AllowSchemaLoader(Schemas::bundled))));
  private final SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().pathType(PathType.JSON_POINTER)
      .regularExpressionFactory(new Patterns()).formatAssertionsEnabled(true).build();
  /** The meta-schema leaves {@code format} an annotation: compiling the schema then names a bad pattern. */
  private final JsonSchema metaSchema = factory.getSchema(SchemaLocation.of(META_SCHEMA),
      SchemaValidatorsConfig.builder().pathType(PathType.JSON_POINTER).build());
  private final Map<String, JsonSchema> compiled = new ConcurrentHashMap<>();

  /** Only the 2020-12 meta-schemas bundled with the validator (mapped to the class path) may be loaded. */
  private static boolean bundled(AbsoluteIri iri) {
    return iri.toString().startsWith("classpath:draft/2020-12/");
  }

  /** Checks that {@code schema} is a valid 2020-12 schema, or fails with the reasons. */
  void checkSchema(JsonNode schema) {
    if (!schema.isObject() && !schema.isBoolean()) {
      throw new SwitchboardException(Problem.VALIDATION_FAILED, "A JSON Schema must be an object or a boolean.");
    }
    fail("The JSON Schema is not a valid 2020-12 schema.", metaSchema.validate(schema));
    try {
      compile(schema).initializeValidators();
    } catch (RuntimeException e) {
      for (Throwable cause = e; cause != null; cause = cause.getCause()) {
        if (cause instanceof SwitchboardException refused) {
          throw refused; // a pattern that is not ECMA-262 (see Patterns), named
        }
      }
      throw unresolved(schema, e);
    }
  }

  /** A schema whose {@code $ref} cannot be resolved, naming the reference and where it is. */
  private static SwitchboardException unresolved(JsonNode schema, RuntimeException e) {
    String ref = null;
    if (e instanceof JsonSchemaException failed && failed.getValidationMessage() != null
        && failed.getValidationMessage().getArguments().length > 0) {
      ref = String.valueOf(failed.getValidationMessage().getArguments()[0]);
      ref = e instanceof InvalidSchemaRefException ? "#" + ref : ref; // a fragment, given without its '#'
    }
    String detail = "The JSON Schema cannot be used: " + (ref == null ? "it references a document that"
        : "its $ref '" + ref + "'") + " cannot be resolved (only references within the schema and to the"
        + " 2020-12 meta-schemas are allowed).";
    String at = ref == null ? null : locate(schema, ref, "");
    return at == null ? new SwitchboardException(Problem.VALIDATION_FAILED, detail)
        : new SwitchboardException(Problem.VALIDATION_FAILED, detail, List.of(new FieldError(at, detail)));
  }

  /** The JSON Pointer of the first {@code $ref} in {@code node} whose value is {@code ref}, or null. */
  private static String locate(JsonNode node, String ref, String pointer) {
    if (node.isObject() && ref.equals(node.path("$ref").asText(null))) {
      return pointer + "/$ref";
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      String found = locate(field.getValue(), ref, pointer + "/" + field.getKey().replace("~", "~0").replace("/", "~1"));
      if (found != null) {
        return found;
      }
    }
    for (int i = 0; node.isArray() && i < node.size(); i++) {
      String found = locate(node.get(i), ref, pointer + "/" + i);
      if (found != null) {
        return found;
      }
    }
    return null;
  }

  /** Validates a document's data against {@code schema}; lists every violation. */
  void validate(JsonNode schema, JsonNode data) {
    fail("The document does not match the collection's JSON Schema.", compile(schema).validate(data));
  }

  private JsonSchema compile(JsonNode schema) {
    if (compiled.size() > 1000) {
      compiled.clear();
    }
    return compiled.computeIfAbsent(schema.toString(), text -> factory.getSchema(schema, config));
  }

  /** The failing field as a JSON Pointer; a missing required property is named itself. */
  private static String field(ValidationMessage message) {
    String location = message.getInstanceLocation().toString();
    return "required".equals(message.getType()) ? location + "/" + message.getProperty() : location;
  }

  private static void fail(String detail, Set<ValidationMessage> messages) {
    if (messages.isEmpty()) {
      return;
    }
    List<FieldError> errors = messages.stream()
        .map(m -> new FieldError(field(m), m.getMessage()))
        .sorted(Comparator.comparing(FieldError::field).thenComparing(FieldError::message))
        .toList();
    throw new SwitchboardException(Problem.VALIDATION_FAILED, detail, errors);
  }
}

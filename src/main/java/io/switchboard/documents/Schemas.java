package io.switchboard.documents;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.AbsoluteIri;
import com.networknt.schema.JsonSchema;
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
      .regularExpressionFactory(new Patterns()).build();
  private final JsonSchema metaSchema = factory.getSchema(SchemaLocation.of(META_SCHEMA), config);
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
      throw new SwitchboardException(Problem.VALIDATION_FAILED, "The JSON Schema cannot be used: it references a"
          + " document that cannot be resolved (only references within the schema and to the 2020-12 meta-schemas"
          + " are allowed).");
    }
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

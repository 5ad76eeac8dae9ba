package io.switchboard.documents;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.AbsoluteIri;
import com.networknt.schema.Error;
import com.networknt.schema.InvalidSchemaRefException;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaException;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.keyword.DynamicRefValidator;
import com.networknt.schema.keyword.KeywordValidator;
import com.networknt.schema.path.NodePath;
import com.networknt.schema.path.PathType;
import com.networknt.schema.resource.MetaSchemaIdResolver;
import io.switchboard.model.Json;
import io.switchboard.model.Problem;
import io.switchboard.model.SwitchboardException;
import io.switchboard.model.SwitchboardException.FieldError;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * JSON Schema 2020-12 validation (networknt json-schema-validator 3.x, on Jackson 3 copies of the
 * server's trees: {@link Jackson3}), with ECMA-262 patterns bounded in time ({@link Patterns}).
 * Schemas may only reference themselves and the bundled meta-schemas: remote {@code $ref}s are never
 * fetched, so setting a schema cannot make the server call out. Compiled schemas are cached by
 * their text. Thread-safe.
 */
final class Schemas {
  private static final String META_SCHEMA = "https://json-schema.org/draft/2020-12/schema";
  /** The values {@code $schema} may take: 2020-12 only (another draft would switch to its rules). */
  private static final Set<String> DIALECTS = Set.of(META_SCHEMA, META_SCHEMA + "#");
  /**
   * The only resources a schema may load: the nine 2020-12 meta-schemas bundled with the validator,
   * by exact name. A prefix would not do: the class loader resolves dot segments, so
   * {@code classpath:draft/2020-12/../../x.json} would reach any resource of the web application.
   */
  private static final Set<String> BUNDLED = Set.of("schema", "meta/core", "meta/applicator", "meta/unevaluated",
      "meta/validation", "meta/meta-data", "meta/format-annotation", "meta/format-assertion", "meta/content")
      .stream().map(name -> "classpath:draft/2020-12/" + name).collect(Collectors.toUnmodifiableSet());
  /** Values every schema is tried on when it is set, so a reference loop reached by any value is refused then. */
  private static final List<JsonNode> PROBES = List.of(Json.MAPPER.nullNode(), Json.MAPPER.createObjectNode(),
      Json.MAPPER.createArrayNode(), Json.MAPPER.getNodeFactory().numberNode(0), Json.MAPPER.getNodeFactory().textNode(""));
  /** The keywords whose values are subschemas: a map of them, a list of them, or one. */
  private static final Set<String> SCHEMA_MAPS = Set.of("properties", "patternProperties", "$defs",
      "dependentSchemas");
  private static final Set<String> SCHEMA_LISTS = Set.of("allOf", "anyOf", "oneOf", "prefixItems");
  private static final Set<String> SCHEMA_VALUES = Set.of("items", "contains", "not", "if", "then", "else",
      "additionalProperties", "propertyNames", "unevaluatedItems", "unevaluatedProperties", "contentSchema");
  private static final String ONLY_LOCAL = " cannot be resolved (only references within the schema and to the"
      + " 2020-12 meta-schemas are allowed).";
  /**
   * The validator logs every bad pattern and unknown keyword of a submitted schema at SEVERE or
   * WARNING: a client could fill the log at will, and the caller already gets the reason in its 422.
   * Held here so the level sticks (JUL keeps loggers weakly).
   */
  private static final Logger VALIDATOR_LOG = Logger.getLogger("com.networknt.schema");

  static {
    VALIDATOR_LOG.setLevel(Level.OFF);
  }

  /** Remote resources are not fetched (the loader's default); the allow list keeps out the rest of the class path. */
  private final SchemaRegistry registry = registry(SchemaRegistryConfig.builder().pathType(PathType.JSON_POINTER)
      .regularExpressionFactory(new Patterns()).formatAssertionsEnabled(true).build());
  /** The meta-schema leaves {@code format} an annotation: compiling the schema then names a bad pattern. */
  private final Schema metaSchema = registry(SchemaRegistryConfig.builder().pathType(PathType.JSON_POINTER).build())
      .getSchema(SchemaLocation.of(META_SCHEMA));
  private final Map<String, Schema> compiled = new ConcurrentHashMap<>();

  /** A registry's configuration is shared by all its schemas (networknt 2.x+). */
  private static SchemaRegistry registry(SchemaRegistryConfig config) {
    return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
        builder -> builder.schemaRegistryConfig(config).schemaLoader(loader -> loader.allow(Schemas::bundled)));
  }

  /** The loader asks before it maps a meta-schema IRI to the class path, so it is mapped here as it will be. */
  private static boolean bundled(AbsoluteIri iri) {
    AbsoluteIri mapped = MetaSchemaIdResolver.getInstance().resolve(iri);
    return BUNDLED.contains(String.valueOf(mapped == null ? iri : mapped));
  }

  /** Checks that {@code schema} is a valid 2020-12 schema that can be applied, or fails with the reasons. */
  void checkSchema(JsonNode schema) {
    if (!schema.isObject() && !schema.isBoolean()) {
      throw new SwitchboardException(Problem.VALIDATION_FAILED, "A JSON Schema must be an object or a boolean.");
    }
    fail("The JSON Schema is not a valid 2020-12 schema.", metaSchema.validate(Jackson3.of(schema)));
    // Another $schema would switch the validator to that draft's rules (draft-07 ignores a $ref's siblings).
    eachSubschema(schema, "", null, (node, pointer, path) -> {
      JsonNode dialect = node.get("$schema");
      if (dialect != null && dialect.isTextual() && !DIALECTS.contains(dialect.textValue())) {
        throw refused("its $schema '" + dialect.textValue() + "' is not " + META_SCHEMA
            + " (only JSON Schema 2020-12 is supported).", pointer + "/$schema");
      }
    });
    try {
      Schema compiled = compile(schema);
      compiled.initializeValidators();
      // networknt 3.x resolves a $dynamicRef only when a value is validated against it (1.5.9: when
      // the schema was initialized), so one that cannot be resolved would fail every write instead.
      eachSubschema(schema, "", new NodePath(PathType.JSON_POINTER), (node, pointer, path) -> {
        JsonNode dynamicRef = node.get("$dynamicRef");
        if (dynamicRef != null && dynamicRef.isTextual() && !resolves(compiled, path)) {
          throw unresolved("$dynamicRef", dynamicRef.textValue(), pointer + "/$dynamicRef");
        }
      });
      for (JsonNode probe : PROBES) {
        apply(compiled, probe, "The JSON Schema cannot be used");
      }
    } catch (RuntimeException e) {
      for (Throwable cause = e; cause != null; cause = cause.getCause()) {
        if (cause instanceof SwitchboardException refused) {
          throw refused; // a pattern that is not ECMA-262 (see Patterns), an unresolved $dynamicRef, a loop: named
        }
      }
      throw unresolved(schema, e);
    }
  }

  /**
   * The validator's errors for {@code data}. A schema whose references loop without consuming the
   * value ({@code a -> b -> a}) recurses until the stack overflows; that is the schema's fault and
   * is answered as a 422 naming it, never a 500.
   */
  private static List<Error> apply(Schema compiled, JsonNode data, String context) {
    try {
      return compiled.validate(Jackson3.of(data));
    } catch (StackOverflowError loop) {
      throw refused("its references loop without end (a $ref or $dynamicRef chain that leads back to"
          + " itself without descending into the value).", null, context);
    }
  }

  private static SwitchboardException refused(String why, String at) {
    return refused(why, at, "The JSON Schema cannot be used");
  }

  private static SwitchboardException refused(String why, String at, String context) {
    String detail = context + ": " + why;
    return at == null ? new SwitchboardException(Problem.VALIDATION_FAILED, detail)
        : new SwitchboardException(Problem.VALIDATION_FAILED, detail, List.of(new FieldError(at, detail)));
  }

  /** A schema whose {@code $ref} cannot be resolved, naming the reference and where it is. */
  private static SwitchboardException unresolved(JsonNode schema, RuntimeException e) {
    String ref = null;
    if (e instanceof SchemaException failed && failed.getError() != null
        && failed.getError().getArguments() != null && failed.getError().getArguments().length > 0) {
      ref = String.valueOf(failed.getError().getArguments()[0]);
      ref = e instanceof InvalidSchemaRefException ? "#" + ref : ref; // a fragment, given without its '#'
    }
    return ref == null ? refused("it references a document that" + ONLY_LOCAL, null)
        : unresolved("$ref", ref, locate(schema, ref, ""));
  }

  private static SwitchboardException unresolved(String keyword, String ref, String at) {
    return refused("its " + keyword + " '" + ref + "'" + ONLY_LOCAL, at);
  }

  /** What is done with each subschema: its node, its JSON Pointer, and its path for the validator (or null). */
  private interface Visit {
    void at(JsonNode node, String pointer, NodePath path);
  }

  /** Visits {@code node} and every subschema in a 2020-12 subschema position under it. */
  private static void eachSubschema(JsonNode node, String pointer, NodePath path, Visit visit) {
    if (!node.isObject()) {
      return;
    }
    visit.at(node, pointer, path);
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      String keyword = field.getKey();
      JsonNode value = field.getValue();
      String at = pointer + "/" + escape(keyword);
      if (SCHEMA_VALUES.contains(keyword)) {
        eachSubschema(value, at, path == null ? null : path.append(keyword), visit);
      } else if (SCHEMA_LISTS.contains(keyword) && value.isArray()) {
        for (int i = 0; i < value.size(); i++) {
          eachSubschema(value.get(i), at + "/" + i, path == null ? null : path.append(keyword).append(i), visit);
        }
      } else if (SCHEMA_MAPS.contains(keyword) && value.isObject()) {
        for (Iterator<Map.Entry<String, JsonNode>> sub = value.fields(); sub.hasNext(); ) {
          Map.Entry<String, JsonNode> entry = sub.next();
          eachSubschema(entry.getValue(), at + "/" + escape(entry.getKey()),
              path == null ? null : path.append(keyword).append(entry.getKey()), visit);
        }
      }
    }
  }

  private static String escape(String token) {
    return token.replace("~", "~0").replace("/", "~1");
  }

  /** Whether every {@code $dynamicRef} of the subschema at {@code path} of {@code compiled} finds its target. */
  private static boolean resolves(Schema compiled, NodePath path) {
    try {
      Schema schema = path.getNameCount() == 0 ? compiled : compiled.getSubSchema(path);
      for (KeywordValidator validator : schema.getValidators()) {
        if (validator instanceof DynamicRefValidator dynamic
            && dynamic.getSchemaRef(schema.createExecutionContext()).getSchema() == null) {
          return false;
        }
      }
      return true;
    } catch (RuntimeException e) {
      return false; // the library could not load the target
    }
  }

  /** The JSON Pointer of the first {@code $ref} in {@code node} whose value is {@code ref}, or null. */
  private static String locate(JsonNode node, String ref, String pointer) {
    if (node.isObject() && ref.equals(node.path("$ref").asText(null))) {
      return pointer + "/$ref";
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      String found = locate(field.getValue(), ref, pointer + "/" + escape(field.getKey()));
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
    fail("The document does not match the collection's JSON Schema.",
        apply(compile(schema), data, "The collection's JSON Schema cannot be applied to this document"));
  }

  private Schema compile(JsonNode schema) {
    if (compiled.size() > 1000) {
      compiled.clear();
    }
    return compiled.computeIfAbsent(schema.toString(), text -> registry.getSchema(Jackson3.of(schema)));
  }

  /** The failing field as a JSON Pointer; a missing required property is named itself. */
  private static String field(Error message) {
    String location = message.getInstanceLocation().toString();
    return "required".equals(message.getKeyword()) ? location + "/" + message.getProperty() : location;
  }

  private static void fail(String detail, List<Error> messages) {
    if (messages.isEmpty()) {
      return;
    }
    List<FieldError> errors = messages.stream()
        // 1.5.9's messages began with the instance location ("/priority: must ..."); 2.x+ leave it out
        .map(m -> new FieldError(field(m), m.getInstanceLocation() + ": " + m.getMessage()))
        .sorted(Comparator.comparing(FieldError::field).thenComparing(FieldError::message))
        .toList();
    throw new SwitchboardException(Problem.VALIDATION_FAILED, detail, errors);
  }
}

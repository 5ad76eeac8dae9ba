package io.switchboard.documents;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.access.Access;
import io.switchboard.access.AccessRules;
import io.switchboard.model.Document;
import io.switchboard.model.Identity;
import io.switchboard.model.Json;
import io.switchboard.model.SwitchboardException;
import io.switchboard.store.Database;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Random and hostile schemas, documents, list queries (filter fields are dotted pointers) and
 * patches thrown at the document service over a real SQLite file, and mangled bytes at the JSON
 * parser: every call ends in a result or a Switchboard 4xx problem, never another exception (which
 * the server would answer with a 500), and a refused call changes nothing: not the schema, not the
 * documents, not the event log. Seeded, so a failure reproduces.
 */
class ServiceFuzzTest {
  private static final Identity ALICE = new Identity("alice", Set.of(), "basic", null, null);
  private static final JsonNodeFactory F = JsonNodeFactory.instance;
  private static final List<String> KEYWORDS = List.of("type", "properties", "required", "pattern", "patternProperties",
      "minimum", "maxLength", "enum", "const", "items", "prefixItems", "additionalProperties", "allOf", "anyOf",
      "oneOf", "not", "$ref", "$defs", "$id", "$anchor", "$dynamicRef", "format", "if", "then", "unevaluatedProperties",
      "contains", "minContains", "dependentRequired", "propertyNames", "multipleOf", "$schema", "x-unknown");
  private static final List<String> PATTERNS = List.of("^a+$", "(a+)+$", "a(b", "[z-a]", "\\p{Letter}", "(?<n>x)\\k<n>",
      "(?i)a", "\\", "^(?=a)", "x{2,1}", "[[:alpha:]]", "");
  private static final List<String> REFS = List.of("#", "#/$defs/a", "#/$defs/b", "#/$defs/missing", "#/properties/a", "#a",
      "classpath:draft/2020-12/../../not-a-meta-schema/secret.json", "classpath:draft-07/schema",
      "other.json", "http://127.0.0.1:1/x.json", "https://json-schema.org/draft/2020-12/schema", "urn:x", "#/~2", "#%zz");
  private static final List<String> FORMATS = List.of("email", "date-time", "uuid", "regex", "ipv4", "uri", "nope", "");
  private static final List<String> FIELDS = List.of("a", "b", "a.b", "0", "id", "version", "owner", "createdAt",
      "updatedAt", "", ".", "a..b", "é", "a/b", "~1", "$", "a.b.c.d.e.f.g.h.i", "limit", "sort", "x'y", "\"q\"");
  private static final List<String> OPS = List.of("", ":gt", ":lt", ":gte", ":lte", ":ne", ":in", ":contains",
      ":exists", ":prefix", ":", ":GT", ":eq:eq");
  @TempDir
  Path dir;
  private final Random random = new Random(20);
  private final Fuzz values = new Fuzz(random);
  private Database db;
  private DocumentService service;
  private int refused;

  @BeforeEach
  void open() {
    db = DocumentServiceTest.database(dir);
    service = new DocumentService(db, Access.of(AccessRules.defaults()), Clock.systemUTC(), 50, 1000, e -> { });
  }

  @AfterEach
  void close() {
    db.close();
  }

  private <T> T pick(List<T> list) {
    return list.get(random.nextInt(list.size()));
  }

  private JsonNode schema(int depth) {
    if (depth > 3 || random.nextInt(8) == 0) {
      return random.nextInt(3) == 0 ? F.booleanNode(random.nextBoolean()) : values.value(2);
    }
    ObjectNode schema = F.objectNode();
    for (int i = random.nextInt(4); i > 0; i--) {
      String keyword = pick(KEYWORDS);
      schema.set(keyword, switch (keyword) {
        case "type" -> F.textNode(pick(List.of("object", "string", "number", "integer", "array", "null", "boolean", "nope")));
        case "pattern" -> F.textNode(pick(PATTERNS));
        case "$ref", "$dynamicRef" -> F.textNode(pick(REFS));
        case "format" -> F.textNode(pick(FORMATS));
        case "$schema" -> F.textNode(pick(List.of("https://json-schema.org/draft/2020-12/schema",
            "http://json-schema.org/draft-07/schema#", "https://json-schema.org/draft/2019-09/schema", "urn:x")));
        case "properties", "patternProperties", "$defs", "dependentRequired" -> {
          ObjectNode members = F.objectNode();
          for (int j = random.nextInt(3); j > 0; j--) {
            members.set(keyword.equals("patternProperties") ? pick(PATTERNS) : pick(FIELDS), schema(depth + 1));
          }
          yield members;
        }
        case "allOf", "anyOf", "oneOf", "prefixItems" -> {
          ArrayNode list = F.arrayNode();
          for (int j = random.nextInt(3); j > 0; j--) {
            list.add(schema(depth + 1));
          }
          yield list;
        }
        case "required", "enum" -> {
          ArrayNode list = F.arrayNode();
          for (int j = random.nextInt(3); j > 0; j--) {
            list.add(random.nextBoolean() ? F.textNode(pick(FIELDS)) : values.value(2));
          }
          yield list;
        }
        default -> random.nextBoolean() ? schema(depth + 1) : values.value(2);
      });
    }
    return schema;
  }

  private ObjectNode body() {
    ObjectNode body = values.object(0);
    for (int i = random.nextInt(3); i > 0; i--) {
      String field = pick(FIELDS);
      body.set(field, switch (random.nextInt(4)) {
        case 0 -> F.textNode(pick(List.of("zoe@example.com", "not an address", "2026-12-02T10:00:00Z", "aaaa",
            "a".repeat(40) + "!", "0198f0c2-7d1e-7c3a-9b4e-2f1d3c4b5a69")));
        case 1 -> F.numberNode(random.nextInt(3) == 0 ? Long.MAX_VALUE : random.nextInt(10));
        case 2 -> F.numberNode(new BigDecimal("1e400"));
        default -> values.value(0);
      });
    }
    return body;
  }

  private Map<String, List<String>> query() {
    Map<String, List<String>> params = new LinkedHashMap<>();
    for (int i = random.nextInt(4); i > 0; i--) {
      params.put(pick(FIELDS) + pick(OPS), List.of(pick(List.of("1", "x", "null", "true", "\"10\"", "", "a,b", "1e999",
          "-0", "[]", "zoe@example.com"))));
    }
    if (random.nextInt(3) == 0) {
      params.put("sort", List.of(pick(List.of("a", "-a", "a,-b", "id", "-", "", ",", "a.b", "version,-createdAt", "nope!"))));
    }
    if (random.nextInt(4) == 0) {
      params.put("limit", List.of(pick(List.of("0", "1", "-1", "1001", "x", "99999999999999999999", ""))));
    }
    if (random.nextInt(5) == 0) {
      params.put("after", List.of(pick(List.of("", "x", "eyJ9", "AAAA", "!!", "eyJrIjpbMV0sImlkIjoiYSJ9"))));
    }
    if (random.nextInt(5) == 0) {
      params.put("count", List.of(pick(List.of("true", "false", "1"))));
    }
    return params;
  }

  /** Runs {@code call}; a Switchboard 4xx is a refusal (counted, and then {@code state} must not have moved). */
  private void attempt(String what, Supplier<Object> state, Runnable call) {
    Object before = state.get();
    try {
      call.run();
      return;
    } catch (SwitchboardException e) {
      refused++;
      assertTrue(e.problem().status >= 400 && e.problem().status < 500, e.problem() + " for " + what);
    } catch (RuntimeException e) {
      fail("a " + e.getClass().getName() + " (a 500) for " + what, e);
    }
    assertEquals(before, state.get(), "a refusal changed something: " + what);
  }

  /** The collection's schema, documents and the log's end: what a refusal must leave alone. */
  private Object state(String collection) {
    JsonNode schema = db.read(tx -> tx.documents().schema(collection).orElse(null));
    List<JsonNode> docs = all(collection).stream().map(Document::toJson).map(JsonNode.class::cast).toList();
    return List.of(String.valueOf(schema), docs, db.read(tx -> tx.log().lastSeq()));
  }

  private List<Document> all(String collection) {
    return service.list(ALICE, collection, Map.of("limit", List.of("1000"))).value().items();
  }

  @Test
  void no_schema_document_query_or_patch_ends_in_anything_but_a_result_or_a_4xx_and_refusals_change_nothing() {
    int calls = 0;
    for (int round = 0; round < 300; round++) {
      String c = "fuzz" + round % 10;
      Supplier<Object> state = () -> state(c);
      JsonNode schema = schema(0);
      attempt("the schema " + schema, state, () -> service.setSchema(c, schema));
      for (int i = 0; i < 5; i++) {
        ObjectNode body = body();
        attempt("the document " + body, state, () -> service.create(ALICE, c, body));
        Map<String, List<String>> query = query();
        attempt("the query " + query, state, () -> service.list(ALICE, c, query));
        List<Document> docs = all(c);
        if (!docs.isEmpty()) {
          Document target = docs.get(random.nextInt(docs.size()));
          boolean json = random.nextBoolean();
          JsonNode patch = json ? values.jsonPatch() : values.value(0);
          attempt("the patch " + patch + " of " + target.toJson(), state, () -> service.patch(ALICE, c, target.id(),
              json ? Patches.JSON_PATCH : Patches.MERGE, patch, Preconditions.NONE));
          ObjectNode replacement = body();
          attempt("the replacement " + replacement, state,
              () -> service.put(ALICE, c, target.id(), replacement, Preconditions.NONE));
        }
        calls += docs.isEmpty() ? 2 : 4;
      }
      calls++;
    }
    System.out.println("service fuzz: " + calls + " calls (schemas, documents, queries, patches), " + refused
        + " refused with a 4xx problem");
  }

  @Test
  void no_body_bytes_end_in_anything_but_a_json_object_or_a_4xx() {
    List<String> seeds = List.of("{\"a\":1,\"b\":[true,null,\"x\"],\"c\":{\"d\":-1.5e3}}", "{\"a\":1,\"a\":2}",
        "[" .repeat(3000) + "]".repeat(3000), "{\"a\":" + "9".repeat(5000) + "}", "\uFEFF{}", "{} {}", "", "nul");
    List<byte[]> garbage = List.of(new byte[] {(byte) 0xC3, 0x28}, new byte[] {(byte) 0xFF}, new byte[] {0},
        "\\u0000".getBytes(StandardCharsets.UTF_8), "/*c*/".getBytes(StandardCharsets.UTF_8));
    int parsed = 0;
    for (int i = 0; i < 20_000; i++) {
      byte[] bytes = pick(seeds).getBytes(StandardCharsets.UTF_8);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      int cut = bytes.length == 0 ? 0 : random.nextInt(bytes.length + 1);
      out.write(bytes, 0, cut);
      if (random.nextBoolean()) {
        out.writeBytes(pick(garbage));
      }
      if (random.nextBoolean()) {
        out.write(bytes, cut, bytes.length - cut);
      }
      byte[] body = out.toByteArray();
      try {
        assertTrue(Json.parseObject(body).isObject());
        parsed++;
      } catch (SwitchboardException e) {
        refused++;
        assertTrue(e.problem().status >= 400 && e.problem().status < 500, e.problem() + " for " + new String(body,
            StandardCharsets.UTF_8));
      } catch (RuntimeException e) {
        fail("a " + e.getClass().getName() + " (a 500) for the body " + new String(body, StandardCharsets.UTF_8), e);
      }
    }
    System.out.println("body fuzz: 20000 bodies, " + parsed + " parsed, " + refused + " refused with a 4xx problem");
  }
}

package io.switchboard.model;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Client JSON (request bodies, WebSocket commands) read with limits that Jackson's parser enforces
 * as it reads ({@link StreamReadConstraints}), so a deeply nested or huge-string document is
 * refused before any tree is built: {@link Problem#JSON_LIMIT}. Otherwise the same as {@link Json}.
 * Immutable and thread-safe.
 */
public final class JsonInput {
  private final ObjectMapper mapper;

  /**
   * @param depth        deepest nesting of arrays and objects
   * @param stringLength longest string value or field name, in characters
   */
  public JsonInput(int depth, int stringLength) {
    StreamReadConstraints limits = StreamReadConstraints.builder().maxNestingDepth(depth)
        .maxStringLength(stringLength).maxNameLength(stringLength).build();
    this.mapper = Json.configured(JsonMapper.builder(JsonFactory.builder().streamReadConstraints(limits).build()))
        .build();
  }

  /** Any JSON value, as {@link Json#parse(byte[])}. */
  public JsonNode parse(byte[] bytes) {
    return Json.parse(mapper, bytes);
  }

  /** A JSON object, as {@link Json#parseObject(byte[])}. */
  public ObjectNode parseObject(byte[] bytes) {
    return Json.parseObject(mapper, bytes);
  }
}

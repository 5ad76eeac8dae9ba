package io.switchboard.web.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.model.Json;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.MessageBodyWriter;
import jakarta.ws.rs.ext.Provider;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;

/** Writes JSON trees as {@code application/json} and {@code application/problem+json}. */
@Provider
@Produces({MediaType.APPLICATION_JSON, "application/problem+json", "application/schema+json"})
public final class JsonNodeWriter implements MessageBodyWriter<JsonNode> {
  @Override
  public boolean isWriteable(Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
    return JsonNode.class.isAssignableFrom(type);
  }

  @Override
  public void writeTo(JsonNode node, Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType,
                      MultivaluedMap<String, Object> headers, OutputStream out) throws IOException {
    Json.MAPPER.writeValue(out, node);
  }
}

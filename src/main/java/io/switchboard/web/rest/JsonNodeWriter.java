package io.switchboard.web.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.xml.XmlMapper;
import com.fasterxml.jackson.dataformat.xml.XmlNameProcessors;
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

/**
 * Writes JSON trees as JSON ({@code application/json}, {@code application/problem+json},
 * {@code application/schema+json}) or as XML ({@code application/xml}, by Jackson XML): the root
 * element is {@code <document>}, each field an element, array items repeated elements, and names
 * that are not valid XML names are rewritten with {@code _} replacements.
 */
@Provider
@Produces({MediaType.APPLICATION_JSON, "application/problem+json", "application/schema+json",
    MediaType.APPLICATION_XML})
public final class JsonNodeWriter implements MessageBodyWriter<JsonNode> {
  private static final XmlMapper XML = XmlMapper.builder()
      .xmlNameProcessor(XmlNameProcessors.newReplacementProcessor())
      .build();

  @Override
  public boolean isWriteable(Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
    return JsonNode.class.isAssignableFrom(type);
  }

  @Override
  public void writeTo(JsonNode node, Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType,
                      MultivaluedMap<String, Object> headers, OutputStream out) throws IOException {
    if (mediaType.isCompatible(MediaType.APPLICATION_XML_TYPE)) {
      XML.writer().withRootName("document").writeValue(out, node);
    } else {
      Json.MAPPER.writeValue(out, node);
    }
  }
}

package io.switchboard.web;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.model.SwitchboardException.FieldError;
import java.util.List;

/**
 * The one error shape of every HTTP answer, {@code application/problem+json} (RFC 9457):
 * {@code type} ({@code urn:switchboard:problem:<code>}), {@code title}, {@code status},
 * {@code detail}, the stable {@code code}, and {@code errors} ({@code field}, {@code message}) when
 * particular fields failed.
 */
public final class ProblemDocument {
  public static final String MEDIA_TYPE = "application/problem+json";

  private ProblemDocument() {}

  public static ObjectNode of(int status, String code, String title, String detail, List<FieldError> errors) {
    ObjectNode json = JsonNodeFactory.instance.objectNode();
    json.put("type", "urn:switchboard:problem:" + code);
    json.put("title", title);
    json.put("status", status);
    json.put("detail", detail);
    json.put("code", code);
    if (!errors.isEmpty()) {
      ArrayNode list = json.putArray("errors");
      errors.forEach(e -> list.addObject().put("field", e.field()).put("message", e.message()));
    }
    return json;
  }
}

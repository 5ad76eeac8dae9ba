package io.switchboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.HttpMethod;
import java.io.IOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Keeps webapp/docs/openapi.json (served at /docs/openapi.json) honest: the routes it documents
 * are exactly the JAX-RS routes of the resource classes under io.switchboard.web, found by
 * reflection on the classes named by the source files there. HEAD and OPTIONS, which Jersey adds
 * to every resource, are left out on both sides.
 */
class OpenApiTest {
  private static final Path WEB_SOURCES = Path.of("src/main/java/io/switchboard/web");
  private static final Path DOCUMENT = Path.of("webapp/docs/openapi.json");
  /** The methods the document describes; HEAD and OPTIONS come from Jersey on every path. */
  private static final Set<String> DOCUMENTED_METHODS = Set.of("GET", "POST", "PUT", "PATCH", "DELETE");
  /** The operation keys of an OpenAPI path item. */
  private static final Set<String> OPERATION_KEYS =
      Set.of("get", "put", "post", "delete", "options", "head", "patch", "trace");
  private static final Pattern TEMPLATE_NAME = Pattern.compile("\\{([^}/]+)}");

  private static JsonNode openapi;

  @BeforeAll
  static void readDocument() throws IOException {
    openapi = new ObjectMapper().readTree(DOCUMENT.toFile());
  }

  @Test
  void every_route_is_documented_and_every_documented_route_exists() throws Exception {
    Set<String> implemented = implementedRoutes();
    Set<String> documented = documentedRoutes();

    Set<String> missing = new TreeSet<>(implemented);
    missing.removeAll(documented);
    Set<String> absent = new TreeSet<>(documented);
    absent.removeAll(implemented);
    if (!missing.isEmpty() || !absent.isEmpty()) {
      fail("openapi.json and the JAX-RS routes disagree.\n"
          + "missing from openapi.json: " + missing + "\n"
          + "documented but absent: " + absent);
    }
  }

  @Test
  void the_document_is_openapi_3_1_0() {
    assertEquals("3.1.0", openapi.path("openapi").asText(), "the \"openapi\" field");
  }

  @Test
  void every_operation_has_at_least_one_response() {
    List<String> without = new ArrayList<>();
    operations().forEach((route, operation) -> {
      JsonNode responses = operation.path("responses");
      if (!responses.isObject() || responses.isEmpty()) {
        without.add(route);
      }
    });
    assertEquals(List.of(), without, "operations without responses");
  }

  @Test
  void every_ref_resolves_to_an_existing_component() {
    List<String> refs = new ArrayList<>();
    collectRefs(openapi, refs);
    assertFalse(refs.isEmpty(), "the document uses no $ref at all; is it the right file?");
    List<String> dangling = refs.stream().distinct()
        .filter(ref -> !ref.startsWith("#/components/") || openapi.at(ref.substring(1)).isMissingNode())
        .toList();
    assertEquals(List.of(), dangling, "$ref values that name no component");
  }

  @Test
  void every_path_template_names_a_declared_path_parameter() {
    List<String> undeclared = new ArrayList<>();
    openapi.path("paths").properties().forEach(path -> {
      Set<String> pathLevel = pathParameterNames(path.getValue().path("parameters"));
      path.getValue().properties().forEach(entry -> {
        if (!OPERATION_KEYS.contains(entry.getKey())) {
          return;
        }
        Set<String> declared = new HashSet<>(pathLevel);
        declared.addAll(pathParameterNames(entry.getValue().path("parameters")));
        Matcher m = TEMPLATE_NAME.matcher(path.getKey());
        while (m.find()) {
          if (!declared.contains(m.group(1))) {
            undeclared.add(entry.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey() + ": {" + m.group(1) + "}");
          }
        }
      });
    });
    assertEquals(List.of(), undeclared, "path templates without a path parameter");
  }

  /** {@code "METHOD /path"} for every resource method of every root resource class. */
  private static Set<String> implementedRoutes() throws IOException, ClassNotFoundException {
    Set<String> routes = new TreeSet<>();
    List<Class<?>> resources = resourceClasses();
    assertTrue(resources.size() >= 5, "resource classes found under " + WEB_SOURCES + ": " + resources);
    for (Class<?> resource : resources) {
      String base = resource.getAnnotation(jakarta.ws.rs.Path.class).value();
      for (Method method : resource.getMethods()) {
        String http = httpMethod(method);
        jakarta.ws.rs.Path sub = method.getAnnotation(jakarta.ws.rs.Path.class);
        if (http == null) {
          if (sub != null) {
            fail(resource.getName() + "." + method.getName() + " is a sub-resource locator, whose routes this "
                + "test cannot derive; document them and extend the test.");
          }
          continue;
        }
        if (DOCUMENTED_METHODS.contains(http)) {
          routes.add(http + " " + normalise(base + "/" + (sub == null ? "" : sub.value())));
        }
      }
    }
    assertFalse(routes.isEmpty(), "no JAX-RS resource methods found");
    return routes;
  }

  /** Every class named by a .java file under the web sources that carries {@code @Path}. */
  private static List<Class<?>> resourceClasses() throws IOException, ClassNotFoundException {
    List<Class<?>> classes = new ArrayList<>();
    Path root = Path.of("src/main/java");
    List<Path> sources;
    try (Stream<Path> files = Files.walk(WEB_SOURCES)) {
      sources = files.filter(f -> f.toString().endsWith(".java"))
          .filter(f -> !f.getFileName().toString().equals("package-info.java")).sorted().toList();
    }
    ClassLoader loader = OpenApiTest.class.getClassLoader();
    for (Path source : sources) {
      String relative = root.relativize(source).toString().replace('\\', '/');
      String name = relative.substring(0, relative.length() - ".java".length()).replace('/', '.');
      Class<?> type = Class.forName(name, false, loader);
      if (type.isAnnotationPresent(jakarta.ws.rs.Path.class)) {
        classes.add(type);
      }
    }
    return classes;
  }

  /** The HTTP method of a resource method (any annotation meta-annotated with {@code @HttpMethod}), or null. */
  private static String httpMethod(Method method) {
    for (Annotation annotation : method.getAnnotations()) {
      HttpMethod http = annotation.annotationType().getAnnotation(HttpMethod.class);
      if (http != null) {
        return http.value().toUpperCase(Locale.ROOT);
      }
    }
    return null;
  }

  /**
   * A JAX-RS path as an OpenAPI path: one leading slash, no doubled or trailing slashes, and each
   * template {@code {name: regex}} as {@code {name}} (the regex may itself contain braces).
   */
  static String normalise(String jaxrs) {
    StringBuilder out = new StringBuilder();
    int i = 0;
    while (i < jaxrs.length()) {
      char c = jaxrs.charAt(i);
      if (c != '{') {
        out.append(c);
        i++;
        continue;
      }
      int depth = 0;
      int end = i;
      for (; end < jaxrs.length(); end++) {
        char d = jaxrs.charAt(end);
        if (d == '{') {
          depth++;
        } else if (d == '}' && --depth == 0) {
          break;
        }
      }
      String template = jaxrs.substring(i + 1, end);
      int colon = template.indexOf(':');
      out.append('{').append((colon < 0 ? template : template.substring(0, colon)).trim()).append('}');
      i = end + 1;
    }
    return "/" + out.toString().replaceAll("/+", "/").replaceAll("^/|/$", "");
  }

  /** {@code "METHOD /path"} for every operation in the document. */
  private static Set<String> documentedRoutes() {
    Set<String> routes = new TreeSet<>(operations().keySet());
    assertFalse(routes.isEmpty(), "openapi.json documents no operations");
    return routes;
  }

  private static Map<String, JsonNode> operations() {
    Map<String, JsonNode> operations = new TreeMap<>();
    openapi.path("paths").properties().forEach(path -> path.getValue().properties().forEach(entry -> {
      if (OPERATION_KEYS.contains(entry.getKey())) {
        operations.put(entry.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey(), entry.getValue());
      }
    }));
    return operations;
  }

  private static Set<String> pathParameterNames(JsonNode parameters) {
    Set<String> names = new HashSet<>();
    for (JsonNode parameter : parameters) {
      JsonNode resolved = parameter.has("$ref") ? openapi.at(parameter.get("$ref").asText().substring(1)) : parameter;
      if ("path".equals(resolved.path("in").asText())) {
        names.add(resolved.path("name").asText());
      }
    }
    return names;
  }

  private static void collectRefs(JsonNode node, List<String> refs) {
    if (node.isObject()) {
      node.properties().forEach(field -> {
        if (field.getKey().equals("$ref") && field.getValue().isTextual()) {
          refs.add(field.getValue().asText());
        } else {
          collectRefs(field.getValue(), refs);
        }
      });
    } else if (node.isArray()) {
      node.forEach(child -> collectRefs(child, refs));
    }
  }
}

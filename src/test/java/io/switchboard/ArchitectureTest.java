package io.switchboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The package rules of CONVENTIONS.md and ARCHITECTURE.md, checked on the source tree. */
class ArchitectureTest {
  private static final Path MAIN = Path.of("src/main/java/io/switchboard");
  /** Packages allowed to use the transport APIs; every other package is core. */
  private static final List<String> TRANSPORT = List.of("web", "boot");
  /**
   * Which top-level packages each one may use, following the data path: the wire vocabulary and the
   * model at the bottom, the store and the hub above them, the realtime door above the hub, the
   * transports above everything but the composition root, which may use all.
   */
  static final Map<String, Set<String>> ALLOWED = Map.ofEntries(
      Map.entry("model", Set.of()),
      Map.entry("config", Set.of()),
      Map.entry("concurrent", Set.of()),
      Map.entry("protocol", Set.of("model")),
      Map.entry("hub", Set.of("model", "protocol", "concurrent")),
      Map.entry("store", Set.of("model", "config", "hub")),
      Map.entry("access", Set.of("model", "store")),
      Map.entry("documents", Set.of("model", "store", "access")),
      Map.entry("session", Set.of("model", "protocol", "hub", "concurrent", "access")),
      Map.entry("webhooks", Set.of("model", "protocol", "hub", "session", "store", "documents", "config", "concurrent")),
      Map.entry("security", Set.of("model", "protocol", "session", "store", "config")),
      Map.entry("web", Set.of("model", "protocol", "hub", "session", "documents", "webhooks", "config", "store",
          "security", "access")),
      Map.entry("boot", Set.of("model", "protocol", "hub", "session", "documents", "webhooks", "config", "concurrent",
          "store", "security", "web", "access")));
  private static final Pattern REFERENCE = Pattern.compile("\\bio\\.switchboard\\.([a-z]+(?:\\.[a-z]+)*)\\.[A-Z]");

  /** Every package (dotted, below io.switchboard) and the packages its sources refer to. */
  private static Map<String, Set<String>> dependencies() throws IOException {
    Map<String, Set<String>> uses = new TreeMap<>();
    try (Stream<Path> files = Files.walk(MAIN)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
        String pkg = MAIN.relativize(file.getParent()).toString().replace('/', '.');
        Set<String> used = uses.computeIfAbsent(pkg, k -> new TreeSet<>());
        Matcher m = REFERENCE.matcher(Files.readString(file));
        while (m.find()) {
          if (!m.group(1).equals(pkg)) {
            used.add(m.group(1));
          }
        }
      }
    }
    return uses;
  }

  private static String top(String pkg) {
    int dot = pkg.indexOf('.');
    return dot < 0 ? pkg : pkg.substring(0, dot);
  }

  @Test
  void packages_use_only_the_packages_the_table_allows() throws IOException {
    Map<String, Set<String>> uses = dependencies();
    assertEquals(new TreeSet<>(ALLOWED.keySet()), uses.keySet().stream().map(ArchitectureTest::top)
        .collect(Collectors.toCollection(TreeSet::new)), "every package has a row in the table");
    List<String> violations = new ArrayList<>();
    uses.forEach((pkg, used) -> used.stream().map(ArchitectureTest::top).distinct()
        .filter(other -> !other.equals(top(pkg)) && !ALLOWED.get(top(pkg)).contains(other))
        .forEach(other -> violations.add(pkg + " -> " + other)));
    assertEquals(List.of(), violations, "dependencies outside the table");
  }

  @Test
  void no_two_packages_depend_on_each_other_even_indirectly() throws IOException {
    Map<String, Set<String>> uses = dependencies();
    for (String start : uses.keySet()) {
      List<String> cycle = path(uses, start, start, new TreeSet<>());
      assertTrue(cycle == null, () -> "package cycle: " + start + " -> " + String.join(" -> ", cycle));
    }
  }

  /** A path of dependencies from {@code from} back to {@code target}, or null. */
  private static List<String> path(Map<String, Set<String>> uses, String from, String target, Set<String> seen) {
    for (String next : uses.getOrDefault(from, Set.of())) {
      if (next.equals(target)) {
        return new ArrayList<>(List.of(next));
      }
      if (seen.add(next)) {
        List<String> rest = path(uses, next, target, seen);
        if (rest != null) {
          rest.add(0, next);
          return rest;
        }
      }
    }
    return null;
  }

  @Test
  void the_core_never_imports_a_transport_api() throws IOException {
    List<String> offenders = new ArrayList<>();
    try (Stream<Path> files = Files.walk(MAIN)) {
      files.filter(f -> f.toString().endsWith(".java"))
          .filter(f -> !TRANSPORT.contains(top(MAIN.relativize(f).toString().replace('/', '.'))))
          .filter(f -> read(f).lines().anyMatch(line -> line.matches(".*\\bjakarta\\.(ws\\.rs|websocket|servlet)\\..*")))
          .forEach(f -> offenders.add(f.toString()));
    }
    assertEquals(List.of(), offenders, "core sources that import a transport API");
  }

  @Test
  void no_type_shares_its_simple_name_with_a_jakarta_or_jdk_type_next_to_which_it_is_used() throws IOException {
    // jakarta.websocket.Session, java.util.regex.Matcher, jakarta.ws.rs.core.Response/Request, jakarta.ws.rs.Path.
    Set<String> clashing = Set.of("Session", "Matcher", "Response", "Request", "Path");
    List<String> offenders = new ArrayList<>();
    try (Stream<Path> files = Files.walk(MAIN)) {
      files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".java"))
          .map(n -> n.substring(0, n.length() - ".java".length()))
          .filter(clashing::contains).forEach(offenders::add);
    }
    assertEquals(List.of(), offenders);
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void every_package_has_a_package_info() throws IOException {
    try (Stream<Path> dirs = Files.walk(MAIN)) {
      dirs.filter(Files::isDirectory)
          .filter(d -> {
            try (Stream<Path> children = Files.list(d)) {
              return children.anyMatch(f -> f.toString().endsWith(".java"));
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
          })
          .forEach(d -> assertTrue(Files.exists(d.resolve("package-info.java")), d + " has no package-info.java"));
    }
  }
}

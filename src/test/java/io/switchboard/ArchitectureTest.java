package io.switchboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The package rules of CONVENTIONS.md, checked on the source tree. */
class ArchitectureTest {
  private static final Path MAIN = Path.of("src/main/java/io/switchboard");
  /** Packages allowed to use the transport APIs; every other package is core. */
  private static final List<String> TRANSPORT = List.of("web", "boot");

  @Test
  void the_core_never_imports_a_transport_api() throws IOException {
    List<Path> core;
    try (Stream<Path> packages = Files.list(MAIN)) {
      core = packages.filter(Files::isDirectory).filter(d -> !TRANSPORT.contains(d.getFileName().toString())).toList();
    }
    assertTrue(core.size() >= 4, "core packages found: " + core);
    for (Path pkg : core) {
      try (Stream<Path> files = Files.walk(pkg)) {
        List<String> offenders = files.filter(f -> f.toString().endsWith(".java")).filter(f -> {
          try {
            return Files.readAllLines(f).stream().anyMatch(line -> line.matches(
                ".*\\bjakarta\\.(ws\\.rs|websocket|servlet)\\..*"));
          } catch (IOException e) {
            throw new IllegalStateException(e);
          }
        }).map(Path::toString).toList();
        assertEquals(List.of(), offenders, "core package " + pkg + " imports a transport API");
      }
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
              throw new IllegalStateException(e);
            }
          })
          .forEach(d -> assertTrue(Files.exists(d.resolve("package-info.java")), d + " has no package-info.java"));
    }
  }
}

package io.switchboard.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import java.util.stream.Stream;

/**
 * Everything the server under test logged: the embedded containers log through java.util.logging
 * in this JVM (captured by a root handler, with Switchboard's loggers at FINE so debug lines are
 * checked too), the standalone Jetty into {@code *.log} files of the run's directory.
 */
final class LogCapture {
  private static final StringBuffer TEXT = new StringBuffer();
  private static final int MAX_CHARS = 64 * 1024 * 1024;
  private static boolean installed;

  private LogCapture() {}

  static synchronized void install() {
    if (installed) {
      return;
    }
    installed = true;
    Logger.getLogger("io.switchboard").setLevel(Level.FINE);
    SimpleFormatter format = new SimpleFormatter();
    Handler handler = new Handler() {
      @Override
      public void publish(LogRecord record) {
        if (TEXT.length() < MAX_CHARS) {
          TEXT.append(format.format(record));
        }
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
    handler.setLevel(Level.ALL);
    Logger.getLogger("").addHandler(handler);
    for (Handler h : Logger.getLogger("").getHandlers()) {
      if (h != handler && h.getLevel().intValue() < Level.INFO.intValue()) {
        h.setLevel(Level.INFO);
      }
    }
  }

  /** The captured log lines plus every {@code *.log} file under {@code dir}. */
  static String text(Path dir) {
    StringBuilder all = new StringBuilder(TEXT);
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".log"))::iterator) {
        all.append(new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1));
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return all.toString();
  }
}

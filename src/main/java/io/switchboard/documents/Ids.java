package io.switchboard.documents;

import io.switchboard.model.Problem;
import io.switchboard.model.SwitchboardException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Names and ids: server-generated ids are UUIDv7 (RFC 9562: 48-bit millisecond time, then random
 * bits), so their text sorts by creation time; client ids and collection names are checked here.
 */
final class Ids {
  private static final Pattern COLLECTION = Pattern.compile("[a-z][a-z0-9_-]{0,63}");
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9_~-][A-Za-z0-9_.~-]{0,127}");

  private final SecureRandom random = new SecureRandom();
  private final Clock clock;

  Ids(Clock clock) {
    this.clock = clock;
  }

  String newId() {
    long msb = (clock.millis() << 16) | 0x7000L | (random.nextInt() & 0x0FFFL);
    long lsb = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    return new UUID(msb, lsb).toString();
  }

  static String collection(String name) {
    if (name == null || !COLLECTION.matcher(name).matches()) {
      throw new SwitchboardException(Problem.INVALID_REQUEST,
          "Collection names match [a-z][a-z0-9_-]{0,63}; got '" + name + "'.");
    }
    return name;
  }

  static String id(String id) {
    if (id == null || !ID.matcher(id).matches()) {
      throw new SwitchboardException(Problem.INVALID_REQUEST,
          "Document ids are 1-128 characters of A-Z a-z 0-9 _ . ~ - and do not start with a dot; got '" + id + "'.");
    }
    return id;
  }
}

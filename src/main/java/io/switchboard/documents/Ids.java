package io.switchboard.documents;

import io.switchboard.model.Problem;
import io.switchboard.model.SwitchboardException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Names and ids: server-generated ids are UUIDv7 (RFC 9562: 48-bit millisecond time, a 12-bit
 * counter, then random bits), so their text sorts by creation order on one node; client ids and
 * collection names are checked here.
 */
final class Ids {
  private static final Pattern COLLECTION = Pattern.compile("[a-z][a-z0-9_-]{0,63}");
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9_~-][A-Za-z0-9_.~-]{0,127}");

  private final SecureRandom random = new SecureRandom();
  private final Clock clock;

  Ids(Clock clock) {
    this.clock = clock;
  }

  /** Guarded by this: the time and counter of the last id. */
  private long lastMillis;
  private int counter;

  /**
   * A new UUIDv7. Within one node ids strictly increase (RFC 9562 section 6.2, method 1: the 12
   * bits of {@code rand_a} are a counter, seeded at random each millisecond with headroom; when it
   * would overflow, or the clock goes back, the timestamp moves on from the last one).
   */
  synchronized String newId() {
    long now = clock.millis();
    if (now > lastMillis) {
      lastMillis = now;
      counter = random.nextInt(0x800);
    } else if (++counter > 0xFFF) {
      lastMillis++;
      counter = 0;
    }
    long msb = (lastMillis << 16) | 0x7000L | counter;
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

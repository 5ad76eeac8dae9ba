package io.switchboard.documents;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Generated ids are RFC 9562 UUIDv7, in strictly increasing order on one node. */
class IdsTest {
  @Test
  void ids_are_uuid_v7_with_the_rfc_variant_and_the_current_time() {
    Instant now = Instant.parse("2026-12-02T19:00:00.123Z");
    UUID id = UUID.fromString(new Ids(Clock.fixed(now, ZoneOffset.UTC)).newId());
    assertEquals(7, id.version());
    assertEquals(2, id.variant(), "variant 10 (RFC 9562)");
    assertEquals(now.toEpochMilli(), id.getMostSignificantBits() >>> 16, "unix_ts_ms");
  }

  @Test
  void ids_of_one_node_strictly_increase_within_a_millisecond_and_when_the_clock_goes_back() {
    Instant[] time = {Instant.parse("2026-12-02T19:00:00Z")};
    Clock clock = new Clock() {
      @Override public ZoneOffset getZone() { return ZoneOffset.UTC; }
      @Override public Clock withZone(java.time.ZoneId zone) { return this; }
      @Override public Instant instant() { return time[0]; }
    };
    Ids ids = new Ids(clock);
    String last = "";
    for (int i = 0; i < 20_000; i++) {
      if (i == 10_000) {
        time[0] = time[0].minusSeconds(1); // the clock steps back
      }
      String id = ids.newId();
      assertTrue(id.compareTo(last) > 0, id + " after " + last);
      assertEquals(7, UUID.fromString(id).version());
      last = id;
    }
  }
}

package io.switchboard.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class SettingsLoaderTest {
  private static Properties props(String... pairs) {
    Properties p = new Properties();
    for (int i = 0; i < pairs.length; i += 2) {
      p.setProperty(pairs[i], pairs[i + 1]);
    }
    return p;
  }

  @Test
  void defaults_give_an_embedded_sqlite_database_under_data() {
    Settings s = new SettingsLoader(new Properties(), Map.of(), new Properties(), k -> null).settings();
    assertEquals(8080, s.server().port());
    assertEquals(Path.of("data"), s.server().dataDir());
    assertEquals("jdbc:sqlite:" + Path.of("data", "switchboard.db"), s.db().url());
    assertEquals(1024 * 1024, s.limits().bodyBytes());
    assertEquals("NORMAL", s.db().sqliteSynchronous());
  }

  @Test
  void later_layers_override_earlier_ones() {
    Properties file = props("switchboard.port", "1", "switchboard.data.dir", "/f", "switchboard.limits.page.max", "7");
    Map<String, String> env = Map.of("SWITCHBOARD_PORT", "2", "SWITCHBOARD_DATA_DIR", "/e");
    Properties system = props("switchboard.port", "3");
    Settings s = new SettingsLoader(file, env, system, k -> k.equals("switchboard.db.url") ? "jdbc:postgresql://h/db" : null)
        .settings();
    assertEquals(3, s.server().port());
    assertEquals(Path.of("/e"), s.server().dataDir());
    assertEquals(7, s.limits().maxPageSize());
    assertEquals("jdbc:postgresql://h/db", s.db().url());
  }

  @Test
  void sqlite_durability_is_one_of_the_safe_modes() {
    assertEquals("FULL", new SettingsLoader(props("switchboard.db.sqlite.synchronous", "full"), Map.of(),
        new Properties(), k -> null).settings().db().sqliteSynchronous());
    assertThrows(IllegalArgumentException.class, () -> new SettingsLoader(
        props("switchboard.db.sqlite.synchronous", "OFF"), Map.of(), new Properties(), k -> null).settings());
  }

  @Test
  void a_bad_number_names_the_setting() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new SettingsLoader(props("switchboard.port", "http"), Map.of(), new Properties(), k -> null).settings());
    assertTrue(e.getMessage().contains("switchboard.port"), e.getMessage());
  }

  @Test
  void allowed_origins_are_an_http_setting_and_the_old_auth_name_is_refused_by_name() {
    assertEquals("https://app.example.com", new SettingsLoader(props("switchboard.http.origins", "https://app.example.com"),
        Map.of(), new Properties(), k -> null).settings().http().origins());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new SettingsLoader(
        props("switchboard.auth.origins", "https://app.example.com"), Map.of(), new Properties(), k -> null).settings());
    assertTrue(e.getMessage().contains("switchboard.http.origins"), e.getMessage());
  }

  @Test
  void rate_limits_default_to_safe_values_take_zero_for_off_and_refuse_negatives() {
    Settings.Rates d = new SettingsLoader(new Properties(), Map.of(), new Properties(), k -> null).settings().rates();
    assertEquals(Settings.Rates.defaults(), d);
    assertEquals("admin", d.exemptRole());
    assertEquals("", d.trustedProxies());
    Settings.Rates set = new SettingsLoader(props("switchboard.rate.requests.principal.per.second", "0",
        "switchboard.http.trusted.proxies", "10.0.0.0/8", "switchboard.rate.exempt.role", " "), Map.of(),
        new Properties(), k -> null).settings().rates();
    assertEquals(0, set.principalRequestsPerSecond());
    assertEquals("10.0.0.0/8", set.trustedProxies());
    assertEquals("", set.exemptRole(), "blank: nobody is exempt");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new SettingsLoader(
        props("switchboard.rate.ws.refusals", "-1"), Map.of(), new Properties(), k -> null).settings());
    assertTrue(e.getMessage().contains("switchboard.rate.ws.refusals"), e.getMessage());
  }
}

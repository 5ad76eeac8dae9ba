package io.switchboard.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.config.Settings;
import io.switchboard.model.Document;
import io.switchboard.model.Identity;
import io.switchboard.model.Json;
import io.switchboard.model.Problem;
import io.switchboard.model.SwitchboardException;
import io.switchboard.store.Database;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AccessRulesTest {
  private static final Identity ALICE = new Identity("alice", Set.of("editor"), "basic", null, null);
  private static final Identity BOB = new Identity("bob", Set.of(), "bearer", null, null);
  private static final Identity ADMIN = new Identity("root", Set.of(Identity.ADMIN), "basic", null, null);

  private static JsonNode json(String text) {
    return Json.parse(text.getBytes(StandardCharsets.UTF_8));
  }

  private static AccessRules rules(String text) {
    return AccessRules.parse(json(text));
  }

  private static Document doc(String collection, String owner) {
    return new Document(collection, "1", 1, Instant.EPOCH, Instant.EPOCH, owner, Json.MAPPER.createObjectNode());
  }

  @Test
  void the_defaults_admit_authenticated_callers_to_everything_and_anonymous_ones_to_nothing() {
    AccessRules defaults = AccessRules.defaults();
    for (Action action : Action.values()) {
      assertTrue(defaults.collection("todos", action).admits(BOB), action::toString);
      assertFalse(defaults.collection("todos", action).admits(Identity.ANONYMOUS), action::toString);
    }
    assertFalse(defaults.admitAnonymous());
  }

  @Test
  void a_named_entry_falls_back_action_by_action_to_the_star_entry_then_to_the_default() {
    AccessRules r = rules("{\"collections\":{\"*\":{\"read\":\"role:editor\"},\"notes\":{\"list\":\"owner\"}}}");
    assertTrue(r.collection("notes", Action.LIST).ownerOnly(BOB), "its own entry");
    assertFalse(r.collection("notes", Action.READ).admits(BOB), "the * entry");
    assertTrue(r.collection("notes", Action.READ).admits(ALICE));
    assertTrue(r.collection("notes", Action.DELETE).admits(BOB), "the built-in default");
    assertFalse(r.collection("todos", Action.LIST).ownerOnly(BOB));
  }

  @Test
  void owner_grants_admit_only_the_owner_and_a_list_admits_anyone_one_of_its_grants_does() {
    Access access = Access.of(rules("{\"collections\":{\"notes\":{\"read\":[\"owner\",\"role:editor\"],"
        + "\"update\":\"owner\",\"delete\":\"nobody\"}}}"));
    Document bobs = doc("notes", "bob");
    assertTrue(access.allows(BOB, Action.UPDATE, bobs));
    assertFalse(access.allows(ALICE, Action.UPDATE, bobs));
    assertTrue(access.allows(ALICE, Action.READ, bobs), "by role");
    assertFalse(access.allows(BOB, Action.READ, doc("notes", null)), "no owner: owner grants admit nobody");
    assertFalse(access.allows(BOB, Action.DELETE, bobs));
    assertTrue(access.allows(ADMIN, Action.DELETE, bobs), "admins are admitted by every rule");
    Identity anonymousBob = new Identity("bob", Set.of(), "anonymous", null, null);
    assertFalse(access.allows(anonymousBob, Action.UPDATE, bobs), "an anonymous caller is nobody's owner");
    assertEquals(null, access.listOwner(BOB, "notes"), "list is the default: every document");
    Access ownLists = Access.of(rules("{\"collections\":{\"notes\":{\"list\":[\"owner\",\"role:editor\"]}}}"));
    assertEquals("bob", ownLists.listOwner(BOB, "notes"), "admitted only as an owner: its own documents");
    assertEquals(null, ownLists.listOwner(ALICE, "notes"), "admitted by a role: every document");
    assertEquals(null, ownLists.listOwner(ADMIN, "notes"));
  }

  @Test
  void subscribers_see_a_document_only_if_they_may_both_subscribe_to_and_read_it() {
    Access access = Access.of(rules("{\"collections\":{\"notes\":{\"read\":\"owner\"},"
        + "\"logs\":{\"subscribe\":\"role:editor\"}}}"));
    assertTrue(access.sees(BOB, "notes", json("{\"owner\":\"bob\"}")));
    assertFalse(access.sees(BOB, "notes", json("{\"owner\":\"alice\"}")));
    assertFalse(access.sees(BOB, "logs", json("{\"owner\":\"bob\"}")));
    assertTrue(access.sees(ALICE, "logs", json("{}")));
  }

  @Test
  void refusals_are_401_for_anonymous_callers_and_403_for_everyone_else() {
    Access access = Access.of(rules("{\"channels\":{\"news\":{\"subscribe\":\"everyone\",\"publish\":\"role:editor\"}}}"));
    assertTrue(access.rules().admitAnonymous());
    access.requireChannel(Identity.ANONYMOUS, "news", Action.SUBSCRIBE);
    access.requireChannel(ALICE, "news", Action.PUBLISH);
    assertEquals(Problem.UNAUTHORIZED, assertThrows(SwitchboardException.class,
        () -> access.requireChannel(Identity.ANONYMOUS, "news", Action.PUBLISH)).problem());
    assertEquals(Problem.FORBIDDEN, assertThrows(SwitchboardException.class,
        () -> access.requireChannel(BOB, "news", Action.PUBLISH)).problem());
    assertEquals(Problem.UNAUTHORIZED, assertThrows(SwitchboardException.class,
        () -> access.require(Identity.ANONYMOUS, "todos", Action.LIST)).problem());
  }

  @Test
  void rules_round_trip_through_their_written_form() {
    String written = "{\"collections\":{\"*\":{\"list\":\"authenticated\"},\"notes\":{\"read\":[\"owner\",\"role:a\"],"
        + "\"delete\":\"nobody\"}},\"channels\":{\"news\":{\"publish\":\"role:editor\"}}}";
    assertEquals(json(written), rules(written).toJson());
    assertEquals(json(written), rules(rules(written).toJson().toString()).toJson());
  }

  @Test
  void anything_that_is_not_a_rule_is_refused_naming_its_field() {
    String[][] cases = {
        {"{\"collections\":{\"x\":{\"read\":\"owners\"}}}", "/collections/x/read"},
        {"{\"collections\":{\"x\":{\"read\":[\"owner\",7]}}}", "/collections/x/read"},
        {"{\"collections\":{\"x\":{\"create\":\"owner\"}}}", "/collections/x/create"},
        {"{\"channels\":{\"x\":{\"read\":\"everyone\"}}}", "/channels/x/read"},
        {"{\"channels\":{\"x\":{\"publish\":\"owner\"}}}", "/channels/x/publish"},
        {"{\"collections\":{\"Bad Name\":{}}}", "/collections/Bad Name"},
        {"{\"collections\":{\"x\":{\"read\":\"role:\"}}}", "/collections/x/read"},
        {"{\"collections\":[]}", "/collections"},
        {"{\"extra\":{}}", "/extra"},
        {"[]", ""}};
    for (String[] c : cases) {
      SwitchboardException e = assertThrows(SwitchboardException.class, () -> rules(c[0]), c[0]);
      assertEquals(Problem.VALIDATION_FAILED, e.problem(), c[0]);
      assertEquals(c[1], e.errors().get(0).field(), c[0]);
    }
  }

  @Test
  void rules_are_stored_and_a_rules_file_replaces_them_at_start(@TempDir Path dir) {
    Settings d = Settings.defaults();
    Database db = Database.open(new Settings(new Settings.Server(0, dir), new Settings.Db("jdbc:sqlite:"
        + dir.resolve("t.db"), "", "", 2, "NORMAL"), d.limits(), d.realtime(), d.webhooks(), d.auth(), d.access(), d.http(),
        d.rates()));
    try (db) {
      assertEquals(AccessRules.defaults().toJson(), Access.start(db, Clock.systemUTC(), null).rules().toJson(),
          "nothing stored: the defaults");
      List<String> told = new ArrayList<>();
      Access access = Access.start(db, Clock.systemUTC(), null);
      access.onChange(() -> told.add("changed"));
      access.replace(rules("{\"collections\":{\"notes\":{\"read\":\"owner\"}}}"));
      assertEquals(List.of("changed"), told);
      assertEquals(access.rules().toJson(), Access.start(db, Clock.systemUTC(), null).rules().toJson(),
          "stored: a restart keeps them");
      JsonNode file = json("{\"channels\":{\"news\":{\"publish\":\"role:editor\"}}}");
      assertEquals(rules(file.toString()).toJson(), Access.start(db, Clock.systemUTC(), file).rules().toJson());
      assertEquals(rules(file.toString()).toJson(), Access.start(db, Clock.systemUTC(), null).rules().toJson(),
          "the file's rules replaced the stored ones");
    }
  }
}

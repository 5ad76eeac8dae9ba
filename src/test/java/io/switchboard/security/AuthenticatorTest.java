package io.switchboard.security;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.access.Access;
import io.switchboard.access.AccessRules;
import io.switchboard.config.Settings;
import io.switchboard.hub.Hub;
import io.switchboard.hub.MemoryLog;
import io.switchboard.model.Identity;
import io.switchboard.model.Peer;
import io.switchboard.protocol.Disconnect;
import io.switchboard.protocol.Frame;
import io.switchboard.security.Authenticator.Ok;
import io.switchboard.security.Authenticator.Presented;
import io.switchboard.security.Authenticator.Refused;
import io.switchboard.session.Connection;
import io.switchboard.session.Outbound;
import io.switchboard.session.Realtime;
import io.switchboard.store.Database;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The authentication core on a real SQLite store, without a container: each scheme's acceptance
 * and refusal, refresh rotation and reuse, tickets, and revocation and expiry closing live sessions.
 * (JWT forgeries are tested over HTTP, in AuthIT, with tokens forged independently.)
 */
class AuthenticatorTest {
  private static final String ADMIN_PASSWORD = "first-admin-password";
  @TempDir
  Path dir;
  private Database db;
  private Hub hub;
  private Realtime realtime;
  private Authenticator auth;

  @BeforeEach
  void start() {
    Settings d = Settings.defaults();
    Settings.Auth a = d.auth();
    Settings.Auth settings = new Settings.Auth(ADMIN_PASSWORD, a.issuer(), a.audience(), 2, a.refreshSeconds(),
        a.sessionSeconds(), 1, 0, false, 2, a.oidc());
    db = Database.open(new Settings(new Settings.Server(0, dir), new Settings.Db("jdbc:sqlite:" + dir.resolve("t.db"),
        "", "", 4, "NORMAL"), d.limits(), d.realtime(), d.webhooks(), settings, d.access(), d.http(), d.rates()));
    hub = new Hub(new MemoryLog(), 1);
    realtime = new Realtime(hub, Access.of(AccessRules.defaults()), params -> List.of(), 64, 3);
    auth = Authenticator.start(db, realtime, settings, Clock.systemUTC());
  }

  @AfterEach
  void stop() {
    realtime.closeAll(Disconnect.GOING_AWAY);
    hub.close();
    db.close();
  }

  private static Presented header(String authorization) {
    return new Presented(authorization, null, null, null, null, null);
  }

  private static String basic(String user, String password) {
    return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void basicAcceptsTheRightPasswordOnlyAndSaysBasicWasTried() {
    Ok ok = assertInstanceOf(Ok.class, auth.authenticate(header(basic("admin", ADMIN_PASSWORD))));
    assertEquals("admin", ok.identity().user());
    assertTrue(ok.identity().hasRole("admin"));
    assertEquals(new Refused(true, false), auth.authenticate(header(basic("admin", "wrong-password"))));
    assertEquals(new Refused(true, false), auth.authenticate(header(basic("nobody", ADMIN_PASSWORD))));
    assertEquals(new Refused(true, false), auth.authenticate(header("Basic !!not-base64!!")));
    assertEquals(new Refused(true, false), auth.authenticate(header("Basic "
        + Base64.getEncoder().encodeToString("no-colon".getBytes(StandardCharsets.UTF_8)))));
    assertInstanceOf(Authenticator.Missing.class, auth.authenticate(header(null)));
  }

  @Test
  void aDisabledUserIsRefusedAndItsLiveSessionsCloseAsRevoked() {
    auth.accounts().create("alice", "alice-password", Set.of(), true);
    Ok ok = assertInstanceOf(Ok.class, auth.authenticate(header(basic("alice", "alice-password"))));
    Recorder live = connect(ok.identity());
    auth.accounts().update("alice", null, false, null);
    assertEquals(Disconnect.REVOKED, live.closedWith());
    assertEquals(new Refused(true, false), auth.authenticate(header(basic("alice", "alice-password"))));
  }

  @Test
  void apiKeysWorkUntilRevoked() {
    Accounts.CreatedKey key = auth.accounts().createKey("ci", Set.of("writer"));
    assertTrue(key.secret().startsWith("sbk_") && key.secret().length() >= 4 + 43, key.key().prefix());
    Presented presented = new Presented(null, key.secret(), null, null, null, null);
    Ok ok = assertInstanceOf(Ok.class, auth.authenticate(presented));
    assertEquals("ci", ok.identity().user());
    assertEquals("apikey", ok.identity().scheme());
    Recorder live = connect(ok.identity());
    auth.accounts().revokeKey(key.key().id());
    assertEquals(Disconnect.REVOKED, live.closedWith());
    assertInstanceOf(Refused.class, auth.authenticate(presented));
  }

  @Test
  void refreshTokensRotateAndAReusedOneRevokesTheFamily() {
    Credentials.Grant first = auth.passwordGrant("admin", ADMIN_PASSWORD).orElseThrow();
    Credentials.Grant second = auth.refreshGrant(first.refreshToken()).orElseThrow();
    assertNotEquals(first.refreshToken(), second.refreshToken());
    Ok ok = assertInstanceOf(Ok.class, auth.authenticate(header("Bearer " + second.access().token())));
    Recorder live = connect(ok.identity());
    assertTrue(auth.refreshGrant(first.refreshToken()).isEmpty(), "a spent token is refused");
    assertEquals(Disconnect.REVOKED, live.closedWith());
    assertTrue(auth.refreshGrant(second.refreshToken()).isEmpty(), "the whole family is revoked");
    assertEquals(new Refused(false, true), auth.authenticate(header("Bearer " + second.access().token())));
    assertTrue(auth.passwordGrant("admin", "wrong-password").isEmpty());
  }

  @Test
  void ticketsAreSingleUseAndBoundToTheirTransport() {
    Identity admin = ((Ok) auth.authenticate(header(basic("admin", ADMIN_PASSWORD)))).identity();
    String ws = auth.ticket(admin, "ws");
    assertInstanceOf(Refused.class, auth.authenticate(new Presented(null, null, null, ws, "sse", null)));
    String any = auth.ticket(admin, null);
    assertInstanceOf(Refused.class, auth.authenticate(new Presented(null, null, null, any, null, null)),
        "not on a non-realtime request");
    String fresh = auth.ticket(admin, null);
    assertInstanceOf(Ok.class, auth.authenticate(new Presented(null, null, null, fresh, "stream", null)));
    assertInstanceOf(Refused.class, auth.authenticate(new Presented(null, null, null, fresh, "stream", null)),
        "spent");
    String late = auth.ticket(admin, null);
    await().pollDelay(Duration.ofMillis(1100)).atMost(Duration.ofSeconds(3)).until(() -> true);
    assertInstanceOf(Refused.class, auth.authenticate(new Presented(null, null, null, late, "ws", null)), "expired");
  }

  @Test
  void browserSessionsEndAtLogout() {
    Credentials.NewSession created = auth.login("admin", ADMIN_PASSWORD).orElseThrow();
    Presented cookie = new Presented(null, null, created.cookie(), null, null, null);
    Ok ok = assertInstanceOf(Ok.class, auth.authenticate(cookie));
    assertEquals(created.session().csrf(), ok.session().csrf());
    Recorder live = connect(ok.identity());
    auth.logout(ok.session());
    assertEquals(Disconnect.REVOKED, live.closedWith());
    assertInstanceOf(Refused.class, auth.authenticate(cookie));
  }

  @Test
  void aSessionWhoseTokenExpiresClosesAsExpiredUnlessRefreshedBySamePrincipal() {
    realtime.startExpiry(Duration.ofMillis(100), Clock.systemUTC());
    Credentials.Grant grant = auth.passwordGrant("admin", ADMIN_PASSWORD).orElseThrow();
    Identity identity = ((Ok) auth.authenticate(header("Bearer " + grant.access().token()))).identity();
    Recorder expiring = connect(identity);
    assertEquals(Disconnect.EXPIRED, expiring.closedWith());

    auth.accounts().create("bob", "bob-password", Set.of(), true);
    Identity bob = ((Ok) auth.authenticate(header(basic("bob", "bob-password")))).identity();
    Connection other = realtime.connect(new Recorder(), new Peer("127.0.0.1",
        ((Ok) auth.authenticate(header("Bearer " + auth.passwordGrant("admin", ADMIN_PASSWORD).orElseThrow()
            .access().token()))).identity()));
    assertFalse(other.reauthenticate(bob));
    assertFalse(other.isOpen());
  }

  private Recorder connect(Identity identity) {
    Recorder recorder = new Recorder();
    realtime.connect(recorder, new Peer("127.0.0.1", identity));
    return recorder;
  }

  /** A transport that accepts every frame and remembers how it was closed. */
  private static final class Recorder implements Outbound {
    final AtomicReference<Disconnect> closed = new AtomicReference<>();

    @Override
    public String transport() {
      return "test";
    }

    @Override
    public CompletionStage<Void> write(Frame frame) {
      return CompletableFuture.completedFuture(null);
    }

    @Override
    public void close(Disconnect reason) {
      closed.set(reason);
    }

    Disconnect closedWith() {
      return await().atMost(Duration.ofSeconds(5)).until(closed::get, r -> r != null);
    }
  }
}

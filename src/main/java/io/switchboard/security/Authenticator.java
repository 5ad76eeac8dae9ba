package io.switchboard.security;

import io.switchboard.config.Settings;
import io.switchboard.model.ApiKey;
import io.switchboard.model.Identity;
import io.switchboard.model.User;
import io.switchboard.session.Realtime;
import io.switchboard.store.AuthTable.BrowserSession;
import io.switchboard.store.Database;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

/**
 * Turns what a request presents into an {@link Identity}, for every transport alike. Precedence,
 * first present wins and a wrong one is never skipped for the next: {@code Authorization} (Basic,
 * or Bearer: our access tokens, or an external OIDC issuer's), then {@code X-API-Key}, then a
 * one-time ticket (realtime connects only), then the browser-session cookie. Also the door for the
 * {@code /auth} endpoints: token grants, browser login and logout, tickets, the JWKS.
 */
public final class Authenticator {
  private final Settings.Auth settings;
  private final Accounts accounts;
  private final Credentials credentials;
  private final AccessTokens tokens;
  private final Optional<ExternalTokens> external;
  private final Tickets tickets;
  private final LoginThrottle logins;

  private Authenticator(Settings.Auth settings, Accounts accounts, Credentials credentials, AccessTokens tokens,
                        Optional<ExternalTokens> external, Tickets tickets, LoginThrottle logins) {
    this.settings = settings;
    this.accounts = accounts;
    this.credentials = credentials;
    this.tokens = tokens;
    this.external = external;
    this.tickets = tickets;
    this.logins = logins;
  }

  /** Builds the authentication graph, creating the signing key and the first admin on a first start. */
  public static Authenticator start(Database database, Realtime realtime, Settings.Auth settings, Clock clock) {
    return start(database, realtime, settings, clock, LoginThrottle.OFF);
  }

  /** As {@link #start(Database, Realtime, Settings.Auth, Clock)}, with failed-login limits on every password check. */
  public static Authenticator start(Database database, Realtime realtime, Settings.Auth settings, Clock clock,
                                    LoginThrottle logins) {
    AccessTokens tokens = AccessTokens.load(database, settings, clock);
    Credentials credentials = new Credentials(database, tokens, new Revocations(realtime), settings.refreshSeconds(),
        settings.sessionSeconds(), clock);
    Accounts accounts = new Accounts(database, new Passwords(settings.hashConcurrency()), credentials, clock);
    accounts.bootstrap(settings.adminPassword());
    Optional<ExternalTokens> external = settings.oidc().enabled()
        ? Optional.of(new ExternalTokens(settings.oidc(), settings.skewSeconds())) : Optional.empty();
    return new Authenticator(settings, accounts, credentials, tokens, external,
        new Tickets(Duration.ofSeconds(settings.ticketSeconds()), clock), logins);
  }

  /**
   * What a request presents. {@code transport} is {@code ws}, {@code sse} or {@code stream} on a
   * realtime connect (where tickets are accepted), else null; {@code queryToken} is an
   * {@code ?access_token=} parameter; {@code address} is the client's address (null: unknown), for
   * the failed-login limits.
   */
  public record Presented(String authorization, String apiKey, String cookie, String ticket, String transport,
                          String queryToken, String address) {
    public Presented(String authorization, String apiKey, String cookie, String ticket, String transport,
                     String queryToken) {
      this(authorization, apiKey, cookie, ticket, transport, queryToken, null);
    }
  }

  /** The result of {@link #authenticate}. */
  public sealed interface Outcome {}

  /** Authenticated; {@code session} is the browser session when the cookie did it (CSRF rules apply). */
  public record Ok(Identity identity, BrowserSession session) implements Outcome {}

  /** A credential was presented and is not valid; which kind, for the challenge. */
  public record Refused(boolean basic, boolean bearer) implements Outcome {}

  /** Nothing was presented. */
  public record Missing() implements Outcome {}

  /**
   * @throws io.switchboard.model.RateLimited if Basic names an account, or comes from an address,
   *                                          throttled for failed logins
   */
  public Outcome authenticate(Presented p) {
    if (p.authorization() != null) {
      return authorization(p.authorization().trim(), p.address());
    }
    if (p.queryToken() != null) {
      return settings.queryToken() ? bearer(p.queryToken()) : new Refused(false, true);
    }
    if (p.apiKey() != null) {
      return accounts.checkKey(p.apiKey().trim()).<Outcome>map(k -> new Ok(identity(k), null))
          .orElse(new Refused(false, false));
    }
    if (p.ticket() != null) {
      return p.transport() == null ? new Refused(false, false) : tickets.redeem(p.ticket(), p.transport())
          .filter(this::stillValid).<Outcome>map(i -> new Ok(i, null)).orElse(new Refused(false, false));
    }
    if (p.cookie() != null) {
      Optional<BrowserSession> session = credentials.session(p.cookie());
      Optional<User> user = session.flatMap(s -> accounts.active(s.user()));
      if (user.isPresent()) {
        BrowserSession s = session.get();
        return new Ok(new Identity(s.user(), user.get().roles(), "session", "session:" + s.id(), s.expiresAt()), s);
      }
      return new Refused(false, false);
    }
    return new Missing();
  }

  private Outcome authorization(String header, String address) {
    int space = header.indexOf(' ');
    String scheme = space < 0 ? header : header.substring(0, space);
    String value = space < 0 ? "" : header.substring(space + 1).trim();
    if (scheme.equalsIgnoreCase("Basic")) {
      return basic(value, address).<Outcome>map(u -> new Ok(new Identity(u.name(), u.roles(), "basic", null, null), null))
          .orElse(new Refused(true, false));
    }
    if (scheme.equalsIgnoreCase("Bearer")) {
      return bearer(value);
    }
    return new Refused(false, false);
  }

  private Optional<User> basic(String encoded, String address) {
    try {
      String pair = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(Base64.getDecoder().decode(encoded))).toString();
      int colon = pair.indexOf(':');
      return colon <= 0 ? Optional.empty() : checkPassword(pair.substring(0, colon), pair.substring(colon + 1), address);
    } catch (IllegalArgumentException | CharacterCodingException malformed) {
      return Optional.empty();
    }
  }

  /** Every password check, behind the failed-login limits ({@link LoginThrottle}). */
  private Optional<User> checkPassword(String name, String password, String address) {
    logins.admit(name, address);
    Optional<User> user = accounts.checkPassword(name, password);
    if (user.isPresent()) {
      logins.succeeded(name);
    } else {
      logins.failed(name, address);
    }
    return user;
  }

  private Outcome bearer(String token) {
    return verifyBearer(token).<Outcome>map(i -> new Ok(i, null)).orElse(new Refused(false, true));
  }

  /** The identity a bearer token proves (ours, or the OIDC issuer's): also the WebSocket's in-band refresh. */
  public Optional<Identity> verifyBearer(String token) {
    if (token == null || token.isEmpty()) {
      return Optional.empty();
    }
    if (tokens.claimsOurs(token)) {
      return tokens.verify(token).filter(c -> credentials.familyLive(c.family()))
          .flatMap(c -> accounts.active(c.user()).map(u ->
              new Identity(u.name(), u.roles(), "bearer", "family:" + c.family(), c.expiresAt())));
    }
    return external.flatMap(e -> e.verify(token));
  }

  /** Whether the credential behind {@code identity} is still valid (not revoked since it was checked). */
  public boolean stillValid(Identity identity) {
    String id = identity.credentialId();
    return switch (identity.scheme()) {
      case "basic" -> accounts.active(identity.user()).isPresent();
      case "bearer" -> credentials.familyLive(id.substring("family:".length()))
          && accounts.active(identity.user()).isPresent();
      case "session" -> credentials.sessionLive(id.substring("session:".length()))
          && accounts.active(identity.user()).isPresent();
      case "apikey" -> accounts.keyExists(id.substring("key:".length()));
      default -> true;
    };
  }

  private static Identity identity(ApiKey key) {
    return new Identity(key.name(), key.roles(), "apikey", "key:" + key.id(), null);
  }

  // The /auth endpoints

  public Optional<Credentials.Grant> passwordGrant(String user, String password) {
    return passwordGrant(user, password, null);
  }

  /** The password grant from the client at {@code address} (null: unknown); throttled like every password check. */
  public Optional<Credentials.Grant> passwordGrant(String user, String password, String address) {
    return checkPassword(user, password, address).map(credentials::open);
  }

  public Optional<Credentials.Grant> refreshGrant(String refreshToken) {
    return credentials.rotate(refreshToken, accounts::active);
  }

  public Optional<Credentials.NewSession> login(String user, String password) {
    return login(user, password, null);
  }

  /** A browser login from the client at {@code address} (null: unknown); throttled like every password check. */
  public Optional<Credentials.NewSession> login(String user, String password, String address) {
    return checkPassword(user, password, address).map(credentials::login);
  }

  public void logout(BrowserSession session) {
    credentials.logout(session);
  }

  /** A one-time ticket standing for {@code identity}, for {@code transport} (null: any realtime one). */
  public String ticket(Identity identity, String transport) {
    return tickets.issue(identity, transport);
  }

  public long ticketSeconds() {
    return tickets.lifetimeSeconds();
  }

  public long sessionSeconds() {
    return settings.sessionSeconds();
  }

  public Map<String, Object> jwks() {
    return tokens.jwks();
  }

  public Accounts accounts() {
    return accounts;
  }

  /** Forgets expired sessions and refresh families: housekeeping. */
  public void prune() {
    credentials.prune();
  }
}

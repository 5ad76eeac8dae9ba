package io.switchboard.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.switchboard.config.Settings;
import io.switchboard.store.Database;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The access tokens this server issues: RFC 9068 JWTs ({@code typ: at+jwt}) signed with ES256 by a
 * key pair generated at first start and stored in the database, so every node signs and verifies
 * with the same key (the oldest stored one). Validation takes the algorithm from here, never from
 * the token: only ES256 with our key verifies, so {@code alg: none}, an HMAC keyed with our public
 * key, and keys embedded in the header ({@code jwk}, {@code jku}) are all refused. {@code iss},
 * {@code aud}, {@code typ}, {@code exp} and {@code nbf} (with the configured skew) are checked.
 */
public final class AccessTokens {
  static final JOSEObjectType TYPE = new JOSEObjectType("at+jwt");
  private static final String ROLES = "roles";
  private static final String FAMILY = "sid";

  private final ECKey key;
  private final JWKSet published;
  private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
  private final Settings.Auth settings;
  private final Clock clock;
  /**
   * Tokens whose signature and claims verified, by their SHA-256, for a minute at most (and never
   * past their {@code exp}): a client sends the same token on every request, and an ES256
   * verification costs more than the rest of a document read. What can change meanwhile (the
   * family revoked, the user disabled) is checked on every request by the caller.
   */
  private final Cache<String, Claims> verified = Caffeine.newBuilder().maximumSize(100_000)
      .expireAfterWrite(Duration.ofMinutes(1)).build();

  /** A verified token of ours. */
  public record Claims(String user, Set<String> roles, String family, Instant expiresAt) {}

  /** An issued token and its lifetime in seconds. */
  public record Issued(String token, long expiresIn) {}

  private AccessTokens(ECKey key, Settings.Auth settings, Clock clock) {
    this.key = key;
    this.settings = settings;
    this.clock = clock;
    this.published = new JWKSet(key.toPublicJWK());
    processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(TYPE));
    processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.ES256, new ImmutableJWKSet<>(published)));
    DefaultJWTClaimsVerifier<SecurityContext> claims = new DefaultJWTClaimsVerifier<>(Set.of(settings.audience()),
        new JWTClaimsSet.Builder().issuer(settings.issuer()).build(), Set.of("sub", "exp", "iat", "jti", FAMILY), Set.of());
    claims.setMaxClockSkew((int) settings.skewSeconds());
    processor.setJWTClaimsSetVerifier(claims);
  }

  /** Loads the signing key from the database, creating it on the very first start. */
  public static AccessTokens load(Database database, Settings.Auth settings, Clock clock) {
    List<String> stored = database.read(tx -> tx.auth().signingKeys());
    if (stored.isEmpty()) {
      ECKey fresh = generate();
      database.write(tx -> {
        tx.auth().insertSigningKey(fresh.getKeyID(), fresh.toJSONString(), clock.instant());
        return null;
      });
      stored = database.read(tx -> tx.auth().signingKeys());
    }
    try {
      return new AccessTokens(ECKey.parse(stored.get(0)), settings, clock);
    } catch (ParseException e) {
      throw new IllegalStateException("The stored token-signing key does not parse", e);
    }
  }

  private static ECKey generate() {
    try {
      return new ECKeyGenerator(Curve.P_256).keyIDFromThumbprint(true).keyUse(KeyUse.SIGNATURE)
          .algorithm(JWSAlgorithm.ES256).generate();
    } catch (JOSEException e) {
      throw new IllegalStateException("Cannot generate a P-256 key pair", e);
    }
  }

  public Issued issue(String user, Set<String> roles, String family) {
    Instant now = clock.instant();
    JWTClaimsSet claims = new JWTClaimsSet.Builder()
        .issuer(settings.issuer()).audience(settings.audience()).subject(user)
        .claim("client_id", settings.issuer()).claim(ROLES, List.copyOf(new TreeSet<>(roles))).claim(FAMILY, family)
        .issueTime(Date.from(now)).notBeforeTime(Date.from(now))
        .expirationTime(Date.from(now.plusSeconds(settings.tokenSeconds()))).jwtID(Secrets.id())
        .build();
    SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).type(TYPE).keyID(key.getKeyID()).build(),
        claims);
    try {
      jwt.sign(new ECDSASigner(key));
    } catch (JOSEException e) {
      throw new IllegalStateException("Cannot sign an access token", e);
    }
    return new Issued(jwt.serialize(), settings.tokenSeconds());
  }

  /** The token's claims if it is one of ours and valid now; empty for anything else. */
  public Optional<Claims> verify(String token) {
    String key = Secrets.hash(token);
    Claims known = verified.getIfPresent(key);
    if (known != null) {
      return clock.instant().isBefore(known.expiresAt().plusSeconds(settings.skewSeconds()))
          ? Optional.of(known) : Optional.empty();
    }
    Optional<Claims> claims = check(token);
    claims.ifPresent(c -> verified.put(key, c));
    return claims;
  }

  private Optional<Claims> check(String token) {
    try {
      JWTClaimsSet claims = processor.process(token, null);
      List<String> roles = claims.getStringListClaim(ROLES);
      return Optional.of(new Claims(claims.getSubject(), roles == null ? Set.of() : Set.copyOf(roles),
          claims.getStringClaim(FAMILY), claims.getExpirationTime().toInstant()));
    } catch (ParseException | BadJOSEException | JOSEException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /** Whether a token claims to be ours (by its unverified {@code iss}): which verifier to try. */
  public boolean claimsOurs(String token) {
    return settings.issuer().equals(ExternalTokens.unverifiedIssuer(token));
  }

  /** The public signing keys, as {@code /auth/jwks.json} serves them. */
  public Map<String, Object> jwks() {
    return published.toJSONObject(true);
  }

}

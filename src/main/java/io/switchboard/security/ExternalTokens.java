package io.switchboard.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import io.switchboard.config.Settings;
import io.switchboard.model.Identity;
import java.net.MalformedURLException;
import java.net.URI;
import java.text.ParseException;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Access tokens of an external OpenID Connect issuer (Switchboard as an OAuth 2.0 resource server).
 * Keys come from the issuer's JWKS URL through Nimbus's cached source, which refetches when a token
 * names an unknown {@code kid}, rate limited (Nimbus allows two fetches per
 * {@code refetchSeconds}, default 30), so forged {@code kid}s cannot make us hammer the issuer. Algorithms come from configuration; {@code iss} and {@code aud} must match;
 * {@code typ} may be {@code JWT}, {@code at+jwt} or absent (issuers differ). The principal and its
 * roles are read from configured claims (the roles claim may be a dotted path, as Keycloak's
 * {@code realm_access.roles}).
 */
public final class ExternalTokens {
  private static final long CACHE_MILLIS = 15 * 60_000;

  private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
  private final Settings.Oidc settings;

  public ExternalTokens(Settings.Oidc settings, long skewSeconds) {
    this.settings = settings;
    JWKSource<SecurityContext> keys;
    try {
      keys = JWKSourceBuilder.create(URI.create(settings.jwksUrl()).toURL())
          .cache(CACHE_MILLIS, 10_000).rateLimited(settings.refetchSeconds() * 1000).retrying(false).build();
    } catch (MalformedURLException | IllegalArgumentException e) {
      throw new IllegalArgumentException("switchboard.auth.oidc.jwks.url is not a URL", e);
    }
    Set<JWSAlgorithm> algorithms = Arrays.stream(settings.algorithms().split(",")).map(String::trim)
        .filter(a -> !a.isEmpty()).map(JWSAlgorithm::parse).collect(Collectors.toSet());
    if (algorithms.isEmpty() || algorithms.stream().anyMatch(a -> a.getName().startsWith("HS") || "none".equals(a.getName()))) {
      throw new IllegalArgumentException("switchboard.auth.oidc.algorithms must list asymmetric JWS algorithms");
    }
    processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(JOSEObjectType.JWT, AccessTokens.TYPE, null));
    processor.setJWSKeySelector(new JWSVerificationKeySelector<>(algorithms, keys));
    DefaultJWTClaimsVerifier<SecurityContext> claims = new DefaultJWTClaimsVerifier<>(Set.of(settings.audience()),
        new JWTClaimsSet.Builder().issuer(settings.issuer()).build(), Set.of("exp", settings.principalClaim()), Set.of());
    claims.setMaxClockSkew((int) skewSeconds);
    processor.setJWTClaimsSetVerifier(claims);
  }

  /** The identity a valid token of the issuer proves; empty for anything else. */
  public Optional<Identity> verify(String token) {
    try {
      JWTClaimsSet claims = processor.process(token, null);
      Object principal = claims.getClaim(settings.principalClaim());
      if (!(principal instanceof String name) || name.isBlank()) {
        return Optional.empty();
      }
      return Optional.of(new Identity(name, roles(claims.getClaims()), "oidc", null,
          claims.getExpirationTime().toInstant()));
    } catch (ParseException | BadJOSEException | JOSEException | RuntimeException e) {
      return Optional.empty();
    }
  }

  public String issuer() {
    return settings.issuer();
  }

  private Set<String> roles(Map<String, Object> claims) {
    Object value = claims;
    for (String step : settings.rolesClaim().split("\\.")) {
      value = value instanceof Map<?, ?> map ? map.get(step) : null;
    }
    if (value instanceof Collection<?> list) {
      return list.stream().filter(String.class::isInstance).map(String.class::cast).collect(Collectors.toSet());
    }
    return value instanceof String one ? Set.copyOf(List.of(one.split(" "))) : Set.of();
  }

  /** The {@code iss} a token claims, unverified (only to pick the verifier), or null. */
  static String unverifiedIssuer(String token) {
    try {
      return JWTParser.parse(token).getJWTClaimsSet().getIssuer();
    } catch (ParseException | RuntimeException e) {
      return null;
    }
  }
}

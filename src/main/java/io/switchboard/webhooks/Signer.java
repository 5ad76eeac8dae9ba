package io.switchboard.webhooks;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Standard Webhooks signatures (https://www.standardwebhooks.com): a secret is {@code whsec_} +
 * base64 of 32 random bytes; the signature of a message is {@code v1,} + base64 of HMAC-SHA256,
 * keyed with the secret's bytes, over {@code <webhook-id>.<webhook-timestamp>.<body>}. Several
 * secrets (during a rotation) give several space-separated signatures. HMAC is the JDK's.
 */
final class Signer {
  static final String PREFIX = "whsec_";
  private static final SecureRandom RANDOM = new SecureRandom();

  private Signer() {}

  static String newSecret() {
    byte[] key = new byte[32];
    RANDOM.nextBytes(key);
    return PREFIX + Base64.getEncoder().encodeToString(key);
  }

  /** The {@code webhook-signature} header value for a message signed with each of {@code secrets}. */
  static String signature(List<String> secrets, String messageId, long timestamp, String body) {
    String content = messageId + "." + timestamp + "." + body;
    return secrets.stream().map(secret -> "v1," + hmac(secret, content)).collect(Collectors.joining(" "));
  }

  private static String hmac(String secret, String content) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring(PREFIX.length())), "HmacSHA256"));
      return Base64.getEncoder().encodeToString(mac.doFinal(content.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }
}

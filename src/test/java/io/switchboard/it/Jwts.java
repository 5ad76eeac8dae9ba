package io.switchboard.it;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Hand-forged JWTs for the suite, built with the JDK's crypto only: no JWT library, so the tokens
 * do not depend on the code under test. ES256 signatures are JWS's raw {@code R||S}, converted
 * from the JDK's DER.
 */
final class Jwts {
  static final ObjectMapper JSON = new ObjectMapper();
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

  private Jwts() {}

  static ObjectNode header(String alg, String typ, String kid) {
    ObjectNode h = JSON.createObjectNode().put("alg", alg);
    if (typ != null) {
      h.put("typ", typ);
    }
    if (kid != null) {
      h.put("kid", kid);
    }
    return h;
  }

  /** Claims with {@code iss}, {@code aud}, {@code sub} and {@code exp} seconds from now ({@code iat} now). */
  static ObjectNode claims(String iss, String aud, String sub, long expInSeconds) {
    long now = System.currentTimeMillis() / 1000;
    return JSON.createObjectNode().put("iss", iss).put("aud", aud).put("sub", sub).put("iat", now)
        .put("exp", now + expInSeconds).put("jti", Long.toHexString(System.nanoTime()));
  }

  static String b64(byte[] bytes) {
    return B64.encodeToString(bytes);
  }

  static String signingInput(ObjectNode header, ObjectNode claims) {
    return b64(header.toString().getBytes(StandardCharsets.UTF_8)) + "."
        + b64(claims.toString().getBytes(StandardCharsets.UTF_8));
  }

  static String rs256(ObjectNode header, ObjectNode claims, PrivateKey key) throws Exception {
    String input = signingInput(header, claims);
    Signature s = Signature.getInstance("SHA256withRSA");
    s.initSign(key);
    s.update(input.getBytes(StandardCharsets.US_ASCII));
    return input + "." + b64(s.sign());
  }

  static String es256(ObjectNode header, ObjectNode claims, PrivateKey key) throws Exception {
    String input = signingInput(header, claims);
    Signature s = Signature.getInstance("SHA256withECDSA");
    s.initSign(key);
    s.update(input.getBytes(StandardCharsets.US_ASCII));
    return input + "." + b64(derToRaw(s.sign(), 32));
  }

  static String hs256(ObjectNode header, ObjectNode claims, byte[] secret) throws Exception {
    String input = signingInput(header, claims);
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(secret, "HmacSHA256"));
    return input + "." + b64(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
  }

  /** {@code alg: none}: no signature at all. */
  static String unsigned(ObjectNode claims) {
    return signingInput(header("none", "at+jwt", null), claims) + ".";
  }

  /** The token with its payload replaced by {@code claims}, signature kept. */
  static String tampered(String token, ObjectNode claims) {
    String[] parts = token.split("\\.");
    return parts[0] + "." + b64(claims.toString().getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
  }

  /** The payload of a token, decoded (for reading, not verifying). */
  static ObjectNode payload(String token) throws Exception {
    return (ObjectNode) JSON.readTree(Base64.getUrlDecoder().decode(token.split("\\.")[1]));
  }

  static KeyPair rsa() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
    g.initialize(2048);
    return g.generateKeyPair();
  }

  static KeyPair ec() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp256r1"));
    return g.generateKeyPair();
  }

  static ObjectNode rsaJwk(RSAPublicKey key, String kid) {
    return JSON.createObjectNode().put("kty", "RSA").put("kid", kid).put("use", "sig").put("alg", "RS256")
        .put("n", b64(unsigned(key.getModulus()))).put("e", b64(unsigned(key.getPublicExponent())));
  }

  static ObjectNode ecJwk(ECPublicKey key, String kid) {
    return JSON.createObjectNode().put("kty", "EC").put("kid", kid).put("crv", "P-256")
        .put("x", b64(fixed(key.getW().getAffineX(), 32))).put("y", b64(fixed(key.getW().getAffineY(), 32)));
  }

  private static byte[] unsigned(BigInteger n) {
    byte[] bytes = n.toByteArray();
    return bytes[0] == 0 ? Arrays.copyOfRange(bytes, 1, bytes.length) : bytes;
  }

  private static byte[] fixed(BigInteger n, int length) {
    byte[] bytes = unsigned(n);
    byte[] out = new byte[length];
    System.arraycopy(bytes, 0, out, length - bytes.length, bytes.length);
    return out;
  }

  /** A DER ECDSA signature (SEQUENCE of two INTEGERs) as JWS's fixed-length R||S. */
  static byte[] derToRaw(byte[] der, int half) {
    int offset = der[1] == (byte) 0x81 ? 3 : 2;
    int rLength = der[offset + 1];
    BigInteger r = new BigInteger(1, Arrays.copyOfRange(der, offset + 2, offset + 2 + rLength));
    int sOffset = offset + 2 + rLength;
    int sLength = der[sOffset + 1];
    BigInteger s = new BigInteger(1, Arrays.copyOfRange(der, sOffset + 2, sOffset + 2 + sLength));
    byte[] raw = new byte[2 * half];
    System.arraycopy(fixed(r, half), 0, raw, 0, half);
    System.arraycopy(fixed(s, half), 0, raw, half, half);
    return raw;
  }
}

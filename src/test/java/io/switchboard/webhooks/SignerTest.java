package io.switchboard.webhooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class SignerTest {
  /** The example of the Standard Webhooks reference libraries' test suites. */
  @Test
  void signs_the_reference_example_as_the_specification_does() {
    assertEquals("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=",
        Signer.signature(List.of("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"), "msg_p5jXN8AQM9LWM0D4loKWxJek",
            1614265330, "{\"test\": 2432232314}"));
  }

  @Test
  void a_rotation_sends_one_signature_per_secret_separated_by_a_space() {
    String a = Signer.newSecret();
    String b = Signer.newSecret();
    String both = Signer.signature(List.of(a, b), "msg_1", 1, "{}");
    assertEquals(List.of(Signer.signature(List.of(a), "msg_1", 1, "{}"), Signer.signature(List.of(b), "msg_1", 1, "{}")),
        List.of(both.split(" ")));
  }

  @Test
  void secrets_are_whsec_and_32_random_bytes() {
    String secret = Signer.newSecret();
    assertTrue(secret.startsWith("whsec_"));
    assertEquals(32, Base64.getDecoder().decode(secret.substring(6)).length);
    assertNotEquals(secret, Signer.newSecret());
  }
}

package io.switchboard.documents;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.model.SwitchboardException;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Random and hostile patches of both formats against random documents: every outcome is a result
 * or a Switchboard 4xx problem, never another exception (which the server would answer with a
 * 500), and a refused patch leaves its target untouched. Seeded, so a failure reproduces.
 */
class PatchFuzzTest {
  private final Random random = new Random(19);
  private final Fuzz fuzz = new Fuzz(random);

  @Test
  void no_patch_ends_in_anything_but_a_result_or_a_4xx_problem_and_refusals_change_nothing() {
    int refused = 0;
    for (int i = 0; i < 20_000; i++) {
      ObjectNode target = fuzz.object(0);
      ObjectNode before = target.deepCopy();
      boolean json = random.nextBoolean();
      JsonNode patch = json ? fuzz.jsonPatch() : fuzz.value(0);
      try {
        (json ? Patches.JSON_PATCH : Patches.MERGE).apply(target, patch);
      } catch (SwitchboardException e) {
        refused++;
        assertTrue(e.problem().status >= 400 && e.problem().status < 500, e.problem() + " for " + patch);
      } catch (RuntimeException e) {
        fail("a " + e.getClass().getName() + " (a 500) for the patch " + patch + " of " + before, e);
      }
      assertEquals(before, target, "the target is never changed in place: " + patch);
    }
    System.out.println("patch fuzz: 20000 patches, " + refused + " refused with a 4xx problem");
  }
}

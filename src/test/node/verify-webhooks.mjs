// Verifies webhook deliveries with the reference Standard Webhooks library (npm "standardwebhooks"),
// not with Switchboard's own signer. Reads a JSON array of {secret, headers, body} on stdin and
// prints a JSON array of {ok, error} in the same order.
import { Webhook } from "standardwebhooks";

let input = "";
for await (const chunk of process.stdin) input += chunk;
const results = JSON.parse(input).map(({ secret, headers, body }) => {
  try {
    new Webhook(secret).verify(body, headers);
    return { ok: true };
  } catch (e) {
    return { ok: false, error: String(e && e.message || e) };
  }
});
process.stdout.write(JSON.stringify(results));

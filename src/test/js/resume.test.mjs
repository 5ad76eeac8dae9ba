// A dropped connection loses nothing and repeats nothing: the client resumes every subscription
// from its cursor, on each transport.
import { test } from "node:test";
import assert from "node:assert/strict";
import { HostileProxy } from "./proxy.mjs";
import { BASE, admin, client, fresh, until, stateReached } from "./helpers.mjs";

for (const transport of ["websocket", "sse", "poll"]) {
  test(`over ${transport}, documents written while the connection is cut all arrive once and in order`, { timeout: 60000 }, async () => {
    const proxy = await new HostileProxy(new URL(BASE)).start();
    const sb = client({ url: proxy.url, transports: [transport] });
    try {
      const collection = fresh("resume");
      const seen = [];
      const sub = sb.subscribe(collection, { onEvent: e => seen.push(e) });
      await sub.ready;
      const written = [];
      for (let i = 0; i < 10; i++) written.push((await admin("POST", `/api/${collection}`, { n: i })).body.id);
      await until(() => seen.length >= 10, 20000, "the first ten events");

      proxy.down = true;
      proxy.cut();
      await stateReached(sb, s => s.state === "reconnecting");
      for (let i = 10; i < 30; i++) written.push((await admin("POST", `/api/${collection}`, { n: i })).body.id);
      proxy.down = false;
      await until(() => seen.length >= 30, 30000, "all thirty events");
      await new Promise(resolve => setTimeout(resolve, 300)); // room for a duplicate to show up, were there one

      assert.deepEqual(seen.map(e => e.id), written, "every document once, in write order");
      const cursors = seen.map(e => BigInt(e.cursor));
      assert.ok(cursors.every((c, i) => i === 0 || c > cursors[i - 1]), "cursors strictly increase");
      assert.equal(sb.state.state, "open");
      assert.equal(sb.state.transport, transport);
    } finally {
      sb.close();
      await proxy.stop();
    }
  });
}

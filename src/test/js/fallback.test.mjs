// WebSocket first; when it is refused, hangs or is buffered, the client falls back (SSE, then
// long-poll), keeps delivering, probes WebSocket and upgrades back when it works again, resuming
// every subscription from its cursor. The times to fall back and to re-upgrade are printed.
import { test } from "node:test";
import assert from "node:assert/strict";
import { HostileProxy } from "./proxy.mjs";
import { BASE, admin, client, fresh, until, stateReached, report } from "./helpers.mjs";

const CASES = [
  { mode: "refuse", sse: "pass", fallback: "sse", what: "refused" },
  { mode: "hang", sse: "pass", fallback: "sse", what: "left hanging" },
  { mode: "buffer", sse: "buffer", fallback: "poll", what: "buffered (and SSE too)" },
];

for (const { mode, sse, fallback, what } of CASES) {
  test(`a WebSocket that is ${what} falls back to ${fallback}, then upgrades back with nothing lost`, { timeout: 90000 }, async () => {
    const proxy = await new HostileProxy(new URL(BASE)).start();
    proxy.ws = mode;
    proxy.sse = sse;
    const sb = client({ url: proxy.url });
    const states = [];
    sb.on("state", s => states.push(s));
    try {
      const collection = fresh("fallback");
      const channel = `room:${fresh("r")}`;
      const seen = [];
      const messages = [];
      const started = Date.now();
      const sub = sb.subscribe(collection, { onEvent: e => seen.push(e) });
      const ch = sb.channel(channel);
      ch.on("message", data => messages.push(data.n));
      await stateReached(sb, s => s.state === "open", 30000);
      const fellBack = Date.now() - started;
      assert.equal(sb.state.transport, fallback, `on ${fallback} (states: ${JSON.stringify(states)})`);
      report(`fallback, WebSocket ${mode} -> ${fallback}`, fellBack);
      await sub.ready;
      await ch.ready;

      const written = [];
      const write = async n => {
        written.push((await admin("POST", `/api/${collection}`, { n })).body.id);
        await admin("POST", `/realtime/channels/${channel}`, { n });
      };
      for (let i = 0; i < 5; i++) await write(i);
      await until(() => seen.length >= 5 && messages.length >= 5, 20000, `five events on ${fallback}`);

      // WebSocket works again: the client notices by probing and moves every subscription to it.
      proxy.ws = "pass";
      const healed = Date.now();
      let i = 5;
      const writer = (async () => { while (sb.state.transport !== "websocket" && i < 200) await write(i++); })();
      await stateReached(sb, s => s.state === "open" && s.transport === "websocket", 30000);
      report(`re-upgrade, ${fallback} -> WebSocket`, Date.now() - healed);
      await writer;
      for (let j = 0; j < 5; j++) await write(i++);
      await until(() => seen.length >= written.length && messages.length >= written.length, 20000, "every event after the upgrade");
      await new Promise(resolve => setTimeout(resolve, 300));

      assert.deepEqual(seen.map(e => e.id), written, "each document event exactly once, in order, across the switch");
      assert.deepEqual(messages, written.map((_, n) => n), "each channel message exactly once, in order");
      assert.ok(proxy.upgrades.pass >= 1, "the upgrade went through the proxy");
    } finally {
      sb.close();
      await proxy.stop();
    }
  });
}

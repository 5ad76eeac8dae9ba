// Reconnect policy against a fake server (no Switchboard needed): close codes, backoff, Retry-After,
// fresh credentials after 4004, and de-duplication by cursor.
import { test } from "node:test";
import assert from "node:assert/strict";
import http from "node:http";
import { WebSocket, WebSocketServer } from "ws";
import { Switchboard, backoffDelay, closePolicy, cursorAfter, comparator } from "../../../webapp/js/switchboard.js";
import { until, stateReached } from "./helpers.mjs";

/** A fake server: `script(n, socket, request)` runs for the n-th WebSocket connection (0-based). */
async function fakeServer(script, httpHandler = (req, res) => { res.writeHead(404); res.end(); }) {
  const server = http.createServer(httpHandler);
  const wss = new WebSocketServer({ server, handleProtocols: protocols => (protocols.has("switchboard.v1") ? "switchboard.v1" : false) });
  const connections = [];
  wss.on("connection", (socket, request) => {
    const n = connections.push({ socket, headers: request.headers }) - 1;
    socket.send(JSON.stringify({ op: "welcome", session: `s${n}`, cursor: "10" }));
    socket.on("message", raw => {
      const command = JSON.parse(String(raw));
      if (command.op === "subscribe") {
        connections[n].cursor = command.cursor;
        socket.send(JSON.stringify({ op: "reply", id: command.id, status: 200, sub: command.sub, topic: command.topic, cursor: command.cursor ?? "10" }));
        script(n, socket, command);
      }
    });
  });
  await new Promise(resolve => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${server.address().port}`, connections, close: () => { wss.close(); server.closeAllConnections(); server.close(); } };
}

function sbFor(url, options = {}) {
  return new Switchboard({ url, WebSocket, transports: ["websocket"], auth: { bearer: "t0" }, backoff: { baseMs: 100, capMs: 400 }, connectTimeoutMs: 1000, ...options });
}

test("backoff is full jitter under an exponential ceiling, capped", () => {
  assert.equal(backoffDelay(0, 500, 30000, () => 0), 0);
  assert.equal(backoffDelay(0, 500, 30000, () => 0.999), 499);
  assert.equal(backoffDelay(3, 500, 30000, () => 0.999), 3996);
  assert.equal(backoffDelay(20, 500, 30000, () => 0.999), 29970, "capped");
  const samples = Array.from({ length: 200 }, () => backoffDelay(4, 100, 30000));
  assert.ok(samples.every(d => d >= 0 && d < 1600), "within [0, base * 2^n)");
  assert.ok(new Set(samples).size > 50, "spread, not a fixed delay");
});

test("close codes map to the documented reconnect policy", () => {
  for (const code of [1002, 1003, 1009, 4005, 4006]) assert.equal(closePolicy(code), "fail", String(code));
  assert.equal(closePolicy(4000), "now");
  assert.equal(closePolicy(1001), "jitter");
  assert.equal(closePolicy(4004), "refresh");
  for (const code of [1000, 1006, 1008, 1011, 4001, 4002, 4003]) assert.equal(closePolicy(code), "backoff", String(code));
});

test("cursors compare as integers beyond 2^53, and the comparator orders like the server", () => {
  assert.ok(cursorAfter("10", "9"));
  assert.ok(cursorAfter("9007199254740993", "9007199254740992"));
  assert.ok(!cursorAfter("42", "42"));
  const docs = [{ id: "b", p: 1, t: "x" }, { id: "a", p: 1, t: "x" }, { id: "c", t: "a" }, { id: "d", p: 3, t: "b" }];
  assert.deepEqual(docs.sort(comparator("-p,t")).map(d => d.id), ["d", "a", "b", "c"], "descending: missing last; id breaks ties");
  assert.deepEqual(docs.sort(comparator("p")).map(d => d.id), ["c", "a", "b", "d"], "ascending: missing first");
});

test("a slow-consumer close (4000) reconnects at once from the last cursor", { timeout: 10000 }, async () => {
  const fake = await fakeServer((n, socket) => {
    if (n === 0) {
      socket.send(JSON.stringify({ op: "event", sub: "s1", event: { cursor: "11", topic: "t", type: "created", id: "x", version: 1 } }));
      socket.close(4000, "slow consumer");
    }
  });
  const sb = sbFor(fake.url);
  const states = [];
  sb.on("state", s => states.push(s));
  try {
    sb.subscribe("t");
    await until(() => fake.connections.length === 2 && fake.connections[1].cursor, 5000, "a second connection");
    const retry = states.find(s => s.state === "reconnecting");
    assert.equal(retry.retryInMs, 0);
    assert.equal(retry.code, 4000);
    assert.equal(fake.connections[1].cursor, "11", "resumed after the last event");
  } finally { sb.close(); fake.close(); }
});

for (const code of [4005, 4006, 1002]) {
  test(`close ${code} is final: state failed and no reconnect`, { timeout: 10000 }, async () => {
    const fake = await fakeServer(n => { if (n === 0) fake.connections[0].socket.close(code, "no"); });
    const sb = sbFor(fake.url);
    try {
      sb.subscribe("t");
      const failed = await stateReached(sb, s => s.state === "failed", 5000);
      assert.equal(failed.code, code);
      // Absence cannot be awaited: give a reconnect several backoff ceilings (400 ms) to happen.
      await new Promise(resolve => setTimeout(resolve, 1200));
      assert.equal(fake.connections.length, 1);
    } finally { sb.close(); fake.close(); }
  });
}

test("an expired credential (4004) asks auth for a fresh one before reconnecting", { timeout: 10000 }, async () => {
  const fake = await fakeServer(n => { if (n === 0) fake.connections[0].socket.close(4004, "expired"); });
  let calls = 0;
  const sb = sbFor(fake.url, { auth: async () => ({ bearer: `token-${++calls}` }) });
  try {
    sb.subscribe("t");
    await until(() => fake.connections.length === 2, 5000, "the reconnect");
    assert.equal(fake.connections[0].headers.authorization, "Bearer token-1");
    assert.notEqual(fake.connections[1].headers.authorization, "Bearer token-1");
  } finally { sb.close(); fake.close(); }
});

test("going away (1001) reconnects after a jittered delay, other failures after a growing backoff", { timeout: 15000 }, async () => {
  const fake = await fakeServer(n => fake.connections[n].socket.close(n === 0 ? 1001 : 1011, "bye"));
  const sb = sbFor(fake.url);
  const delays = [];
  sb.on("state", s => { if (s.state === "reconnecting" && s.retryInMs != null) delays.push([s.code, s.retryInMs]); });
  try {
    sb.subscribe("t");
    await until(() => delays.length >= 5, 10000, "five reconnects");
    assert.equal(delays[0][0], 1001);
    assert.ok(delays[0][1] >= 0 && delays[0][1] < 400);
    delays.slice(1).forEach(([code, ms], i) => {
      assert.equal(code, 1011);
      assert.ok(ms < Math.min(400, 100 * 2 ** (i + 1)), `attempt ${i}: ${ms} ms under its ceiling`);
    });
  } finally { sb.close(); fake.close(); }
});

test("an event at or before the subscription's cursor is dropped as already seen", { timeout: 10000 }, async () => {
  const fake = await fakeServer((n, socket, command) => {
    for (const cursor of ["12", "12", "11", "13", "9", "14"]) {
      socket.send(JSON.stringify({ op: "event", sub: command.sub, event: { cursor, topic: "t", type: "updated", id: "x", version: Number(cursor) } }));
    }
  });
  const sb = sbFor(fake.url);
  const seen = [];
  try {
    sb.subscribe("t", { cursor: "11", onEvent: e => seen.push(e.cursor) });
    await until(() => seen.includes("14"), 5000, "the last event");
    assert.deepEqual(seen, ["12", "13", "14"]);
  } finally { sb.close(); fake.close(); }
});

test("429 with Retry-After on an HTTP transport waits at least that long", { timeout: 10000 }, async () => {
  let requests = 0;
  const fake = await fakeServer(() => {}, (req, res) => {
    requests++;
    res.writeHead(429, { "Content-Type": "application/problem+json", "Retry-After": "2" });
    res.end(JSON.stringify({ status: 429, code: "rate-limited", title: "Too many" }));
  });
  const sb = sbFor(fake.url, { transports: ["sse"] });
  try {
    sb.subscribe("t");
    const state = await stateReached(sb, s => s.state === "reconnecting", 5000);
    assert.ok(state.retryInMs >= 2000, `${state.retryInMs} ms`);
    assert.equal(state.transport, "sse", "a rate limit is not a reason to fall back");
    assert.equal(requests, 1);
  } finally { sb.close(); fake.close(); }
});

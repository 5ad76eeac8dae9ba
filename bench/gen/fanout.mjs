// Fan-out load generator (loopback only, bounded): N subscribers on one topic of one server, messages
// published at a fixed rate, each carrying its send time (~100-byte payload). Prints one JSON line:
// deliveries/s, lost, end-to-end latency p50/p99/max (publish request start to receipt), and this
// process's CPU (percent of one core) so the harness can flag a saturated generator.
//
//   node gen/fanout.mjs --target switchboard|raw|socketio|ws --transport ws|sse|stream|poll
//        --url http://127.0.0.1:8080 --subscribers 1000 --rate 10 --seconds 10 [--mode channel|document]
//        [--key sbk_...]
//
// Switchboard needs a credential: the API key from --key or env SWITCHBOARD_API_KEY goes as header
// X-API-Key on every request, stream and WebSocket handshake to it (none when unset, and never to
// the reference servers).
import http from "node:http";
import WebSocket from "ws";
import { io } from "socket.io-client";

const args = Object.fromEntries(process.argv.slice(2).reduce((pairs, arg, i, all) =>
  arg.startsWith("--") ? [...pairs, [arg.slice(2), all[i + 1]]] : pairs, []));
const target = args.target ?? "switchboard";
const transport = args.transport ?? "ws";
const base = args.url ?? "http://127.0.0.1:8080";
const subscribers = Number(args.subscribers ?? 1000);
const rate = Number(args.rate ?? 10);
const seconds = Number(args.seconds ?? 10);
const mode = args.mode ?? "channel";
const key = target === "switchboard" ? args.key ?? process.env.SWITCHBOARD_API_KEY : undefined;
const auth = key ? { "X-API-Key": key } : {};
if (!/^http:\/\/127\./.test(base)) throw new Error("loopback targets only");

const run = Date.now().toString(36);
const topic = mode === "document" ? `bench${run}` : `bench:fan${run}`;
const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity });
const pad = "x".repeat(60);
const latencies = [];
let delivered = 0;
const now = () => performance.timeOrigin + performance.now();

function received(payload) {
  const sent = payload?.sent ?? payload?.data?.sent;
  if (typeof sent === "number") {
    latencies.push(now() - sent);
    delivered++;
  }
}

function request(method, path, body) {
  return new Promise((resolve, reject) => {
    const req = http.request(base + path, { method, agent, headers: { ...auth, ...(body ? { "Content-Type": "application/json" } : {}) } },
      (res) => {
        let text = "";
        res.on("data", (c) => text += c);
        res.on("end", () => resolve({ status: res.statusCode, headers: res.headers, text }));
      });
    req.on("error", reject);
    if (body) req.write(body);
    req.end();
  });
}

async function cursorNow() {
  const r = await request("GET", mode === "document" ? `/api/${topic}` : `/api/benchcursor`);
  return r.headers["switchboard-cursor"];
}

function lines(path, onLine) {
  return new Promise((resolve, reject) => {
    http.get(base + path, { agent: false, headers: auth }, (res) => {
      res.setEncoding("utf8");
      let buffer = "";
      let opened = false;
      res.on("data", (chunk) => {
        buffer += chunk;
        let i;
        while ((i = buffer.indexOf("\n")) >= 0) {
          const line = buffer.slice(0, i);
          buffer = buffer.slice(i + 1);
          if (!opened) {
            opened = true;
            resolve(res);
          }
          onLine(line);
        }
      });
      res.on("error", () => {});
    }).on("error", reject);
  });
}

const sseData = (line) => line.startsWith("data:") ? received(JSON.parse(line.slice(5))) : undefined;

async function subscribe(start) {
  if (target === "socketio") {
    return new Promise((resolve, reject) => {
      const socket = io(base, { transports: ["websocket"], forceNew: true, reconnection: false });
      socket.on("message", (text) => received(JSON.parse(text)));
      socket.on("connect", () => resolve(socket));
      socket.on("connect_error", reject);
    });
  }
  if (transport === "ws") {
    const switchboard = target === "switchboard";
    // No permessage-deflate for anyone (the Node servers do not offer it): same bytes on every server.
    const ws = new WebSocket(base.replace(/^http/, "ws") + (switchboard ? "/realtime/ws" : "/ws"),
      switchboard ? "switchboard.v1" : undefined, { perMessageDeflate: false, headers: auth });
    return new Promise((resolve, reject) => {
      ws.on("error", reject);
      ws.on("message", (raw) => {
        const msg = JSON.parse(raw);
        if (!switchboard) return received(msg);
        if (msg.op === "event") received(msg.event);
        else if (msg.op === "reply" && msg.id === "s") resolve(ws);
      });
      ws.on("open", () => switchboard ? ws.send(JSON.stringify({ op: "subscribe", id: "s", topic, cursor: start }))
        : resolve(ws));
    });
  }
  if (transport === "sse") {
    return lines(target === "switchboard" ? `/realtime/sse?topic=${topic}&cursor=${start}` : "/sse", sseData);
  }
  if (transport === "stream") {
    return lines(`/realtime/stream?topic=${topic}&cursor=${start}`, (line) => {
      const json = JSON.parse(line);
      if (json.topic) received(json); // event lines; the welcome has a cursor but no topic
    });
  }
  if (transport === "poll") {
    const state = { stop: false };
    (async () => {
      let cursor = start;
      while (!state.stop) {
        const r = await request("GET", `/realtime/poll?topic=${topic}&wait=5&cursor=${cursor}`);
        const body = JSON.parse(r.text);
        body.events.forEach(received);
        cursor = body.cursor;
      }
    })().catch(() => {});
    return state;
  }
  throw new Error(`unknown transport ${transport}`);
}

function publish(i) {
  const body = JSON.stringify({ sent: now(), i, pad });
  if (target !== "switchboard") return request("POST", "/publish", body);
  return mode === "document" ? request("POST", `/api/${topic}`, body)
    : request("POST", `/realtime/channels/${topic}`, body);
}

const start = target === "switchboard" ? await cursorNow() : undefined;
const clients = [];
for (let i = 0; i < subscribers; i += 100) {
  clients.push(...await Promise.all(Array.from({ length: Math.min(100, subscribers - i) }, () => subscribe(start))));
}
await new Promise((resolve) => setTimeout(resolve, 1000));
console.log(JSON.stringify({ phase: "publish" }));
const cpu0 = process.cpuUsage();
const began = performance.now();
const count = Math.round(rate * seconds);
const pending = [];
for (let i = 0; i < count; i++) {
  const due = began + (i * 1000) / rate;
  const wait = due - performance.now();
  if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  pending.push(publish(i));
}
await Promise.all(pending);
const expected = count * subscribers;
const drainUntil = performance.now() + 10000;
while (delivered < expected && performance.now() < drainUntil) await new Promise((resolve) => setTimeout(resolve, 50));
const elapsed = (performance.now() - began) / 1000;
const cpu = process.cpuUsage(cpu0);
latencies.sort((a, b) => a - b);
const pct = (p) => latencies.length ? +latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))].toFixed(1) : null;
console.log(JSON.stringify({ target, transport, mode, subscribers, rate, seconds, published: count, expected, delivered,
  lost: expected - delivered, deliveriesPerSec: Math.round(delivered / elapsed), p50: pct(0.5), p99: pct(0.99),
  max: latencies.length ? +latencies[latencies.length - 1].toFixed(1) : null,
  generatorCpuPct: Math.round(100 * (cpu.user + cpu.system) / 1e6 / elapsed) }));
for (const c of clients) {
  if (c.stop === false) c.stop = true;
  else if (c.destroy) c.destroy();
  else if (c.close) c.close();
  else if (c.disconnect) c.disconnect();
}
process.exit(0);

// WebSocket fan-out load generator for Switchboard (loopback only, bounded in count and time).
//
//   node ws-fanout.mjs [--url http://127.0.0.1:8080] [--subscribers 1000] [--rate 50] [--messages 500]
//                      [--mode channel|document]
//
// Opens N switchboard.v1 connections subscribed to one topic, then makes M writes at a fixed rate:
// channel publishes (POST /realtime/channels/bench:fanout) or document writes (POST /api/bench),
// each carrying its send time. Prints deliveries/s, lost deliveries and the write-to-delivery
// latency (from just before the HTTP request to receipt on each subscriber) p50/p99/max.
import WebSocket from "ws";

const args = Object.fromEntries(process.argv.slice(2).reduce((pairs, arg, i, all) =>
  arg.startsWith("--") ? [...pairs, [arg.slice(2), all[i + 1]]] : pairs, []));
const base = args.url ?? "http://127.0.0.1:8080";
const subscribers = Number(args.subscribers ?? 1000);
const rate = Number(args.rate ?? 50);
const messages = Number(args.messages ?? 500);
const mode = args.mode ?? "channel";
const topic = mode === "channel" ? "bench:fanout" : "bench";
if (!/^http:\/\/(127\.|localhost|\[::1\])/.test(base)) throw new Error("loopback targets only");

const latencies = [];
let delivered = 0;
let lastReceipt = 0;

function connect() {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(base.replace(/^http/, "ws") + "/realtime/ws", "switchboard.v1");
    ws.on("error", reject);
    ws.on("message", (raw) => {
      const msg = JSON.parse(raw);
      if (msg.op === "reply" && msg.id === "s") resolve(ws);
      if (msg.op === "event") {
        const sent = msg.event.data?.sent;
        if (typeof sent === "number") {
          latencies.push(performance.timeOrigin + performance.now() - sent);
          delivered++;
          lastReceipt = Date.now();
        }
      }
    });
    ws.on("open", () => ws.send(JSON.stringify({ op: "subscribe", id: "s", topic })));
  });
}

const sockets = [];
for (let i = 0; i < subscribers; i += 100) {
  sockets.push(...await Promise.all(Array.from({ length: Math.min(100, subscribers - i) }, connect)));
}
const start = Date.now();
for (let i = 0; i < messages; i++) {
  const due = start + (i * 1000) / rate;
  await new Promise((r) => setTimeout(r, Math.max(0, due - Date.now())));
  const body = JSON.stringify({ sent: performance.timeOrigin + performance.now(), i });
  const path = mode === "channel" ? "/realtime/channels/bench:fanout" : "/api/bench";
  const res = await fetch(base + path, { method: "POST", headers: { "Content-Type": "application/json" }, body });
  if (res.status >= 300) throw new Error(`write failed: ${res.status}`);
}
const expected = subscribers * messages;
const deadline = Date.now() + 30_000;
while (delivered < expected && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
const seconds = (lastReceipt - start) / 1000;
latencies.sort((a, b) => a - b);
const pct = (p) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))].toFixed(1);
console.log(JSON.stringify({
  mode, subscribers, rate, messages, delivered, lost: expected - delivered,
  deliveriesPerSecond: Math.round(delivered / seconds), p50ms: pct(50), p99ms: pct(99),
  maxMs: latencies[latencies.length - 1].toFixed(1),
}));
sockets.forEach((ws) => ws.close());
process.exit(0);

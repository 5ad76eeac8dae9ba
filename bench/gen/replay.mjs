// Resume replay (loopback only): publishes E channel messages over one WebSocket (pipelined
// publish commands), then subscribes from the cursor before them and times the replay.
//   node gen/replay.mjs --url http://127.0.0.1:8080 --events 100000 [--key sbk_...]
// The API key from --key or env SWITCHBOARD_API_KEY goes as header X-API-Key on every request and
// handshake (none when unset: a Switchboard without authentication).
import WebSocket from "ws";

const args = Object.fromEntries(process.argv.slice(2).reduce((pairs, arg, i, all) =>
  arg.startsWith("--") ? [...pairs, [arg.slice(2), all[i + 1]]] : pairs, []));
const base = args.url ?? "http://127.0.0.1:8080";
const events = Number(args.events ?? 100000);
const key = args.key ?? process.env.SWITCHBOARD_API_KEY;
const auth = key ? { "X-API-Key": key } : {};
if (!/^http:\/\/127\./.test(base)) throw new Error("loopback targets only");
const channel = `bench:replay${Date.now().toString(36)}`;

function connect(onMessage) {
  const ws = new WebSocket(base.replace(/^http/, "ws") + "/realtime/ws", "switchboard.v1", { headers: auth });
  ws.on("message", (raw) => onMessage(JSON.parse(raw)));
  return new Promise((resolve, reject) => {
    ws.on("open", () => resolve(ws));
    ws.on("error", reject);
  });
}

const start = (await fetch(`${base}/api/benchcursor`, { headers: auth })).headers.get("switchboard-cursor");
let acked = 0;
let done;
const allAcked = new Promise((resolve) => done = resolve);
const publisher = await connect((msg) => {
  if (msg.op === "reply" && ++acked === events) done();
});
const WINDOW = 500;
for (let sent = 0; sent < events; sent++) {
  while (sent - acked >= WINDOW) await new Promise((resolve) => setTimeout(resolve, 1));
  publisher.send(JSON.stringify({ op: "publish", id: String(sent), channel, data: { i: sent } }));
}
await allAcked;
publisher.close();

let got = 0;
let finished;
const replayed = new Promise((resolve) => finished = resolve);
const began = performance.now();
const subscriber = await connect((msg) => {
  if (msg.op === "event" && msg.event.type === "message" && ++got === events) finished();
});
subscriber.send(JSON.stringify({ op: "subscribe", id: "s", topic: channel, cursor: start }));
await Promise.race([replayed, new Promise((resolve) => setTimeout(resolve, 300_000))]);
const seconds = (performance.now() - began) / 1000;
console.log(JSON.stringify({ events, replayed: got, seconds: +seconds.toFixed(2), eventsPerSec: Math.round(got / seconds) }));
subscriber.close();
process.exit(0);

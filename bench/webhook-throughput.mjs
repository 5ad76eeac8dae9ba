// Webhook delivery throughput for Switchboard (loopback only, bounded). No dependencies.
//
//   node webhook-throughput.mjs [--url http://127.0.0.1:8080] [--events 5000] [--endpoints 1]
//                               [--key sbk_...]
//
// Authentication: every request to Switchboard carries header X-API-Key with the key from --key
// or, without it, env SWITCHBOARD_API_KEY (none when both are unset: a Switchboard without
// authentication). Create one with Basic admin auth: curl -u admin:PASSWORD
//   -H 'Content-Type: application/json' -d '{"name":"bench","roles":["admin"]}'
//   http://127.0.0.1:8080/admin/keys   → {"key":"sbk_..."}
//
// Starts an HTTP receiver on 127.0.0.1 (the server must allow it:
// SWITCHBOARD_WEBHOOKS_ALLOW=127.0.0.1/32), registers --endpoints webhook endpoints on one
// channel, publishes --events messages as a backlog, and times until every endpoint received all
// of them. Prints deliveries/s and checks order and signatures' presence.
import http from "node:http";

const args = Object.fromEntries(process.argv.slice(2).reduce((pairs, arg, i, all) =>
  arg.startsWith("--") ? [...pairs, [arg.slice(2), all[i + 1]]] : pairs, []));
const base = args.url ?? "http://127.0.0.1:8080";
const events = Number(args.events ?? 5000);
const endpoints = Number(args.endpoints ?? 1);
const key = args.key ?? process.env.SWITCHBOARD_API_KEY;
const auth = key ? {"X-API-Key": key} : {};
if (!/^http:\/\/(127\.|localhost|\[::1\])/.test(base)) throw new Error("loopback targets only");

const channel = `bench:hooks-${Date.now().toString(36)}`;
const received = new Map();
let outOfOrder = 0;
let unsigned = 0;
let firstAt = 0;
let doneAt = 0;
const receiver = http.createServer((req, res) => {
  let body = "";
  req.on("data", (c) => body += c);
  req.on("end", () => {
    if (!firstAt) firstAt = performance.now();
    const seq = Number(JSON.parse(body).cursor);
    const list = received.get(req.url) ?? [];
    if (list.length && seq <= list[list.length - 1]) outOfOrder++;
    if (!/^v1,/.test(req.headers["webhook-signature"] ?? "")) unsigned++;
    list.push(seq);
    received.set(req.url, list);
    res.writeHead(204).end();
    if ([...received.values()].reduce((n, l) => n + l.length, 0) >= events * endpoints) doneAt = performance.now();
  });
});
await new Promise((resolve) => receiver.listen(0, "127.0.0.1", resolve));
const port = receiver.address().port;

async function post(path, data) {
  const r = await fetch(base + path, {method: "POST", headers: {...auth, "Content-Type": "application/json"},
    body: JSON.stringify(data)});
  if (r.status >= 300) throw new Error(`${path}: ${r.status} ${await r.text()}`);
  return r.json();
}

const start = (await post(`/realtime/channels/${channel}`, {warmup: true})).cursor;
for (let i = 0; i < events; i += 100) {
  await Promise.all(Array.from({length: Math.min(100, events - i)}, (_, j) => post(`/realtime/channels/${channel}`, {i: i + j})));
}
const ids = [];
const began = performance.now();
for (let e = 0; e < endpoints; e++) {
  ids.push((await post("/realtime/webhooks", {url: `http://127.0.0.1:${port}/hook${e}`, topics: [channel],
    cursor: start, description: "bench"})).id);
}
const deadline = Date.now() + 120_000;
while (!doneAt && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
const total = [...received.values()].reduce((n, l) => n + l.length, 0);
const seconds = ((doneAt || performance.now()) - began) / 1000;
console.log(`webhooks: ${endpoints} endpoint(s), ${events} events each: ${total} deliveries in ${seconds.toFixed(2)} s ` +
  `= ${(total / seconds).toFixed(0)} deliveries/s; out of order ${outOfOrder}, unsigned ${unsigned}` +
  (doneAt ? "" : " (TIMED OUT)"));
for (const id of ids) await fetch(`${base}/realtime/webhooks/${id}`, {method: "DELETE", headers: auth});
receiver.close();
process.exit(0);

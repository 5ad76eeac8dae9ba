// Long-poll load generator for Switchboard (loopback only, bounded in count and time). No dependencies.
//
//   node poll-roundtrips.mjs [--url http://127.0.0.1:8080] [--pollers 32] [--seconds 10]
//                            [--waiters 200] [--rate 20] [--key sbk_...]
//
// Authentication: every request carries header X-API-Key with the key from --key or, without it,
// env SWITCHBOARD_API_KEY (none when both are unset: a Switchboard without authentication). Create
// one with Basic admin auth: curl -u admin:PASSWORD -H 'Content-Type: application/json'
//   -d '{"name":"bench","roles":["admin"]}' http://127.0.0.1:8080/admin/keys   → {"key":"sbk_..."}
//
// 1. Round trips: publishes a backlog of channel messages, then --pollers clients walk it with
//    limit=1 for --seconds: every poll is answered at once with one event. Prints polls/s and p50/p99.
// 2. Held polls: --waiters clients keep a poll open (wait=25) on another channel while messages are
//    published at --rate/s; each answer is followed by the next poll from the returned cursor.
//    Prints deliveries/s, lost events and publish-to-answer latency p50/p99/max.
const args = Object.fromEntries(process.argv.slice(2).reduce((pairs, arg, i, all) =>
  arg.startsWith("--") ? [...pairs, [arg.slice(2), all[i + 1]]] : pairs, []));
const base = args.url ?? "http://127.0.0.1:8080";
const pollers = Number(args.pollers ?? 32);
const seconds = Number(args.seconds ?? 10);
const waiters = Number(args.waiters ?? 200);
const rate = Number(args.rate ?? 20);
const key = args.key ?? process.env.SWITCHBOARD_API_KEY;
const auth = key ? {"X-API-Key": key} : {};
if (!/^http:\/\/(127\.|localhost|\[::1\])/.test(base)) throw new Error("loopback targets only");

const run = Date.now().toString(36);
const pct = (sorted, p) => sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] : NaN;
const ms = (x) => `${x.toFixed(1)} ms`;

async function publish(channel, data) {
  const r = await fetch(`${base}/realtime/channels/${channel}`, {method: "POST",
    headers: {...auth, "Content-Type": "application/json"}, body: JSON.stringify(data)});
  if (r.status !== 202) throw new Error(`publish: ${r.status}`);
  return (await r.json()).cursor;
}

async function roundTrips() {
  const channel = `bench:poll-${run}`;
  const start = await publish(channel, {warmup: true});
  const backlog = pollers * 400;
  for (let i = 0; i < backlog; i += 50) {
    await Promise.all(Array.from({length: 50}, (_, j) => publish(channel, {i: i + j})));
  }
  const latencies = [];
  const deadline = Date.now() + seconds * 1000;
  let polls = 0;
  await Promise.all(Array.from({length: pollers}, async () => {
    let cursor = start;
    while (Date.now() < deadline) {
      const t0 = performance.now();
      const r = await fetch(`${base}/realtime/poll?topic=${channel}&limit=1&wait=0&cursor=${cursor}`, {headers: auth});
      const body = await r.json();
      latencies.push(performance.now() - t0);
      polls++;
      cursor = body.events.length ? body.cursor : start;
    }
  }));
  latencies.sort((a, b) => a - b);
  console.log(`round trips: ${pollers} pollers, ${seconds} s: ${(polls / seconds).toFixed(0)} polls/s, ` +
    `p50 ${ms(pct(latencies, 0.5))}, p99 ${ms(pct(latencies, 0.99))}`);
}

async function heldPolls() {
  const channel = `bench:held-${run}`;
  const start = await publish(channel, {warmup: true});
  const count = rate * seconds;
  const latencies = [];
  const received = Array.from({length: waiters}, () => new Set());
  let stop = false;
  const clients = Array.from({length: waiters}, async (_, w) => {
    let cursor = start;
    while (!stop) {
      const r = await fetch(`${base}/realtime/poll?topic=${channel}&wait=25&cursor=${cursor}`, {headers: auth});
      const body = await r.json();
      const now = performance.timeOrigin + performance.now();
      for (const e of body.events) {
        received[w].add(e.cursor);
        latencies.push(now - e.data.sent);
      }
      cursor = body.cursor;
      if (received[w].size >= count) return;
    }
  });
  await new Promise((resolve) => setTimeout(resolve, 2000));
  const began = Date.now();
  for (let i = 0; i < count; i++) {
    const due = began + (i * 1000) / rate;
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, due - Date.now())));
    await publish(channel, {i, sent: performance.timeOrigin + performance.now()});
  }
  await Promise.race([Promise.all(clients), new Promise((resolve) => setTimeout(resolve, 30_000))]);
  stop = true;
  const elapsed = (Date.now() - began) / 1000;
  const delivered = received.reduce((sum, set) => sum + set.size, 0);
  latencies.sort((a, b) => a - b);
  console.log(`held polls: ${waiters} waiters, ${rate} msg/s for ${seconds} s: ${(delivered / elapsed).toFixed(0)} ` +
    `deliveries/s, lost ${waiters * count - delivered}, publish-to-answer p50 ${ms(pct(latencies, 0.5))}, ` +
    `p99 ${ms(pct(latencies, 0.99))}, max ${ms(latencies[latencies.length - 1] ?? NaN)}`);
  process.exit(0);
}

if (!args["held-only"]) await roundTrips();
await heldPolls();

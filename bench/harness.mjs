// The benchmark harness behind bench/run: starts Switchboard and the reference servers one at a
// time on loopback, drives the same scenarios against each, and prints one table with the ratios
// Switchboard/reference. Server CPU and memory come from /proc; every row also reports the
// generator's CPU and flags it when it was above 90% of a core (the figure is then the generator's
// limit, not the server's). Writes bench/results/latest.{json,md,svg}.
//
//   node harness.mjs [--quick] [--only <regex>] [--baseline <checkout>] [--rules <file>] [--servers switchboard,raw,…]
//
// --only runs just the traffic scenarios whose label matches the regular expression <text> (e.g.
// "WebSocket fan-out .* @ 10/s"), on the servers they name, without the REST, replay and
// idle-memory rows. --baseline <checkout> adds a
// second Switchboard, built in another checkout (its target/ must hold switchboard.war, classes and
// bench-classpath.txt: bench/run builds them), to every Switchboard scenario, so that a change is
// measured before and after in one run, beside the same reference servers. --rules <file> adds
// this checkout's Switchboard once more, started with that access-rules file
// (SWITCHBOARD_RULES_FILE), so the cost of per-event authorization is measured in the same run.
//
// Switchboard requires authentication: each Switchboard server is started with a random
// SWITCHBOARD_ADMIN_PASSWORD, the harness creates one API key with Basic admin auth
// (POST /admin/keys) and sends it as X-API-Key on every request, wrk run and connection to that
// server (the generators get it in env SWITCHBOARD_API_KEY). A Switchboard without authentication
// (an older --baseline checkout) has no /admin/keys: it then runs without a key. The reference
// servers get no credential.
//
// --quick is a smoke run of the whole pipeline (under 2 minutes once built): small loads, a 3 s
// warm-up and no fan-out warm-up, so its figures are not steady-state ones; compare full runs.
import { spawn, spawnSync, execFileSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import readline from "node:readline";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "..");
const quick = process.argv.includes("--quick");
const option = (name) => { const i = process.argv.indexOf(name); return i < 0 ? null : process.argv[i + 1]; };
const only = option("--only");
const baselineRoot = option("--baseline") && path.resolve(option("--baseline"));
const rulesFile = option("--rules") && path.resolve(option("--rules"));
/** The Switchboards measured beside the main one: a --baseline checkout's, and this one's with --rules. */
const EXTRA = [...(baselineRoot ? ["baseline"] : []), ...(rulesFile ? ["rules"] : [])];
const onlyServers = option("--servers")?.split(",");
const TICK = Number(execFileSync("getconf", ["CLK_TCK"]).toString().trim()) || 100;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const DOC = { title: "A benchmark document of about two hundred bytes", done: false, priority: 3, tags: ["bench", "reference"] };

const plan = quick ? {
  restSeconds: 2, warmupMaxSeconds: 3, warmFanSeconds: 0, fanout: [[300, 10]], sse: [[300, 10]], streamPoll: [[100, 10]], notify: [100, 50],
  fanSeconds: 3, idleSteps: [500], replayEvents: 5000,
} : {
  restSeconds: 10, warmupMaxSeconds: 120, warmFanSeconds: 10, fanout: [[1000, 10], [1000, 50], [5000, 10], [5000, 50]], sse: [[1000, 10], [1000, 50]],
  streamPoll: [[1000, 10]], notify: [1000, 50], fanSeconds: 8, idleSteps: [1000, 5000, 10000], replayEvents: 100000,
};

// ---- processes -------------------------------------------------------------------------------
function cpuSeconds(pid) {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) / TICK;
}
const rssKiB = (pid) => Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"))[1]);

async function waitHttp(url, seconds = 90) {
  const deadline = Date.now() + seconds * 1000;
  while (Date.now() < deadline) {
    try {
      await fetch(url);
      return;
    } catch {
      await sleep(250);
    }
  }
  throw new Error(`${url} did not answer`);
}

const classpath = (file) => fs.readFileSync(file, "utf8").trim();
/** A Switchboard built in checkout {@code checkout}, on the embedded default (SQLite under the run's own directory). */
const switchboardIn = (checkout, label, env = {}) => ({ label, java: true, probe: "/api", generator: "switchboard",
  start(port, dir, adminPassword) {
    return spawn("java", ["-cp", `${checkout}/target/classes:${classpath(`${checkout}/target/bench-classpath.txt`)}`,
      "io.switchboard.boot.Launcher", `${checkout}/target/switchboard.war`], { cwd: dir,
      env: { ...process.env, SWITCHBOARD_PORT: String(port), SWITCHBOARD_DATA_DIR: path.join(dir, "data"),
        SWITCHBOARD_ADMIN_PASSWORD: adminPassword, SWITCHBOARD_RATE_EXEMPT_ROLE: "bench", ...env } });
  } });
const SERVERS = {
  switchboard: switchboardIn(root, "Switchboard"),
  ...(baselineRoot ? { baseline: switchboardIn(baselineRoot, "Switchboard (baseline)") } : {}),
  ...(rulesFile ? { rules: switchboardIn(root, "Switchboard + rules", { SWITCHBOARD_RULES_FILE: rulesFile }) } : {}),
  raw: { label: "raw Jetty", java: true, probe: "/api/bench/doc", start(port) {
    return spawn("java", ["-cp", `${here}/raw-jetty/target/classes:${classpath(`${here}/raw-jetty/target/classpath.txt`)}`,
      "bench.RawJetty", String(port)]);
  } },
  socketio: { label: "Socket.IO", probe: "/", start: (port) => spawn("node", [`${here}/ref/socketio-server.mjs`, String(port)]) },
  ws: { label: "Node ws", probe: "/", start: (port) => spawn("node", [`${here}/ref/ws-server.mjs`, String(port)]) },
  jsonserver: { label: "json-server", probe: "/bench/doc", start(port, dir) {
    fs.writeFileSync(path.join(dir, "db.json"), JSON.stringify({ bench: [{ id: "doc", ...DOC }] }));
    return spawn("node", [`${here}/node_modules/json-server/lib/cli/bin.js`, "--port", String(port), "--host",
      "127.0.0.1", "--quiet", path.join(dir, "db.json")]);
  } },
};

/**
 * One API key (role bench, not admin: admins skip every access rule; the servers exempt bench from
 * the rate limits, which would otherwise measure themselves) for a Switchboard just started with admin password {@code password}, or
 * null when the server has no /admin/keys (a checkout from before authentication): that server
 * then runs without a key, and an X-API-Key header would be ignored there anyway.
 */
async function createKey(base, password) {
  const r = await fetch(`${base}/admin/keys`, { method: "POST", headers: { "Content-Type": "application/json",
    Authorization: `Basic ${Buffer.from(`admin:${password}`).toString("base64")}` },
  body: JSON.stringify({ name: "bench", roles: ["bench"] }) });
  const text = await r.text();
  if (r.status !== 201) {
    console.log(`  POST /admin/keys answered ${r.status}: running without an API key`);
    return null;
  }
  const key = JSON.parse(text).key;
  // The key goes into a wrk command line (bash -c) and into headers: only the documented form.
  if (!/^sbk_[A-Za-z0-9_-]+$/.test(key ?? "")) throw new Error(`unexpected API key ${JSON.stringify(key)}`);
  console.log(`  API key ${key.slice(0, 12)}… created: sent as X-API-Key on every request`);
  return key;
}

let nextPort = 18080;
async function withServer(name, body) {
  const server = SERVERS[name];
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `bench-${name}-`));
  const port = nextPort++;
  const adminPassword = crypto.randomBytes(24).toString("base64url");
  const child = server.start(port, dir, adminPassword);
  let log = "";
  child.stdout.on("data", (c) => log += c);
  child.stderr.on("data", (c) => log += c);
  const base = `http://127.0.0.1:${port}`;
  try {
    await waitHttp(base + server.probe);
    let key = null;
    if (server.generator === "switchboard") {
      key = await createKey(base, adminPassword);
      const put = await fetch(`${base}/api/bench/doc`, { method: "PUT", headers: { "Content-Type": "application/json",
        ...(key ? { "X-API-Key": key } : {}) }, body: JSON.stringify(DOC) });
      if (put.status >= 300) throw new Error(`seeding the document: ${put.status}`);
    }
    return await body({ base, pid: child.pid, java: server.java, key });
  } catch (e) {
    throw new Error(`${name}: ${e.message}\n${log.slice(-2000)}`);
  } finally {
    child.kill("SIGTERM");
    await new Promise((resolve) => child.exitCode !== null ? resolve() : child.on("exit", resolve));
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Runs a generator; returns its last JSON line. onLine sees every parsed line as it comes. key: the
 * Switchboard API key, handed over in env SWITCHBOARD_API_KEY (never inherited: none for the references).
 */
function generator(args, onLine = () => {}, key = null) {
  return new Promise((resolve, reject) => {
    const env = { ...process.env };
    delete env.SWITCHBOARD_API_KEY;
    if (key) env.SWITCHBOARD_API_KEY = key;
    const child = spawn("node", args, { cwd: here, env });
    let last = null;
    let err = "";
    child.stderr.on("data", (c) => err += c);
    readline.createInterface({ input: child.stdout }).on("line", (line) => {
      try {
        last = JSON.parse(line);
        onLine(last, child);
      } catch { /* not a result line */ }
    });
    child.on("exit", (code) => code === 0 && last ? resolve(last) : reject(new Error(`${args[0]} failed: ${err}`)));
  });
}

// ---- scenarios -------------------------------------------------------------------------------
const rows = [];
function row(scenario, metric, unit, better, values, extra = {}) {
  rows.push({ scenario, metric, unit, better, values, ...extra });
}

/** key: Switchboard's API key, sent as a header on every request (post.lua keeps wrk's -H headers). */
function wrk(url, post, key, seconds = plan.restSeconds) {
  const command = `wrk -t2 -c64 -d${seconds}s --latency ${key ? `-H "X-API-Key: ${key}" ` : ""}` +
    `${post ? `-s ${here}/post.lua ` : ""}${url}; times`;
  const out = execFileSync("bash", ["-c", command]).toString();
  const num = (re) => Number(re.exec(out)?.[1]);
  const latency = (p) => {
    const m = new RegExp(`\\s${p}%\\s+([\\d.]+)(us|ms|s)`).exec(out);
    return m ? Number(m[1]) * { us: 0.001, ms: 1, s: 1000 }[m[2]] : null;
  };
  const times = out.trim().split("\n").pop().split(/\s+/).map((t) => {
    const m = /(\d+)m([\d.]+)s/.exec(t);
    return m ? Number(m[1]) * 60 + Number(m[2]) : 0;
  });
  const non2xx = num(/Non-2xx or 3xx responses:\s+(\d+)/) || 0;
  return { rps: num(/Requests\/sec:\s+([\d.]+)/), p50: latency(50), p99: latency(99), non2xx,
    generatorCpuPct: Math.round(100 * (times[0] + times[1]) / seconds) };
}

const REST_PATHS = { switchboard: ["/api/bench/doc", "/api/benchpost"], raw: ["/api/bench/doc", "/api/bench"],
  jsonserver: ["/bench/doc", "/bench"] };
const ALL_FANOUTS = [
  ...plan.fanout.map(([subs, rate]) => ({ label: `WebSocket fan-out ${subs} subs @ ${rate}/s`, transport: "ws", subs, rate,
    servers: ["switchboard", "raw", "socketio", "ws"] })),
  ...plan.sse.map(([subs, rate]) => ({ label: `SSE fan-out ${subs} subs @ ${rate}/s`, transport: "sse", subs, rate,
    servers: ["switchboard", "raw"] })),
  ...plan.streamPoll.flatMap(([subs, rate]) => ["stream", "poll"].map((transport) => ({
    label: `${transport === "stream" ? "HTTP stream" : "long-poll"} fan-out ${subs} subs @ ${rate}/s`, transport, subs, rate,
    servers: ["switchboard"] }))),
  { label: `write-to-notify: ${plan.notify[0]} WS subs, document writes @ ${plan.notify[1]}/s`, transport: "ws",
    subs: plan.notify[0], rate: plan.notify[1], mode: "document", servers: ["switchboard"] },
];
const FANOUTS = ALL_FANOUTS.filter((f) => !only || new RegExp(only).test(f.label))
  .map((f) => ({ ...f, servers: [...f.servers, ...EXTRA] }));
const IDLE = ["switchboard", "raw", "socketio", "ws"];
const measured = { rest: { GET: {}, POST: {} }, fan: {}, idle: {}, idleRss: {} };

/**
 * JIT warm-up, the same rule for every server: GET rounds of 3 s until three rounds in a row fail
 * to beat the best one by 5% (capped at plan.warmupMaxSeconds), then 3 s of POST. A JVM serving
 * through Jersey needs about a minute of traffic on 2 cores before its compiler has caught up;
 * a fixed short warm-up measured it half-compiled. Returns the GET seconds spent.
 */
function warmUp(getUrl, postUrl, key) {
  let best = 0;
  let flat = 0;
  let spent = 0;
  while (flat < 3 && spent < plan.warmupMaxSeconds) {
    const rps = wrk(getUrl, false, key, 3).rps || 0;
    spent += 3;
    flat = rps > best * 1.05 ? 0 : flat + 1;
    best = Math.max(best, rps);
  }
  wrk(postUrl, true, key, 3);
  return spent;
}

async function restOn(name, { base, pid, key }) {
  const [get, post] = REST_PATHS[name];
  const warmed = warmUp(base + get, base + post, key);
  console.log(`  warmed up with ${warmed} s of GET and 3 s of POST`);
  for (const [kind, url, isPost] of [["GET", base + get, false], ["POST", base + post, true]]) {
    const cpu0 = cpuSeconds(pid);
    const r = wrk(url, isPost, key);
    r.serverCpuPct = Math.round(100 * (cpuSeconds(pid) - cpu0) / plan.restSeconds);
    measured.rest[kind][name] = r;
    console.log(`  REST ${kind} ${SERVERS[name].label}: ${r.rps} req/s, p50 ${r.p50} ms, p99 ${r.p99} ms` +
      `${r.non2xx ? `, ${r.non2xx} non-2xx` : ""} (server CPU ${r.serverCpuPct}%, wrk ${r.generatorCpuPct}%)`);
  }
}

/**
 * The transport's first scenario once more, unrecorded and for plan.warmFanSeconds, before it is
 * recorded: so that no recorded row pays for compiling its transport's code path.
 */
async function warmFanout(name, { base, key }, { transport, subs, rate }) {
  await generator([`${here}/gen/fanout.mjs`, "--target", SERVERS[name].generator ?? name, "--transport", transport,
    "--url", base, "--subscribers", String(subs), "--rate", String(rate), "--seconds", String(plan.warmFanSeconds)],
  undefined, key);
}

async function fanoutOn(name, { base, pid, key }, { transport, subs, rate, mode = "channel" }) {
  let cpu0 = 0;
  let wall0 = 0;
  const r = await generator([`${here}/gen/fanout.mjs`, "--target", SERVERS[name].generator ?? name, "--transport",
    transport, "--url", base, "--subscribers", String(subs), "--rate", String(rate), "--seconds", String(plan.fanSeconds),
    "--mode", mode],
  (line) => {
    if (line.phase === "publish") {
      cpu0 = cpuSeconds(pid);
      wall0 = performance.now();
    }
    if (line.delivered !== undefined) {
      line.serverCpuSeconds = cpuSeconds(pid) - cpu0;
      line.serverCpuPct = Math.round(100 * line.serverCpuSeconds / ((performance.now() - wall0) / 1000));
    }
  }, key);
  r.cpuPerMillion = r.delivered ? +(r.serverCpuSeconds / r.delivered * 1e6).toFixed(1) : null;
  console.log(`  ${SERVERS[name].label} ${transport}${mode === "document" ? " (document writes)" : ""} ` +
    `${subs} subs @ ${rate}/s: ${r.deliveriesPerSec} deliveries/s, lost ${r.lost}, p50 ${r.p50} ms, ` +
    `p99 ${r.p99} ms, max ${r.max} ms, server ${r.cpuPerMillion} CPU-s per million (${r.serverCpuPct}%), ` +
    `generator ${r.generatorCpuPct}%${r.generatorCpuPct > 90 ? " SATURATED" : ""}`);
  return r;
}

async function idleOn(name, { base, pid, java, key }) {
  const settle = async () => {
    await sleep(quick ? 500 : 2000);
    if (java) {
      execFileSync("jcmd", [String(pid), "GC.run"], { stdio: "ignore" });
      await sleep(1000);
    }
    return rssKiB(pid);
  };
  const rss0 = await settle();
  const detail = { 0: rss0 };
  await generator([`${here}/gen/idle.mjs`, "--target", name, "--url", base, "--steps", plan.idleSteps.join(",")],
    (line, child) => {
      if (line.open === undefined) return;
      settle().then((rss) => {
        detail[line.open] = rss;
        measured.idle[name] = +((rss - rss0) / line.open).toFixed(1);
        child.stdin.write("\n");
        if (line.open === plan.idleSteps.at(-1)) child.stdin.end();
      });
    }, key);
  measured.idleRss[name] = detail;
  console.log(`  idle ${SERVERS[name].label}: RSS KiB by open connections ${JSON.stringify(detail)}, ` +
    `${measured.idle[name]} KiB per connection at ${plan.idleSteps.at(-1)}`);
}

async function replayOn({ base, key }) {
  const r = await generator([`${here}/gen/replay.mjs`, "--url", base, "--events", String(plan.replayEvents)],
    undefined, key);
  console.log(`  replay of ${r.events} events: ${r.eventsPerSec} events/s (${r.seconds} s)`);
  measured.replay = r.eventsPerSec;
}

/** Each server is started once for its traffic scenarios, and once more for the idle-memory one. */
async function runAll() {
  const haveWrk = (() => { try { execFileSync("bash", ["-c", "command -v wrk"]); return true; } catch { return false; } })();
  if (!haveWrk) console.log("wrk is not installed (bench/run installs it when run as root); skipping the REST scenario");
  const names = Object.keys(SERVERS).filter((name) => !only || FANOUTS.some((f) => f.servers.includes(name)))
    .filter((name) => !onlyServers || onlyServers.includes(name));
  for (const name of names) {
    console.log(`${SERVERS[name].label}:`);
    await withServer(name, async (ctx) => {
      if (haveWrk && REST_PATHS[name] && !only) await restOn(name, ctx);
      const warmed = new Set();
      for (const f of FANOUTS.filter((x) => x.servers.includes(name))) {
        if (!warmed.has(f.transport) && plan.warmFanSeconds) await warmFanout(name, ctx, f);
        warmed.add(f.transport);
        (measured.fan[f.label] ??= {})[name] = await fanoutOn(name, ctx, f);
      }
      if (name === "switchboard" && !only) await replayOn(ctx);
    });
    // Memory on a fresh server: one that has just served thousands of fan-out connections has heap
    // and buffers to spare, and would show idle connections as (nearly) free.
    if (IDLE.includes(name) && !only) await withServer(name, (ctx) => idleOn(name, ctx));
  }
  const pick = (results, key) => Object.fromEntries(Object.entries(results).map(([k, v]) => [k, v[key]]));
  for (const kind of ["GET", "POST"]) {
    const r = measured.rest[kind];
    if (!Object.keys(r).length) continue;
    const extra = { generatorCpuPct: pick(r, "generatorCpuPct"), serverCpuPct: pick(r, "serverCpuPct") };
    row(`REST ${kind} (64 conns)`, "requests/s", "req/s", "higher", pick(r, "rps"), extra);
    row(`REST ${kind} (64 conns)`, "p99 latency", "ms", "lower", pick(r, "p99"), extra);
  }
  for (const f of FANOUTS) {
    const r = measured.fan[f.label];
    const extra = { generatorCpuPct: pick(r, "generatorCpuPct"), serverCpuPct: pick(r, "serverCpuPct"), lost: pick(r, "lost") };
    row(f.label, "deliveries/s", "1/s", "higher", pick(r, "deliveriesPerSec"), extra);
    row(f.label, "p99 latency", "ms", "lower", pick(r, "p99"), extra);
    row(f.label, "CPU per million deliveries", "CPU-s", "lower", pick(r, "cpuPerMillion"), extra);
  }
  if (!only) {
    row(`idle WebSocket connections (${plan.idleSteps.at(-1)})`, "memory per connection", "KiB", "lower", measured.idle,
      { rssKiB: measured.idleRss });
    row(`resume replay (${plan.replayEvents} events behind)`, "events/s", "1/s", "higher", { switchboard: measured.replay });
  }
}

// ---- report ----------------------------------------------------------------------------------
const NAMES = ["switchboard", ...EXTRA, "raw", "socketio", "ws", "jsonserver"];
const REFS = [...EXTRA, "raw", "socketio", "ws", "jsonserver"];
const fmt = (v) => v === undefined || v === null ? "" : typeof v === "number" ? (Math.abs(v) >= 100 ? Math.round(v).toLocaleString("en-US") : String(v)) : String(v);
const ratio = (r, ref) => {
  const a = r.values.switchboard;
  const b = r.values[ref];
  return a && b ? +(a / b).toFixed(2) : null;
};

function table() {
  const short = { baseline: "baseline", rules: "rules", raw: "raw", socketio: "Socket.IO", ws: "ws", jsonserver: "json-server" };
  const header = ["scenario", "metric", ...NAMES.map((n) => SERVERS[n].label), ...REFS.map((ref) => `SB/${short[ref]}`)];
  const lines = rows.map((r) => [r.scenario, `${r.metric} (${r.unit})`, ...NAMES.map((n) => fmt(r.values[n])),
    ...REFS.map((ref) => fmt(ratio(r, ref)))]);
  return [header, ...lines];
}

function targets() {
  const find = (scenario, metric) => rows.find((r) => r.scenario.startsWith(scenario) && r.metric === metric);
  const t = [];
  const check = (label, r, ref, op, limit) => {
    const value = r ? ratio(r, ref) : null;
    t.push({ target: label, ratio: value, met: value === null ? null : op === ">=" ? value >= limit : value <= limit });
  };
  const get = find("REST GET", "requests/s");
  const post = find("REST POST", "requests/s");
  check("REST GET >= 0.40x raw Jetty", get, "raw", ">=", 0.4);
  check("REST GET >= 5x json-server", get, "jsonserver", ">=", 5);
  check("REST POST >= 10x json-server", post, "jsonserver", ">=", 10);
  const wsCpu = rows.filter((r) => r.scenario.startsWith("WebSocket fan-out") && r.metric === "CPU per million deliveries");
  const wsP99 = rows.filter((r) => r.scenario.startsWith("WebSocket fan-out") && r.metric === "p99 latency");
  for (const r of wsCpu) {
    check(`${r.scenario}: CPU/M <= 1.5x raw Jetty`, r, "raw", "<=", 1.5);
    check(`${r.scenario}: CPU/M <= 1.0x Socket.IO`, r, "socketio", "<=", 1.0);
  }
  for (const r of wsP99) check(`${r.scenario}: p99 <= 1.5x raw Jetty`, r, "raw", "<=", 1.5);
  for (const r of rows.filter((x) => x.scenario.startsWith("SSE fan-out") && x.metric === "CPU per million deliveries")) {
    check(`${r.scenario}: CPU/M <= 1.5x raw Jetty SSE`, r, "raw", "<=", 1.5);
  }
  const idleRow = find("idle WebSocket", "memory per connection");
  check("idle WS memory/conn <= 1.5x raw Jetty", idleRow, "raw", "<=", 1.5);
  check("idle WS memory/conn <= 1.0x Socket.IO", idleRow, "socketio", "<=", 1.0);
  const notify = find("write-to-notify", "p99 latency");
  t.push({ target: "write-to-notify p99 <= 25 ms", value: notify?.values.switchboard ?? null,
    met: notify ? notify.values.switchboard <= 25 : null });
  return t;
}

function svg() {
  const charts = [["p99 latency (ms)", "p99 latency"], ["server CPU-seconds per million deliveries", "CPU per million deliveries"]];
  const colors = { switchboard: "#2563eb", raw: "#16a34a", socketio: "#f59e0b", ws: "#9333ea" };
  const width = 900;
  let y = 30;
  let body = "";
  for (const [title, metric] of charts) {
    const data = rows.filter((r) => r.metric === metric);
    const max = Math.max(1, ...data.flatMap((r) => Object.values(r.values).filter((v) => typeof v === "number")));
    body += `<text x="10" y="${y}" font-size="16" font-weight="bold">${title}</text>`;
    y += 15;
    for (const r of data) {
      body += `<text x="10" y="${y + 12}" font-size="11">${r.scenario.replace(/&/g, "&amp;")}</text>`;
      y += 16;
      for (const [name, value] of Object.entries(r.values)) {
        if (typeof value !== "number") continue;
        const w = Math.max(1, Math.round((value / max) * (width - 330)));
        body += `<rect x="120" y="${y}" width="${w}" height="11" fill="${colors[name] ?? "#666"}"/>` +
          `<text x="${125 + w}" y="${y + 10}" font-size="10">${SERVERS[name].label}: ${fmt(value)}</text>`;
        y += 13;
      }
      y += 6;
    }
    y += 20;
  }
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${y}" font-family="sans-serif">` +
    `<rect width="100%" height="100%" fill="white"/>${body}</svg>\n`;
}

function report(machine, started) {
  const t = table();
  const widths = t[0].map((_, i) => Math.max(...t.map((line) => String(line[i]).length)));
  console.log("\n" + t.map((line) => line.map((c, i) => String(c).padEnd(widths[i])).join("  ")).join("\n"));
  const tg = targets();
  console.log("\nTargets:");
  for (const x of tg) {
    console.log(`  ${x.met === null ? "n/a " : x.met ? "MET " : "MISS"}  ${x.target}: ${x.ratio ?? x.value ?? "not measured"}`);
  }
  const dir = path.join(here, "results");
  fs.mkdirSync(dir, { recursive: true });
  // A focused run (--only) must not overwrite the full run's table.
  const out = only ? "focused" : "latest";
  fs.writeFileSync(path.join(dir, `${out}.json`), JSON.stringify({ machine, started, quick, only, baseline: baselineRoot, rules: rulesFile,
    plan, rows, targets: tg }, null, 2));
  fs.writeFileSync(path.join(dir, `${out}.svg`), svg());
  const md = [`# Switchboard benchmarks${quick ? " (quick)" : ""}`, "", `${started}, ${machine}.`, "",
    `| ${t[0].join(" | ")} |`, `| ${t[0].map(() => "---").join(" | ")} |`,
    ...t.slice(1).map((line) => `| ${line.join(" | ")} |`), "", "## Targets", "",
    "| target | measured | met |", "| --- | --- | --- |",
    ...tg.map((x) => `| ${x.target} | ${x.ratio ?? x.value ?? "n/a"} | ${x.met === null ? "n/a" : x.met ? "yes" : "no"} |`),
    "", `Generator and server CPU (percent of one core) for every row are in \`${out}.json\`.`, "",
    `![latency and CPU per delivery](${out}.svg)`, ""].join("\n");
  fs.writeFileSync(path.join(dir, `${out}.md`), md);
  console.log(`\nWrote ${path.relative(root, dir)}/${out}.{json,md,svg}`);
}

const started = new Date().toISOString();
const machine = `${os.cpus().length} × ${os.cpus()[0].model.trim()}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, ` +
  `${spawnSync("java", ["-version"]).stderr.toString().split("\n")[0]}, Node ${process.version}`;
console.log(`Switchboard benchmarks${quick ? " (quick)" : ""} on ${machine}`);
const t0 = Date.now();
await runAll();
report(machine, started);
console.log(`Done in ${Math.round((Date.now() - t0) / 1000)} s.`);

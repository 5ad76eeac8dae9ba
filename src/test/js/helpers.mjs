// What every client test shares: the server under test, an admin writer that bypasses the
// client, and waiting with a timeout (never a bare sleep to wait for a condition).
import { WebSocket } from "ws";
import { Switchboard } from "../../../webapp/js/switchboard.js";

export const BASE = (process.env.SWITCHBOARD_URL ?? "http://localhost:8080").replace(/\/+$/, "");
export const ADMIN_PASSWORD = process.env.SWITCHBOARD_ADMIN_PASSWORD ?? "devpass-123456";
export const ADMIN = { basic: ["admin", ADMIN_PASSWORD] };
const ADMIN_HEADER = "Basic " + Buffer.from(`admin:${ADMIN_PASSWORD}`).toString("base64");

/** A collection name no other test uses. */
export function fresh(prefix = "c") {
  return `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}

/** A REST call as admin straight to the server (not through the client or the proxy). */
export async function admin(method, path, body, headers = {}) {
  const response = await fetch(BASE + path, {
    method,
    headers: { Authorization: ADMIN_HEADER, ...(body === undefined ? {} : { "Content-Type": "application/json" }), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
  return { status: response.status, body: text ? JSON.parse(text) : null, cursor: response.headers.get("Switchboard-Cursor") };
}

/** A client for the tests: Node's WebSocket from `ws`, short timeouts so fallbacks are quick. */
export function client(options = {}) {
  return new Switchboard({
    url: BASE, auth: ADMIN, WebSocket, connectTimeoutMs: 2000,
    backoff: { baseMs: 200, capMs: 1000 }, probe: { baseMs: 500, capMs: 2000 }, pollWaitSeconds: 5,
    ...options,
  });
}

/** Resolves when `condition()` is truthy, checking on every tick of `everyMs`; rejects after `timeoutMs`. */
export async function until(condition, timeoutMs = 20000, what = "the condition", everyMs = 20) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await condition();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise(resolve => setTimeout(resolve, everyMs));
  }
}

/** Resolves with the first state change that matches. */
export function stateReached(sb, predicate, timeoutMs = 20000) {
  if (predicate(sb.state)) return Promise.resolve(sb.state);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => { off(); reject(new Error(`state not reached; last ${JSON.stringify(sb.state)}`)); }, timeoutMs);
    const off = sb.on("state", s => {
      if (predicate(s)) {
        clearTimeout(timer);
        off();
        resolve(s);
      }
    });
  });
}

/** Prints a measured figure so it shows in the test log (the lead collects them). */
export function report(label, ms) {
  console.log(`MEASURED ${label}: ${ms} ms`);
}

// @ts-check
/**
 * Switchboard's client: REST with problem-document errors, live queries, channels with presence
 * and raw subscriptions, all multiplexed over one realtime connection (WebSocket, else SSE, else
 * long-polling) that resumes every subscription from its cursor, so each event reaches the
 * application exactly once and in order across reconnects and transport switches.
 *
 * One plain ES module without dependencies: browsers import it from `/js/switchboard.js`, Node 20+
 * imports it as the `switchboard-client` package (pass `WebSocket` from the `ws` package there).
 * @module switchboard-client
 */

/** @typedef {"websocket" | "sse" | "poll"} TransportName */
/** @typedef {"connecting" | "open" | "reconnecting" | "closed" | "failed"} ConnectionState */
/**
 * @typedef {object} StateChange
 * @property {ConnectionState} state
 * @property {TransportName | null} transport the transport in use or being tried
 * @property {number | null} retryInMs while `reconnecting`: when the next attempt starts
 * @property {number | null} [code] the close code that caused this state, when there was one
 * @property {string | null} [reason] why, in words
 */
/**
 * What `auth` gives: one credential, or `null` for the cookie session (or anonymous access).
 * @typedef {{ bearer: string } | { apiKey: string } | { basic: [string, string] } | null} Credentials
 */
/** @typedef {Credentials | (() => Credentials | undefined | Promise<Credentials | undefined>)} AuthOption */
/**
 * @typedef {object} Backoff
 * @property {number} [baseMs] first delay's upper bound (default 500)
 * @property {number} [capMs] largest delay (default 30000)
 */
/**
 * @typedef {object} SwitchboardOptions
 * @property {string} [url] the server's base URL; defaults to the page's origin
 * @property {TransportName[]} [transports] in order of preference (default all three)
 * @property {AuthOption} [auth] called before every (re)connect when it is a function
 * @property {any} [WebSocket] a WebSocket constructor (Node: `import { WebSocket } from "ws"`)
 * @property {typeof fetch} [fetch] defaults to the global fetch
 * @property {boolean} [tickets] trade credentials for a one-time ticket before each WebSocket connect (default: in browsers)
 * @property {number} [connectTimeoutMs] how long a transport may take to deliver its welcome before the next is tried (default 5000)
 * @property {Backoff} [backoff] reconnect delays (full jitter)
 * @property {Backoff} [probe] delays between WebSocket probes while on a fallback (default 2000 / 60000)
 * @property {number} [pollWaitSeconds] how long a long-poll is held (default 25)
 * @property {number} [heartbeatMs] a connection silent this long twice over is presumed dead (default 25000)
 */
/**
 * A realtime event (see protocol.md). `cursor` is absent on ephemeral ones (presence, unsubscribed).
 * @typedef {object} SwitchboardEvent
 * @property {string} [cursor]
 * @property {string} topic
 * @property {string} type created, updated, deleted, enter, leave, message, reset, presence, unsubscribed
 * @property {string} [id]
 * @property {number} [version]
 * @property {any} [data]
 * @property {string} [time]
 * @property {string} [sub]
 * @property {string} [action] presence: join or leave
 * @property {string} [principal]
 * @property {string} [session]
 * @property {string} [reason]
 * @property {string} [detail]
 */
/**
 * @typedef {object} SubscribeOptions
 * @property {string | null} [cursor] start after this cursor (default: from now)
 * @property {Record<string, unknown>} [filter] a live query's filter, list query syntax (`{ done: false, "priority:gte": 2 }`)
 * @property {boolean} [presence] also receive presence events
 * @property {(event: SwitchboardEvent) => void} [onEvent] each event, exactly once, in order
 * @property {(event: SwitchboardEvent) => void} [onReset] the cursor was too old: refetch, events continue after the reset's cursor
 */
/**
 * @typedef {object} ListQuery
 * @property {Record<string, unknown>} [filter]
 * @property {string} [sort]
 * @property {number} [limit]
 * @property {string} [after]
 * @property {boolean} [count]
 */
/**
 * @typedef {object} ListPage
 * @property {any[]} items
 * @property {string | null} next the token of the next page
 * @property {number} [total]
 * @property {string | null} cursor the `Switchboard-Cursor` this page reflects
 */
/** @typedef {{ ifMatch?: string | number }} Precondition */
/**
 * @typedef {object} Change
 * @property {string} type the event's type (or `snapshot` for a (re)load)
 * @property {string} [id]
 * @property {any} [doc] the document after the change (`null` when it left)
 */
/** @typedef {{ items: any[], changes: Change[], snapshot: boolean }} LiveChange */
/** @typedef {{ principal: string, sessions: number }} Member */
/**
 * @typedef {object} Reply
 * @property {number} status
 * @property {Headers} headers
 * @property {any} body the parsed JSON, or `null`
 * @property {string | null} cursor
 * @property {string | null} etag
 */

const PROTOCOL = "switchboard.v1";
const ALL_TRANSPORTS = /** @type {TransportName[]} */ (["websocket", "sse", "poll"]);
const FATAL_CODES = new Set([1002, 1003, 1007, 1009, 1010, 4005, 4006]);

/** An error answer: `status`, `code` (e.g. `precondition-failed`) and the whole problem document. */
export class SwitchboardError extends Error {
  /**
   * @param {any} problem an RFC 9457 problem document
   * @param {number | null} [retryAfter] seconds, from `Retry-After`
   */
  constructor(problem, retryAfter = null) {
    super(problem.detail || problem.title || `HTTP ${problem.status}`);
    this.name = "SwitchboardError";
    /** @type {number} */
    this.status = problem.status;
    /** @type {string} */
    this.code = problem.code;
    /** @type {any} */
    this.problem = problem;
    /** @type {number | null} */
    this.retryAfter = retryAfter;
  }
}

/** A minimal typed event emitter; `on` returns a function that removes the listener. */
export class Emitter {
  /** @type {Map<string, Set<Function>>} */
  #listeners = new Map();

  /**
   * @param {string} type
   * @param {(...args: any[]) => void} listener
   * @returns {() => void}
   */
  on(type, listener) {
    let set = this.#listeners.get(type);
    if (!set) this.#listeners.set(type, set = new Set());
    set.add(listener);
    return () => this.off(type, listener);
  }

  /**
   * @param {string} type
   * @param {(...args: any[]) => void} listener
   */
  off(type, listener) {
    this.#listeners.get(type)?.delete(listener);
  }

  /**
   * @param {string} type
   * @param {...any} args
   * @returns {boolean} whether anyone listened
   */
  emit(type, ...args) {
    const set = this.#listeners.get(type);
    if (!set || set.size === 0) return false;
    for (const listener of [...set]) {
      try {
        listener(...args);
      } catch (error) {
        // A listener's bug must not break delivery to the others, nor the connection.
        setTimeout(() => { throw error; });
      }
    }
    return true;
  }
}

/**
 * Whether cursor `a` is after cursor `b` (decimal sequence numbers, compared as integers).
 * @param {string} a
 * @param {string} b
 */
export function cursorAfter(a, b) {
  if (/^\d+$/.test(a) && /^\d+$/.test(b)) return BigInt(a) > BigInt(b);
  return a > b;
}

/**
 * The delay before reconnect attempt `attempt` (0-based): full jitter, uniformly random in
 * [0, min(cap, base * 2^attempt)).
 * @param {number} attempt
 * @param {number} baseMs
 * @param {number} capMs
 * @param {() => number} [random]
 */
export function backoffDelay(attempt, baseMs, capMs, random = Math.random) {
  return Math.floor(random() * Math.min(capMs, baseMs * 2 ** Math.min(attempt, 30)));
}

/**
 * What to do after a connection ended with `code` (see protocol.md, "Close codes"):
 * `fail` (never reconnect), `now` (at once), `jitter` (after a short random delay), `refresh`
 * (at once with fresh credentials) or `backoff`.
 * @param {number | null | undefined} code
 * @returns {"fail" | "now" | "jitter" | "refresh" | "backoff"}
 */
export function closePolicy(code) {
  if (code == null) return "backoff";
  if (FATAL_CODES.has(code)) return "fail";
  if (code === 4000) return "now";
  if (code === 1001) return "jitter";
  if (code === 4004) return "refresh";
  return "backoff";
}

/**
 * @param {string | null} header a `Retry-After` value
 * @returns {number | null} seconds
 */
function retryAfterSeconds(header) {
  if (!header) return null;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds);
  const date = Date.parse(header);
  return Number.isNaN(date) ? null : Math.max(0, (date - Date.now()) / 1000);
}

/** @param {unknown} value */
function queryValue(value) {
  if (Array.isArray(value)) return value.map(String).join(",");
  return String(value);
}

/** @param {string} text */
function base64(text) {
  let binary = "";
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/**
 * @param {Response} response
 * @returns {Promise<SwitchboardError>}
 */
async function problemOf(response) {
  let problem;
  try {
    problem = await response.json();
  } catch (ignored) {
    // Not JSON (a proxy's page): describe the status instead.
    problem = null;
  }
  if (!problem || typeof problem !== "object") {
    problem = { status: response.status, title: response.statusText || `HTTP ${response.status}`, code: "http-" + response.status };
  }
  problem.status ??= response.status;
  return new SwitchboardError(problem, retryAfterSeconds(response.headers.get("Retry-After")));
}

/** @param {string | number | undefined} tag */
function entityTag(tag) {
  if (tag == null) return undefined;
  const text = String(tag);
  return text === "*" || text.startsWith('"') || text.startsWith("W/") ? text : `"${text}"`;
}

/**
 * A comparator for documents that orders them as the server's `sort=` does: keys in order, `-` for
 * descending, missing values first ascending and last descending, the id ascending breaking ties.
 * @param {string | undefined} sort
 * @returns {(a: any, b: any) => number}
 */
export function comparator(sort) {
  const keys = (sort || "").split(",").map(k => k.trim()).filter(Boolean)
    .map(k => k.startsWith("-") ? { path: k.slice(1).split("."), sign: -1 } : { path: k.replace(/^\+/, "").split("."), sign: 1 });
  /** @param {any} doc @param {string[]} path */
  const pick = (doc, path) => path.reduce((v, p) => (v == null ? undefined : v[p]), doc);
  /** @param {any} a @param {any} b */
  const compareValues = (a, b) => {
    const am = a == null, bm = b == null;
    if (am || bm) return am && bm ? 0 : am ? -1 : 1;
    if (typeof a !== typeof b) return typeof a < typeof b ? -1 : 1;
    if (typeof a === "object") {
      const x = JSON.stringify(a), y = JSON.stringify(b);
      return x < y ? -1 : x > y ? 1 : 0;
    }
    return a < b ? -1 : a > b ? 1 : 0;
  };
  return (a, b) => {
    for (const key of keys) {
      const c = compareValues(pick(a, key.path), pick(b, key.path));
      if (c !== 0) return c * key.sign;
    }
    return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
  };
}

const isBrowser = typeof window !== "undefined" && typeof document !== "undefined";

/**
 * One subscription of the connection: a topic, an optional filter, its cursor. It receives each
 * event once, in order: events at or before its cursor are dropped as already seen.
 *
 * Events: `event` (SwitchboardEvent), `reset` (SwitchboardEvent), `presence` (SwitchboardEvent),
 * `unsubscribed` (SwitchboardEvent: the server ended it), `error` (SwitchboardError: refused).
 */
export class Subscription extends Emitter {
  /** @type {Switchboard} */
  #sb;
  /** @type {() => void} */
  #resolveReady = () => {};
  /** @type {(error: any) => void} */
  #rejectReady = () => {};

  /**
   * @param {Switchboard} sb
   * @param {string} name
   * @param {string} topic
   * @param {SubscribeOptions} options
   */
  constructor(sb, name, topic, options) {
    super();
    this.#sb = sb;
    /** The name that tags this subscription's events on the shared connection. */
    this.name = name;
    this.topic = topic;
    /** @type {Record<string, unknown> | undefined} */
    this.filter = options.filter;
    this.presence = !!options.presence;
    /** The cursor of the last event delivered (or where it starts), `null` before it started. @type {string | null} */
    this.cursor = options.cursor ?? null;
    this.closed = false;
    /** Settles when the server first acknowledged the subscription (rejects if it was refused). @type {Promise<void>} */
    this.ready = new Promise((resolve, reject) => {
      this.#resolveReady = resolve;
      this.#rejectReady = reject;
    });
    this.ready.catch(() => {});
    if (options.onEvent) this.on("event", options.onEvent);
    if (options.onReset) this.on("reset", options.onReset);
  }

  /** Ends the subscription; the connection stays for the others. */
  close() {
    if (this.closed) return;
    this.closed = true;
    this.#sb._remove(this);
  }

  /** @internal @param {string | null | undefined} cursor */
  _started(cursor) {
    if (this.cursor == null && cursor != null) this.cursor = cursor;
    this.#resolveReady();
    this.emit("ready");
  }

  /** @internal @param {SwitchboardError} error */
  _refused(error) {
    this.closed = true;
    this.#rejectReady(error);
    this.emit("error", error);
  }

  /**
   * Delivers an event unless it was seen (its cursor is not after this subscription's).
   * @internal
   * @param {SwitchboardEvent} event
   */
  _deliver(event) {
    if (this.closed) return;
    if (event.type === "reset") {
      if (event.cursor != null) this.cursor = event.cursor;
      this.emit("reset", event);
      return;
    }
    if (event.cursor != null) {
      if (this.cursor != null && !cursorAfter(event.cursor, this.cursor)) return;
      this.cursor = event.cursor;
    }
    if (event.type === "presence") {
      this.emit("presence", event);
    } else if (event.type === "unsubscribed") {
      this.closed = true;
      this.#sb._remove(this, false);
      this.emit("unsubscribed", event);
    } else {
      this.emit("event", event);
    }
  }

  /** @internal @param {string} cursor a position every event up to which has been delivered */
  _advance(cursor) {
    if (this.cursor == null || cursorAfter(cursor, this.cursor)) this.cursor = cursor;
  }
}

/** REST access to one collection; every method throws a {@link SwitchboardError} on an error answer. */
export class Collection {
  /** @type {Switchboard} */
  #sb;

  /**
   * @param {Switchboard} sb
   * @param {string} name
   */
  constructor(sb, name) {
    this.#sb = sb;
    this.name = name;
  }

  /** @param {string} [id] */
  #path(id) {
    return `/api/${encodeURIComponent(this.name)}` + (id == null ? "" : `/${encodeURIComponent(id)}`);
  }

  /**
   * @param {string} id
   * @returns {Promise<any>} the document
   */
  async get(id) {
    return (await this.#sb.request("GET", this.#path(id))).body;
  }

  /**
   * @param {any} body
   * @returns {Promise<any>} the created document
   */
  async create(body) {
    return (await this.#sb.request("POST", this.#path(), { body })).body;
  }

  /**
   * A JSON Merge Patch (or a JSON Patch array with `format: "json-patch"`).
   * @param {string} id
   * @param {any} patch
   * @param {Precondition & { format?: "merge" | "json-patch" }} [options] `ifMatch`: a version or an ETag
   * @returns {Promise<any>} the patched document
   */
  async patch(id, patch, options = {}) {
    const type = options.format === "json-patch" || Array.isArray(patch) ? "application/json-patch+json" : "application/merge-patch+json";
    return (await this.#sb.request("PATCH", this.#path(id), { body: patch, contentType: type, headers: this.#conditions(options) })).body;
  }

  /**
   * @param {string} id
   * @param {any} body
   * @param {Precondition & { ifNoneMatch?: string }} [options]
   * @returns {Promise<any>} the stored document
   */
  async replace(id, body, options = {}) {
    return (await this.#sb.request("PUT", this.#path(id), { body, headers: this.#conditions(options) })).body;
  }

  /**
   * @param {string} id
   * @param {Precondition} [options]
   * @returns {Promise<void>}
   */
  async delete(id, options = {}) {
    await this.#sb.request("DELETE", this.#path(id), { headers: this.#conditions(options) });
  }

  /**
   * One page of the list. Keys other than filter, sort, limit, after and count are filters too.
   * @param {ListQuery & Record<string, unknown>} [query]
   * @returns {Promise<ListPage>}
   */
  async list(query = {}) {
    const reply = await this.#sb.request("GET", this.#path(), { query: listParams(query) });
    return { items: reply.body.items, next: reply.body.next ?? null, total: reply.body.total, cursor: reply.cursor };
  }

  /** @param {Precondition & { ifNoneMatch?: string }} options */
  #conditions(options) {
    /** @type {Record<string, string>} */
    const headers = {};
    const ifMatch = entityTag(options.ifMatch);
    if (ifMatch) headers["If-Match"] = ifMatch;
    if (options.ifNoneMatch) headers["If-None-Match"] = options.ifNoneMatch;
    return headers;
  }
}

/**
 * @param {ListQuery & Record<string, unknown>} query
 * @returns {[string, string][]}
 */
function listParams(query) {
  /** @type {[string, string][]} */
  const params = [];
  const { filter, sort, limit, after, count, ...rest } = query;
  for (const [field, value] of Object.entries({ ...rest, ...(filter || {}) })) params.push([field, queryValue(value)]);
  if (sort) params.push(["sort", sort]);
  if (limit != null) params.push(["limit", String(limit)]);
  if (after) params.push(["after", after]);
  if (count) params.push(["count", "true"]);
  return params;
}

/**
 * A live, ordered result set: the snapshot of a list query, kept current by its subscription.
 * Each change is applied once, by version; a `reset` refetches.
 *
 * Events: `change` ({ items, changes, snapshot }), `error` (SwitchboardError).
 */
export class LiveQuery extends Emitter {
  /** @type {Switchboard} */
  #sb;
  /** @type {Map<string, any>} */
  #docs = new Map();
  /** @type {(a: any, b: any) => number} */
  #order;
  /** @type {Subscription | null} */
  #sub = null;
  #closed = false;

  /**
   * @param {Switchboard} sb
   * @param {string} collection
   * @param {{ filter?: Record<string, unknown>, sort?: string }} options
   */
  constructor(sb, collection, options) {
    super();
    this.#sb = sb;
    this.collection = collection;
    this.filter = options.filter;
    this.sort = options.sort;
    this.#order = comparator(options.sort);
    /** The current documents, in the query's order. @type {any[]} */
    this.items = [];
    /** Settles when the first snapshot is loaded and subscribed. @type {Promise<void>} */
    this.ready = this.#load();
    this.ready.catch(error => this.emit("error", error));
  }

  async #load() {
    const collection = this.#sb.collection(this.collection);
    /** @type {Map<string, any>} */
    const docs = new Map();
    let page = await collection.list({ filter: this.filter, sort: this.sort });
    const cursor = page.cursor;
    for (;;) {
      for (const doc of page.items) docs.set(doc.id, doc);
      if (!page.next) break;
      page = await collection.list({ filter: this.filter, sort: this.sort, after: page.next });
    }
    if (this.#closed) return;
    this.#docs = docs;
    this.#publish([{ type: "snapshot" }], true);
    const sub = this.#sb.subscribe(this.collection, {
      cursor, filter: this.filter,
      onEvent: event => this.#apply(event),
      onReset: () => this.#reload(),
    });
    sub.on("unsubscribed", event => this.emit("error", new SwitchboardError({ status: 403, code: "forbidden", detail: event.detail })));
    this.#sub = sub;
    await sub.ready;
  }

  #reload() {
    this.#sub?.close();
    this.#sub = null;
    this.#load().catch(error => this.emit("error", error));
  }

  /** @param {SwitchboardEvent} event */
  #apply(event) {
    const id = /** @type {string} */ (event.id);
    const existing = this.#docs.get(id);
    const version = event.version ?? 0;
    if (event.type === "created" || event.type === "updated" || event.type === "enter") {
      if (!event.data || (existing && existing.version >= version)) return;
      this.#docs.set(id, event.data);
      this.#publish([{ type: event.type, id, doc: event.data }], false);
    } else if (event.type === "deleted" || event.type === "leave") {
      if (!existing || (event.version != null && existing.version > version)) return;
      this.#docs.delete(id);
      this.#publish([{ type: event.type, id, doc: null }], false);
    }
  }

  /** @param {Change[]} changes @param {boolean} snapshot */
  #publish(changes, snapshot) {
    this.items = [...this.#docs.values()].sort(this.#order);
    this.emit("change", { items: this.items, changes, snapshot });
  }

  /** Stops following the query. */
  close() {
    this.#closed = true;
    this.#sub?.close();
    this.#sub = null;
  }
}

/**
 * A channel: its messages (`message` events: (data, event)) and, with `presence: true`, who is
 * here (`presence.on("change", members => …)`, `presence.members`).
 */
export class Channel extends Emitter {
  /** @type {Switchboard} */
  #sb;
  /** @type {Subscription} */
  #sub;
  /** Session ids per principal. @type {Map<string, Set<string>>} */
  #sessions = new Map();
  /** Presence events seen since the member list was requested, or null when none is. @type {SwitchboardEvent[] | null} */
  #pending = null;

  /**
   * @param {Switchboard} sb
   * @param {string} name `namespace:name`
   * @param {{ presence?: boolean, cursor?: string }} options
   */
  constructor(sb, name, options) {
    super();
    this.#sb = sb;
    this.name = name;
    /** Who is subscribed, kept current (`change` events with the member list). @type {Emitter & { members: Member[] }} */
    this.presence = Object.assign(new Emitter(), { members: /** @type {Member[]} */ ([]) });
    this.#sub = sb.subscribe(name, { presence: !!options.presence, cursor: options.cursor });
    this.#sub.on("event", event => { if (event.type === "message") this.emit("message", event.data, event); });
    this.#sub.on("presence", event => this.#presenceEvent(event));
    this.#sub.on("error", error => this.emit("error", error));
    if (options.presence) {
      // Presence events are ephemeral: refetch the member list whenever the connection (re)starts.
      this.#sub.on("ready", () => this.#loadPresence());
    }
    this.ready = this.#sub.ready;
  }

  /**
   * @param {any} data any JSON
   * @returns {Promise<{ cursor: string | null }>}
   */
  async publish(data) {
    const reply = await this.#sb.request("POST", `/realtime/channels/${encodeURIComponent(this.name)}`, { body: data });
    return { cursor: reply.body?.cursor ?? reply.cursor };
  }

  /**
   * Loads the member list. Presence events that arrive while the answer is on its way are applied
   * at once and again over the answer: the answer names session ids, so a join or leave it already
   * holds changes nothing the second time, and one it missed is not lost.
   */
  async #loadPresence() {
    /** @type {SwitchboardEvent[]} */
    const pending = [];
    this.#pending = pending;
    try {
      const reply = await this.#sb.request("GET", `/realtime/presence/${encodeURIComponent(this.name)}`);
      if (this.#pending !== pending) return; // a newer load is under way
      this.#pending = null;
      /** @type {{ principal: string, ids?: string[] }[]} */
      const members = reply.body.members || [];
      this.#sessions = new Map(members.map(m => [m.principal, new Set(m.ids || [])]));
      for (const event of pending) this.#apply(event);
      this.#publishPresence();
    } catch (error) {
      if (this.#pending === pending) this.#pending = null;
      this.emit("error", error);
    }
  }

  /** @param {SwitchboardEvent} event */
  #presenceEvent(event) {
    this.#pending?.push(event);
    this.#apply(event);
    this.#publishPresence();
  }

  /** @param {SwitchboardEvent} event */
  #apply(event) {
    const principal = event.principal ?? "";
    let sessions = this.#sessions.get(principal);
    if (event.action === "join") {
      if (!sessions) this.#sessions.set(principal, sessions = new Set());
      sessions.add(event.session ?? "");
    } else if (sessions) {
      sessions.delete(event.session ?? "");
      if (sessions.size === 0) this.#sessions.delete(principal);
    }
  }

  #publishPresence() {
    this.presence.members = [...this.#sessions].map(([principal, s]) => ({ principal, sessions: s.size }))
      .sort((a, b) => (a.principal < b.principal ? -1 : a.principal > b.principal ? 1 : 0));
    this.presence.emit("change", this.presence.members);
  }

  /** Leaves the channel. */
  close() {
    this.#sub.close();
  }
}

/**
 * @typedef {object} TransportHandlers
 * @property {(welcome: any) => void} open
 * @property {(sub: string, event: SwitchboardEvent) => void} event
 * @property {(sub: string, cursor: string | null) => void} started
 * @property {(sub: string, error: SwitchboardError) => void} refused
 * @property {(info: CloseInfo) => void} closed
 */
/**
 * @typedef {object} CloseInfo
 * @property {boolean} opened whether the welcome had arrived
 * @property {number | null} [code]
 * @property {string | null} [reason]
 * @property {number | null} [status] the HTTP status of a refused connect
 * @property {number | null} [retryAfter] seconds
 * @property {SwitchboardError} [error]
 */

/** The WebSocket transport: subscriptions are commands on one socket. */
class WsTransport {
  name = /** @type {TransportName} */ ("websocket");
  /** @type {any} */
  #socket = null;
  #opened = false;
  #done = false;
  #ids = 0;
  /** @type {Map<string, Subscription>} */
  #pending = new Map();
  /** @type {any} */
  #timer = null;
  /** @type {any} */
  #heartbeat = null;
  #lastHeard = Date.now();
  /** @type {number | null} */
  #status = null;

  /**
   * @param {Connection} owner
   * @param {TransportHandlers} handlers
   */
  constructor(owner, handlers) {
    this.owner = owner;
    this.handlers = handlers;
  }

  async start() {
    const { url, options } = await this.owner.wsTarget();
    if (this.#done) return;
    const Ctor = this.owner.options.WebSocket ?? globalThis.WebSocket;
    if (!Ctor) throw new Error("No WebSocket: pass options.WebSocket (Node: the ws package)");
    const socket = options ? new Ctor(url, PROTOCOL, options) : new Ctor(url, PROTOCOL);
    this.#socket = socket;
    this.#timer = setTimeout(() => this.#end({ opened: false, code: null, reason: "no welcome in time" }), this.owner.connectTimeoutMs);
    socket.onmessage = (/** @type {{data: any}} */ m) => this.#message(m.data);
    socket.onerror = (/** @type {any} */ e) => {
      const status = /(\d{3})/.exec(String(e?.message ?? e?.error?.message ?? ""));
      if (status && /response/i.test(String(e?.message))) this.#status = Number(status[1]);
    };
    socket.onclose = (/** @type {{code: number, reason: string}} */ e) =>
      this.#end({ opened: this.#opened, code: e.code, reason: e.reason || null, status: this.#status });
  }

  /** @param {any} data */
  #message(data) {
    this.#lastHeard = Date.now();
    let frame;
    try {
      frame = JSON.parse(String(data));
    } catch (ignored) {
      return; // Not ours: the server only sends JSON.
    }
    if (frame.op === "welcome") {
      this.#opened = true;
      clearTimeout(this.#timer);
      const every = this.owner.heartbeatMs;
      this.#heartbeat = setInterval(() => {
        if (Date.now() - this.#lastHeard > 2 * every) this.#end({ opened: true, code: 1006, reason: "connection silent" });
        else this.#send({ op: "ping", id: "ping" });
      }, every);
      this.handlers.open(frame);
    } else if (frame.op === "event") {
      this.handlers.event(frame.sub, frame.event);
    } else if (frame.op === "reply" && this.#pending.has(frame.id)) {
      const sub = /** @type {Subscription} */ (this.#pending.get(frame.id));
      this.#pending.delete(frame.id);
      this.handlers.started(sub.name, frame.cursor ?? null);
    } else if (frame.op === "error" && this.#pending.has(frame.id)) {
      const sub = /** @type {Subscription} */ (this.#pending.get(frame.id));
      this.#pending.delete(frame.id);
      if (frame.status === 429 && frame.code === "rate-limited") {
        setTimeout(() => { if (!sub.closed) this.subscribe(sub); }, (frame.retryAfter ?? 1) * 1000);
        return;
      }
      const { op, id, ...problem } = frame;
      this.handlers.refused(sub.name, new SwitchboardError(problem, frame.retryAfter ?? null));
    }
  }

  /** @param {any} command */
  #send(command) {
    if (this.#socket && this.#socket.readyState === 1) this.#socket.send(JSON.stringify(command));
  }

  /** @param {Subscription} sub */
  subscribe(sub) {
    const id = `sub-${++this.#ids}`;
    this.#pending.set(id, sub);
    /** @type {any} */
    const command = { op: "subscribe", id, sub: sub.name, topic: sub.topic };
    if (sub.cursor != null) command.cursor = sub.cursor;
    if (sub.filter) command.filter = Object.fromEntries(Object.entries(sub.filter).map(([k, v]) => [k, queryValue(v)]));
    if (sub.presence) command.presence = true;
    this.#send(command);
  }

  /** @param {Subscription} sub */
  unsubscribe(sub) {
    this.#send({ op: "unsubscribe", id: `unsub-${++this.#ids}`, sub: sub.name });
  }

  /** Subscriptions changed: on WebSocket each one was already sent as a command. */
  update() {}

  get opened() {
    return this.#opened;
  }

  /** @param {CloseInfo} info */
  #end(info) {
    if (this.#done) return;
    this.stop();
    this.handlers.closed(info);
  }

  stop() {
    this.#done = true;
    clearTimeout(this.#timer);
    clearInterval(this.#heartbeat);
    const socket = this.#socket;
    if (socket) {
      socket.onmessage = socket.onclose = null;
      socket.onerror = () => {}; // ws emits an error when a connecting socket is terminated; it is expected.
      try {
        if (typeof socket.terminate === "function" && socket.readyState !== 1) socket.terminate();
        else socket.close(1000);
      } catch (ignored) {
        // Closing a socket that never opened may throw in some implementations; it is gone either way.
      }
    }
  }
}

/**
 * The HTTP transports' subscription parameters: `sub.<name>.topic`, `.cursor`, `.filter.*`, `.presence`.
 * @param {Iterable<Subscription>} subs
 * @param {boolean} withPresence
 */
function subParams(subs, withPresence) {
  const params = new URLSearchParams();
  for (const sub of subs) {
    const p = `sub.${sub.name}.`;
    params.append(p + "topic", sub.topic);
    if (sub.cursor != null) params.append(p + "cursor", sub.cursor);
    for (const [field, value] of Object.entries(sub.filter || {})) params.append(`${p}filter.${field}`, queryValue(value));
    if (sub.presence && withPresence) params.append(p + "presence", "true");
  }
  return params;
}

/** Server-Sent Events, parsed from a fetch body (works in browsers and in Node, and sends headers). */
class SseTransport {
  name = /** @type {TransportName} */ ("sse");
  /** @type {AbortController | null} */
  #abort = null;
  #opened = false;
  #done = false;
  #generation = 0;
  /** @type {any} */
  #timer = null;
  /** @type {any} */
  #restart = null;

  /**
   * @param {Connection} owner
   * @param {TransportHandlers} handlers
   */
  constructor(owner, handlers) {
    this.owner = owner;
    this.handlers = handlers;
  }

  get opened() {
    return this.#opened;
  }

  start() {
    const generation = ++this.#generation;
    this.#abort?.abort();
    const abort = this.#abort = new AbortController();
    const subs = [...this.owner.subs.values()];
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => this.#fail(generation, { opened: this.#opened, code: null, reason: "no welcome in time" }),
      this.owner.connectTimeoutMs);
    this.#run(generation, abort, subs).catch(error => {
      if (generation === this.#generation && !this.#done) {
        this.#fail(generation, { opened: this.#opened, code: 1006, reason: String(error?.message ?? error) });
      }
    });
  }

  /**
   * @param {number} generation
   * @param {AbortController} abort
   * @param {Subscription[]} subs
   */
  async #run(generation, abort, subs) {
    const response = await this.owner.fetchRealtime("/realtime/sse?" + subParams(subs, true), abort.signal, "text/event-stream");
    if (generation !== this.#generation) return;
    if (!response.ok) {
      const error = await problemOf(response);
      this.#fail(generation, { opened: this.#opened, status: response.status, retryAfter: error.retryAfter, error });
      return;
    }
    if (!response.body) throw new Error("no response body");
    const reader = response.body.getReader();
    const decoder = new TextDecoder();
    let buffer = "", type = "", data = [];
    for (;;) {
      const { value, done } = await reader.read();
      if (generation !== this.#generation) return;
      if (done) break;
      this.owner.heard();
      buffer += decoder.decode(value, { stream: true });
      let newline;
      while ((newline = buffer.search(/\r\n|\r|\n/)) >= 0) {
        const line = buffer.slice(0, newline);
        buffer = buffer.slice(newline + (buffer.startsWith("\r\n", newline) ? 2 : 1));
        if (line === "") {
          if (data.length) this.#dispatch(generation, type || "message", data.join("\n"), subs);
          if (generation !== this.#generation) return;
          type = "";
          data = [];
        } else if (!line.startsWith(":")) {
          const colon = line.indexOf(":");
          const field = colon < 0 ? line : line.slice(0, colon);
          const value = colon < 0 ? "" : line.slice(colon + 1).replace(/^ /, "");
          if (field === "event") type = value;
          else if (field === "data") data.push(value);
        }
      }
    }
    this.#fail(generation, { opened: this.#opened, code: 1006, reason: "stream ended" });
  }

  /**
   * @param {number} generation
   * @param {string} type
   * @param {string} text
   * @param {Subscription[]} subs
   */
  #dispatch(generation, type, text, subs) {
    const data = JSON.parse(text);
    if (type === "welcome") {
      clearTimeout(this.#timer);
      const first = !this.#opened;
      this.#opened = true;
      if (first) this.handlers.open(data);
      for (const sub of subs) this.handlers.started(sub.name, data.cursor);
    } else if (type === "close") {
      this.#fail(generation, { opened: true, code: data.code, reason: data.reason,
        ...(data.reconnect === false && closePolicy(data.code) !== "fail" ? { code: 1002 } : {}) });
    } else {
      this.handlers.event(data.sub, data);
    }
  }

  /** @param {number} generation @param {CloseInfo} info */
  #fail(generation, info) {
    if (generation !== this.#generation || this.#done) return;
    this.stop();
    this.handlers.closed(info);
  }

  subscribe() {
    this.update();
  }

  unsubscribe() {
    this.update();
  }

  /** Subscriptions changed: re-open the stream with each one's current cursor (once per burst of changes). */
  update() {
    if (this.#done || this.#restart) return;
    this.#restart = setTimeout(() => {
      this.#restart = null;
      if (!this.#done && this.owner.subs.size > 0) this.start();
    }, 0);
  }

  stop() {
    this.#done = true;
    this.#generation++;
    clearTimeout(this.#timer);
    clearTimeout(this.#restart);
    this.#abort?.abort();
  }
}

/** Long-polling with the several-subscriptions form; the cursors are the whole state. */
class PollTransport {
  name = /** @type {TransportName} */ ("poll");
  /** @type {AbortController | null} */
  #abort = null;
  #opened = false;
  #done = false;
  #generation = 0;
  /** @type {any} */
  #restart = null;

  /**
   * @param {Connection} owner
   * @param {TransportHandlers} handlers
   */
  constructor(owner, handlers) {
    this.owner = owner;
    this.handlers = handlers;
  }

  get opened() {
    return this.#opened;
  }

  start() {
    const generation = ++this.#generation;
    this.#abort?.abort();
    this.#loop(generation).catch(error => {
      if (generation === this.#generation && !this.#done) {
        this.#fail(generation, { opened: this.#opened, code: 1006, reason: String(error?.message ?? error) });
      }
    });
  }

  /** @param {number} generation */
  async #loop(generation) {
    // The first poll does not wait: it answers every subscription's starting cursor, as a welcome would.
    let wait = this.#opened ? this.owner.pollWaitSeconds : 0;
    let first = true;
    while (generation === this.#generation) {
      const subs = [...this.owner.subs.values()];
      const abort = this.#abort = new AbortController();
      const limit = this.#opened ? (wait + 10) * 1000 : this.owner.connectTimeoutMs;
      const timer = setTimeout(() => abort.abort(), limit);
      const params = subParams(subs, false);
      params.set("wait", String(wait));
      let response;
      try {
        response = await this.owner.fetchRealtime("/realtime/poll?" + params, abort.signal, "application/json");
        if (generation !== this.#generation) return;
        if (!response.ok) {
          const error = await problemOf(response);
          this.#fail(generation, { opened: this.#opened, status: response.status, retryAfter: error.retryAfter, error });
          return;
        }
        const body = await response.json();
        if (generation !== this.#generation) return;
        this.owner.heard();
        if (!this.#opened) {
          this.#opened = true;
          this.handlers.open({ op: "welcome", cursor: null });
        }
        const cursors = body.cursors ?? {};
        if (wait === 0 || first) for (const sub of subs) this.handlers.started(sub.name, cursors[sub.name] ?? null);
        first = false;
        for (const event of body.events) this.handlers.event(event.sub, event);
        for (const sub of subs) if (cursors[sub.name] != null) sub._advance(cursors[sub.name]);
      } finally {
        clearTimeout(timer);
      }
      wait = this.owner.pollWaitSeconds;
    }
  }

  /** @param {number} generation @param {CloseInfo} info */
  #fail(generation, info) {
    if (generation !== this.#generation || this.#done) return;
    this.stop();
    this.handlers.closed(info);
  }

  subscribe() {
    this.update();
  }

  unsubscribe() {
    this.update();
  }

  /** Subscriptions changed: end the held poll and poll again with the new set. */
  update() {
    if (this.#done || this.#restart) return;
    this.#restart = setTimeout(() => {
      this.#restart = null;
      if (!this.#done && this.owner.subs.size > 0) this.start();
    }, 0);
  }

  stop() {
    this.#done = true;
    this.#generation++;
    clearTimeout(this.#restart);
    this.#abort?.abort();
  }
}

/** @typedef {WsTransport | SseTransport | PollTransport} Transport */

/**
 * What the transports need from the client: the subscriptions, targets and settings. Package-private.
 * @typedef {object} Connection
 * @property {Map<string, Subscription>} subs
 * @property {SwitchboardOptions} options
 * @property {number} connectTimeoutMs
 * @property {number} heartbeatMs
 * @property {number} pollWaitSeconds
 * @property {() => Promise<{ url: string, options: any }>} wsTarget
 * @property {(path: string, signal: AbortSignal, accept: string) => Promise<Response>} fetchRealtime
 * @property {() => void} heard
 */

/**
 * The client. Events: `state` ({@link StateChange}), `error` (a {@link SwitchboardError} or Error
 * that did not belong to one call).
 */
export class Switchboard extends Emitter {
  /** @type {Map<string, Subscription>} */
  #subs = new Map();
  /** @type {Transport | null} */
  #active = null;
  /** @type {WsTransport | null} */
  #probe = null;
  #index = 0;
  #attempt = 0;
  #probeAttempt = 0;
  #openedAt = 0;
  #names = 0;
  #unauthorized = 0;
  /** @type {any} */
  #retry = null;
  /** @type {any} */
  #probeTimer = null;
  /** @type {StateChange} */
  #state = { state: "closed", transport: null, retryInMs: null };
  #closed = false;
  #suspended = false;
  #busy = false;
  /** @type {Credentials | undefined} */
  #credentials = undefined;
  /** @type {string | null} */
  #csrf = null;
  /** @type {string | null} */
  #cookie = null;
  /** @type {Array<[string, EventListener]>} */
  #listeners = [];
  /** @type {Connection} */
  #connection;

  /** @param {SwitchboardOptions} [options] */
  constructor(options = {}) {
    super();
    const origin = globalThis.location?.origin;
    const url = options.url ?? origin;
    if (!url) throw new Error("Switchboard: give options.url (there is no page origin here)");
    /** The server's base URL, without a trailing slash. */
    this.url = url.replace(/\/+$/, "");
    this.options = options;
    /** @type {TransportName[]} */
    this.transports = (options.transports ?? ALL_TRANSPORTS).filter(t => ALL_TRANSPORTS.includes(t));
    if (this.transports.length === 0) throw new Error("Switchboard: no known transport in options.transports");
    const self = this;
    this.#connection = {
      subs: this.#subs,
      options,
      connectTimeoutMs: options.connectTimeoutMs ?? 5000,
      heartbeatMs: options.heartbeatMs ?? 25000,
      pollWaitSeconds: options.pollWaitSeconds ?? 25,
      wsTarget: () => self.#wsTarget(),
      fetchRealtime: (path, signal, accept) => self.#fetch(path, { signal, headers: { Accept: accept }, cache: "no-store" }),
      heard: () => {},
    };
    this.#watchBrowser();
  }

  /** The connection's current state. */
  get state() {
    return this.#state;
  }

  /** The transport in use, or `null`. */
  get transport() {
    return this.#active?.opened ? this.#active.name : null;
  }

  // ---- authentication -------------------------------------------------------------------------

  /**
   * Signs in with a browser session (`POST /auth/login`); keeps the CSRF token in memory and sends it
   * on writes. In Node the session cookie is kept in memory too.
   * @param {string} username
   * @param {string} password
   * @returns {Promise<{ user: string, roles: string[] }>}
   */
  async login(username, password) {
    const reply = await this.request("POST", "/auth/login", { body: { username, password }, anonymous: true });
    this.#csrf = reply.body.csrf;
    if (!isBrowser) {
      const cookies = /** @type {any} */ (reply.headers).getSetCookie?.() ?? [reply.headers.get("set-cookie") ?? ""];
      const session = cookies.map((/** @type {string} */ c) => c.split(";")[0]).find((/** @type {string} */ c) => c.startsWith("sb_session="));
      if (session) this.#cookie = session;
    }
    this.#reconnectNow();
    return { user: reply.body.user, roles: reply.body.roles };
  }

  /**
   * Picks up an existing browser session (after a reload): `null` when there is none.
   * @returns {Promise<{ user: string, roles: string[] } | null>}
   */
  async session() {
    try {
      const reply = await this.request("GET", "/auth/session", { anonymous: true });
      this.#csrf = reply.body.csrf;
      return { user: reply.body.user, roles: reply.body.roles };
    } catch (error) {
      if (error instanceof SwitchboardError && error.status === 401) return null;
      throw error;
    }
  }

  /** Ends the browser session (`POST /auth/logout`); its connections are closed by the server (4005). */
  async logout() {
    try {
      await this.request("POST", "/auth/logout", { anonymous: true });
    } finally {
      this.#csrf = null;
      this.#cookie = null;
    }
  }

  /** @param {boolean} fresh call `auth` again */
  async #resolveCredentials(fresh) {
    const auth = this.options.auth;
    if (typeof auth === "function") {
      if (fresh || this.#credentials === undefined) this.#credentials = (await auth()) ?? null;
    } else {
      this.#credentials = auth ?? null;
    }
    return this.#credentials;
  }

  /** @param {Credentials | undefined} credentials */
  #authHeaders(credentials) {
    /** @type {Record<string, string>} */
    const headers = {};
    if (credentials && "bearer" in credentials) headers.Authorization = `Bearer ${credentials.bearer}`;
    else if (credentials && "apiKey" in credentials) headers["X-API-Key"] = credentials.apiKey;
    else if (credentials && "basic" in credentials) headers.Authorization = `Basic ${base64(credentials.basic.join(":"))}`;
    else if (this.#cookie) {
      headers.Cookie = this.#cookie;
      headers.Origin = new URL(this.url).origin;
    }
    return headers;
  }

  /**
   * @param {string} path
   * @param {RequestInit & { headers?: Record<string, string> }} init
   * @param {Credentials | undefined} [credentials]
   */
  async #fetch(path, init, credentials) {
    const fetcher = this.options.fetch ?? globalThis.fetch;
    const creds = credentials === undefined ? await this.#resolveCredentials(false) : credentials;
    return fetcher(this.url + path, { credentials: "include", ...init, headers: { ...this.#authHeaders(creds), ...init.headers } });
  }

  async #wsTarget() {
    const credentials = await this.#resolveCredentials(true);
    let url = this.url.replace(/^http/, "ws") + "/realtime/ws";
    const tickets = this.options.tickets ?? isBrowser;
    if (credentials && tickets) {
      const reply = await this.request("POST", "/auth/tickets", { body: { transport: "ws" } });
      url += `?ticket=${encodeURIComponent(reply.body.ticket)}`;
      return { url, options: null };
    }
    const headers = this.#authHeaders(credentials);
    return { url, options: isBrowser || Object.keys(headers).length === 0 ? null : { headers } };
  }

  // ---- REST -------------------------------------------------------------------------------------

  /**
   * A REST call with the client's credentials (and CSRF token on writes); throws a
   * {@link SwitchboardError} for any error answer. For endpoints without a helper (`/admin/…`).
   * @param {string} method
   * @param {string} path from the server root, e.g. `/admin/sessions`
   * @param {{ body?: any, query?: Record<string, string> | [string, string][], headers?: Record<string, string>, contentType?: string, anonymous?: boolean }} [options]
   * @returns {Promise<Reply>}
   */
  async request(method, path, options = {}) {
    const query = options.query ? new URLSearchParams(options.query).toString() : "";
    /** @type {Record<string, string>} */
    const headers = { Accept: "application/json", ...options.headers };
    if (options.body !== undefined) headers["Content-Type"] = options.contentType ?? "application/json";
    if (this.#csrf && method !== "GET" && method !== "HEAD") headers["X-CSRF-Token"] = this.#csrf;
    const init = { method, headers, body: options.body === undefined ? undefined : JSON.stringify(options.body) };
    const target = path + (query ? `?${query}` : "");
    const call = async (/** @type {boolean} */ fresh) => {
      const credentials = options.anonymous ? null : await this.#resolveCredentials(fresh);
      try {
        return await this.#fetch(target, init, credentials);
      } catch (error) {
        throw new SwitchboardError({ status: 0, code: "network-error", title: "Network error", detail: String(/** @type {any} */ (error)?.message ?? error) });
      }
    };
    let response = await call(false);
    if (response.status === 401 && typeof this.options.auth === "function" && !options.anonymous) response = await call(true);
    if (!response.ok) throw await problemOf(response);
    const text = response.status === 204 ? "" : await response.text();
    return {
      status: response.status,
      headers: response.headers,
      body: text ? JSON.parse(text) : null,
      cursor: response.headers.get("Switchboard-Cursor"),
      etag: response.headers.get("ETag"),
    };
  }

  /**
   * @param {string} name
   * @returns {Collection}
   */
  collection(name) {
    return new Collection(this, name);
  }

  // ---- realtime ---------------------------------------------------------------------------------

  /**
   * A live, ordered list query.
   * @param {string} collection
   * @param {{ filter?: Record<string, unknown>, sort?: string }} [options]
   * @returns {LiveQuery}
   */
  live(collection, options = {}) {
    return new LiveQuery(this, collection, options);
  }

  /**
   * @param {string} name `namespace:name`
   * @param {{ presence?: boolean, cursor?: string }} [options]
   * @returns {Channel}
   */
  channel(name, options = {}) {
    return new Channel(this, name, options);
  }

  /**
   * Subscribes to a topic (`todos`, `todos/42`, `chat:lobby`) on the shared connection.
   * @param {string} topic
   * @param {SubscribeOptions} [options]
   * @returns {Subscription}
   */
  subscribe(topic, options = {}) {
    if (this.#closed) throw new Error("Switchboard: closed");
    const sub = new Subscription(this, `s${++this.#names}`, topic, options);
    this.#subs.set(sub.name, sub);
    // A socket subscribes everything once welcomed; an HTTP stream re-opens with the new set even while connecting.
    if (this.#active && (this.#active.opened || !(this.#active instanceof WsTransport))) this.#active.subscribe(sub);
    this.#ensure();
    return sub;
  }

  /**
   * @internal
   * @param {Subscription} sub
   * @param {boolean} [tell] whether the server still has it
   */
  _remove(sub, tell = true) {
    if (this.#subs.get(sub.name) !== sub) return;
    this.#subs.delete(sub.name);
    if (tell && this.#active && (this.#active.opened || !(this.#active instanceof WsTransport))) this.#active.unsubscribe(sub);
    this.#ensure();
  }

  /** Closes the connection and every subscription for good. */
  close() {
    this.#closed = true;
    this.#stopAll();
    for (const [type, listener] of this.#listeners) globalThis.removeEventListener?.(type, listener);
    this.#listeners = [];
    this.#setState({ state: "closed", transport: null, retryInMs: null });
  }

  /** @param {StateChange} state */
  #setState(state) {
    const previous = this.#state;
    if (previous.state === state.state && previous.transport === state.transport && previous.retryInMs === state.retryInMs) return;
    this.#state = state;
    this.emit("state", state);
  }

  #stopAll() {
    clearTimeout(this.#retry);
    clearTimeout(this.#probeTimer);
    this.#retry = this.#probeTimer = null;
    this.#active?.stop();
    this.#probe?.stop();
    this.#active = this.#probe = null;
  }

  /** Connects when there is something to receive; disconnects when there is not. */
  #ensure() {
    if (this.#closed || this.#suspended || this.#state.state === "failed") return;
    if (this.#subs.size === 0) {
      if (this.#active || this.#retry) {
        this.#stopAll();
        this.#setState({ state: "closed", transport: null, retryInMs: null });
      }
      return;
    }
    if (!this.#active && !this.#retry && !this.#busy) this.#connect();
  }

  #reconnectNow() {
    if (this.#closed || this.#subs.size === 0) return;
    if (this.#state.state === "failed") this.#state = { state: "closed", transport: null, retryInMs: null };
    this.#stopAll();
    this.#attempt = 0;
    this.#connect();
  }

  #connect() {
    clearTimeout(this.#retry);
    this.#retry = null;
    const name = this.transports[this.#index];
    this.#setState({ state: this.#state.state === "reconnecting" || this.#attempt > 0 ? "reconnecting" : "connecting", transport: name, retryInMs: null });
    const transport = this.#create(name, false);
    this.#active = transport;
    Promise.resolve(transport.start()).catch(error => {
      if (this.#active !== transport) return;
      this.#active = null;
      transport.stop();
      this.emit("error", error);
      this.#closedWith(transport, { opened: false, code: null, status: error?.status ?? null, retryAfter: error?.retryAfter, error });
    });
  }

  /**
   * @param {TransportName} name
   * @param {boolean} probe
   * @returns {Transport}
   */
  #create(name, probe) {
    /** @type {Transport} */
    let transport;
    /** @type {TransportHandlers} */
    const handlers = {
      open: welcome => (probe ? this.#upgrade(/** @type {WsTransport} */ (transport)) : this.#opened(transport, welcome)),
      event: (subName, event) => { if (this.#active === transport) this.#subs.get(subName)?._deliver(event); },
      started: (subName, cursor) => { if (this.#active === transport) this.#subs.get(subName)?._started(cursor); },
      refused: (subName, error) => {
        if (this.#active !== transport) return;
        const sub = this.#subs.get(subName);
        if (!sub) return;
        this.#subs.delete(subName);
        sub._refused(error);
        this.#ensure();
      },
      closed: info => {
        if (probe) return this.#probeFailed(/** @type {WsTransport} */ (transport));
        if (this.#active !== transport) return;
        this.#active = null;
        this.#closedWith(transport, info);
      },
    };
    transport = name === "websocket" ? new WsTransport(this.#connection, handlers)
      : name === "sse" ? new SseTransport(this.#connection, handlers) : new PollTransport(this.#connection, handlers);
    return transport;
  }

  /** @param {Transport} transport @param {any} welcome */
  #opened(transport, welcome) {
    if (this.#active !== transport) return;
    this.#openedAt = Date.now();
    this.#unauthorized = 0;
    this.#setState({ state: "open", transport: transport.name, retryInMs: null });
    if (transport instanceof WsTransport) for (const sub of this.#subs.values()) transport.subscribe(sub);
    this.#scheduleProbe();
  }

  /**
   * The policy after a connection ended: fall back to the next transport when this one never opened,
   * otherwise reconnect on it after the close code's delay, or fail.
   * @param {Transport} transport
   * @param {CloseInfo} info
   */
  async #closedWith(transport, info) {
    if (this.#closed || this.#suspended) return;
    this.#busy = true;
    try {
      await this.#afterClose(transport, info);
    } finally {
      this.#busy = false;
    }
    this.#ensure();
  }

  /**
   * @param {Transport} transport
   * @param {CloseInfo} info
   */
  async #afterClose(transport, info) {
    clearTimeout(this.#probeTimer);
    this.#probe?.stop();
    this.#probe = null;
    if (Date.now() - this.#openedAt > 10_000 && info.opened) this.#attempt = 0;
    const policy = closePolicy(info.code);
    const httpRefusal = info.status != null && info.status >= 400 && info.status < 500 && ![401, 408, 429].includes(info.status);
    if (policy === "fail" || (info.status === 401 && (typeof this.options.auth !== "function" || ++this.#unauthorized > 3))) {
      this.#stopAll();
      this.#setState({ state: "failed", transport: transport.name, retryInMs: null, code: info.code ?? info.status ?? null, reason: info.reason ?? info.error?.message ?? null });
      return;
    }
    if (httpRefusal && info.error && transport.name !== "websocket") {
      // A subscription the server refuses breaks the shared request: find it, tell it, go on without it.
      if (await this.#isolate()) {
        this.#attempt = 0;
        return;
      }
    }
    if (policy === "refresh") await this.#resolveCredentials(true).catch(error => this.emit("error", error));
    let delay;
    const mayFallBack = !info.opened && info.status !== 401 && info.status !== 429 && info.status !== 503;
    if (mayFallBack && this.#index < this.transports.length - 1) {
      this.#index++; // Never opened: try the next transport at once.
      delay = 0;
    } else {
      if (mayFallBack) this.#index = 0; // Every transport failed: start over after a backoff.
      const { baseMs = 500, capMs = 30000 } = this.options.backoff ?? {};
      delay = policy === "now" || policy === "refresh" ? 0
        : policy === "jitter" ? Math.floor(Math.random() * Math.min(capMs, baseMs * 4))
        : backoffDelay(this.#attempt++, baseMs, capMs);
      if (info.code === 1008) delay = Math.max(delay, 1000);
      if (info.retryAfter != null) delay = Math.max(delay, info.retryAfter * 1000 + Math.floor(Math.random() * 500));
    }
    if (this.#subs.size === 0 || this.#closed || this.#suspended) return;
    this.#setState({ state: "reconnecting", transport: this.transports[this.#index], retryInMs: delay,
      code: info.code ?? info.status ?? null, reason: info.reason ?? null });
    this.#retry = setTimeout(() => this.#connect(), delay);
  }

  /**
   * Checks each subscription alone (a poll that does not wait) and refuses those the server refuses;
   * a `410` (cursor outside the log) becomes a `reset`.
   * @returns {Promise<boolean>} whether any was found
   */
  async #isolate() {
    let found = false;
    for (const sub of [...this.#subs.values()]) {
      const params = subParams([sub], false);
      params.set("wait", "0");
      params.set("limit", "1");
      const response = await this.#fetch("/realtime/poll?" + params, { headers: { Accept: "application/json" } }).catch(() => null);
      if (!response || response.ok) continue;
      const error = await problemOf(response);
      if (response.status === 410) {
        const now = await this.#fetch(`/realtime/poll?sub.${sub.name}.topic=${encodeURIComponent(sub.topic)}&wait=0&limit=1`, {})
          .then(r => r.json()).catch(() => null);
        const cursor = now?.cursors?.[sub.name];
        if (cursor == null) continue;
        sub._deliver({ type: "reset", cursor, topic: sub.topic, sub: sub.name, detail: error.message });
        found = true;
      } else if (response.status >= 400 && response.status < 500 && response.status !== 401 && response.status !== 429) {
        this.#subs.delete(sub.name);
        sub._refused(error);
        found = true;
      }
    }
    return found;
  }

  // ---- upgrade back to WebSocket ----------------------------------------------------------------

  #scheduleProbe() {
    clearTimeout(this.#probeTimer);
    this.#probeTimer = null;
    if (this.#index === 0 || this.transports[0] !== "websocket" || !this.#active?.opened) return;
    const { baseMs = 2000, capMs = 60000 } = this.options.probe ?? {};
    const ceiling = Math.min(capMs, baseMs * 2 ** Math.min(this.#probeAttempt++, 30));
    const delay = Math.floor(ceiling / 2 + Math.random() * ceiling / 2);
    this.#probeTimer = setTimeout(() => {
      this.#probeTimer = null;
      if (!this.#active?.opened || this.#index === 0) return;
      const probe = /** @type {WsTransport} */ (this.#create("websocket", true));
      this.#probe = probe;
      probe.start().catch(() => this.#probeFailed(probe));
    }, delay);
  }

  /** @param {WsTransport} probe */
  #probeFailed(probe) {
    if (this.#probe !== probe) return;
    probe.stop();
    this.#probe = null;
    this.#scheduleProbe();
  }

  /**
   * The probe delivered its welcome: it becomes the connection, and every subscription resumes on
   * it from its cursor. The fallback stops first, so nothing it still had in flight is delivered.
   * @param {WsTransport} probe
   */
  #upgrade(probe) {
    if (this.#probe !== probe) return;
    this.#probe = null;
    this.#active?.stop();
    this.#active = probe;
    this.#index = 0;
    this.#probeAttempt = 0;
    this.#attempt = 0;
    probe.handlers.closed = info => {
      if (this.#active !== probe) return;
      this.#active = null;
      this.#closedWith(probe, info);
    };
    this.#opened(probe, null);
  }

  // ---- browser habits ---------------------------------------------------------------------------

  #watchBrowser() {
    if (!isBrowser || typeof globalThis.addEventListener !== "function") return;
    /** @param {string} type @param {(event: any) => void} listener */
    const listen = (type, listener) => {
      globalThis.addEventListener(type, listener);
      this.#listeners.push([type, listener]);
    };
    // bfcache: a page with an open connection is not cached; close on pagehide, reconnect on pageshow.
    listen("pagehide", () => this.#suspend("closed"));
    listen("pageshow", (/** @type {any} */ e) => { if (e.persisted || this.#suspended) this.#resume(); });
    listen("offline", () => this.#suspend("reconnecting"));
    listen("online", () => this.#resume());
    listen("visibilitychange", () => {
      if (document.visibilityState === "visible" && this.#state.state === "reconnecting" && this.#retry) this.#reconnectNow();
    });
  }

  /** @param {ConnectionState} state */
  #suspend(state) {
    if (this.#closed) return;
    this.#suspended = true;
    this.#stopAll();
    this.#setState({ state, transport: null, retryInMs: null });
  }

  #resume() {
    if (this.#closed || !this.#suspended) return;
    this.#suspended = false;
    this.#attempt = 0;
    if (this.#subs.size > 0 && this.#state.state !== "failed") this.#connect();
    else this.#setState({ state: "closed", transport: null, retryInMs: null });
  }
}

// The Switchboard console: the living example of the client library (/js/switchboard.js). Every
// screen uses the library where it has an answer (sign-in, live collections, the event monitor,
// chat and presence, and its request() for the admin routes it does not wrap). It signs in with a
// browser session: the HttpOnly sb_session cookie, plus a CSRF token the library keeps in memory.
// No inline script or style anywhere: the server's Content-Security-Policy allows 'self' only.
import { Switchboard } from "/js/switchboard.js";

const $ = (selector) => document.querySelector(selector);
const TRANSPORTS = ["websocket", "sse", "poll"];
let sb = null;        // the page's one Switchboard connection (all live lists and the chat share it)
let session = null;   // {user, roles} of the signed-in user; null when signed out

// ---------------------------------------------------------------------------- small helpers

/** Creates an element: el("td", {className: "id"}, "text", child…). Text is never parsed as HTML. */
function el(tag, props = {}, ...children) {
  const node = Object.assign(document.createElement(tag), props);
  node.append(...children.filter((c) => c !== null && c !== undefined));
  return node;
}

function button(label, onclick, className = "") {
  return el("button", { type: "button", className, textContent: label, onclick });
}

/** A two-step button: the first click arms it for three seconds, the second does it. */
function confirmButton(label, action) {
  const b = button(label, null, "danger");
  let timer = null;
  b.onclick = () => {
    if (!timer) {
      b.textContent = "Sure?";
      timer = setTimeout(() => { timer = null; b.textContent = label; }, 3000);
      return;
    }
    clearTimeout(timer);
    timer = null;
    b.textContent = label;
    action();
  };
  return b;
}

function say(selector, error) {
  const box = $(selector);
  if (!error) { box.textContent = ""; return; }
  const p = error.problem || {};
  box.textContent = [error.status, p.title || error.message, p.detail && p.detail !== p.title ? p.detail : ""]
    .filter(Boolean).join(" · ");
}

function fail(selector) {
  return (error) => {
    if (error && error.status === 401) { signedOut("Your session has ended; please sign in again."); return; }
    say(selector, error);
  };
}

const json = (value) => JSON.stringify(value, null, 2);
const etag = (version) => `"${version}"`;
const list = (text) => text.split(",").map((s) => s.trim()).filter(Boolean);

/**
 * The admin and webhook routes, through the library's authenticated request (it adds the session's
 * CSRF token to writes and throws problem documents as errors with status, code and problem).
 */
async function http(method, path, body) {
  return (await sb.request(method, path, body === undefined ? {} : { body })).body;
}

// ---------------------------------------------------------------------------- connection and sign-in

function connect() {
  sb = new Switchboard({ transports: TRANSPORTS });
  sb.on("state", (s) => {
    const pill = $("#connection");
    pill.dataset.state = s.state;
    pill.textContent = s.state === "open" ? `live · ${s.transport}`
      : s.state === "reconnecting" && s.retryInMs ? `reconnecting in ${Math.ceil(s.retryInMs / 1000)} s` : s.state;
  });
}

/** The cookie's session after a reload ({user, roles}), or null: the library keeps its CSRF token. */
function checkSession() {
  return sb.session();
}

function signedIn(who) {
  session = who;
  const admin = (who.roles || []).includes("admin");
  $("#whoami").textContent = `${who.user}${admin ? " · admin" : ""}`;
  for (const link of document.querySelectorAll("[data-admin]")) link.hidden = !admin;
  $("#login").hidden = true;
  $("#account").hidden = false;
  $("#app").hidden = false;
  route();
}

function signedOut(message = "") {
  session = null;
  for (const screen of Object.values(screens)) screen.leave?.();
  current = null;
  $("#app").hidden = true;
  $("#account").hidden = true;
  const form = $("#login");
  form.elements.password.value = "";
  $("#login-error").textContent = message;
  form.hidden = false;
  (form.elements.username.value ? form.elements.password : form.elements.username).focus();
}

$("#login").onsubmit = async (event) => {
  event.preventDefault();
  const form = event.target;
  const user = form.elements.username.value;
  const password = form.elements.password.value;
  form.elements.password.value = "";
  $("#login-error").textContent = "";
  try {
    signedIn(await sb.login(user, password));
  } catch (error) {
    signedOut(error.status === 401 ? "Wrong user name or password."
      : error.status === 429 ? "Too many attempts; wait a moment and try again."
        : `Signing in failed: ${error.message}`);
  }
};

$("#sign-out").onclick = async () => {
  for (const screen of Object.values(screens)) screen.leave?.();
  try {
    await sb.logout();
  } catch (ignored) {
    // The session had ended already: either way the cookie is gone or useless.
  }
  location.hash = "";
  signedOut();
};

// ---------------------------------------------------------------------------- routing between screens

let current = null; // the screen on show

function route() {
  if (!session) return;
  const [name, ...rest] = decodeURIComponent(location.hash.slice(1)).split("/");
  const admin = session.roles.includes("admin");
  const wanted = screens[name] && (!screens[name].admin || admin) ? name : "collections";
  if (current && current !== wanted) screens[current].leave?.();
  for (const section of document.querySelectorAll("[data-screen]")) section.hidden = section.id !== wanted;
  for (const link of document.querySelectorAll("#tabs a")) {
    link.classList.toggle("active", link.dataset.tab === wanted);
    if (link.dataset.tab === wanted) link.setAttribute("aria-current", "page");
    else link.removeAttribute("aria-current");
  }
  current = wanted;
  screens[wanted].enter(rest.join("/"));
}
window.addEventListener("hashchange", route);

// ---------------------------------------------------------------------------- collections (live)

const collections = {
  name: null,   // the open collection
  live: null,   // its sb.live() result set

  async enter(name) {
    say("#collection-problem", null);
    this.loadNames().catch(fail("#collection-problem"));
    if (name && name !== this.name) this.open(name);
    else if (!name && this.name) history.replaceState(null, "", "#collections/" + this.name);
  },

  leave() {},

  async loadNames() {
    const index = await http("GET", "/api");
    $("#collection-list").replaceChildren(...index.collections.map((c) => el("li", {},
      el("a", { href: "#collections/" + c.name, className: c.name === this.name ? "active" : "",
        textContent: c.name }, el("span", { className: "count", textContent: c.count ?? "" })))));
  },

  /** Opens a collection as a live query: the table is the library's ordered result set. */
  open(name, query = "") {
    this.live?.close();
    this.name = name;
    $("#collection-title").textContent = name;
    $("#query").hidden = false;
    $("#query-hint").hidden = false;
    $("#query").elements.q.value = query;
    for (const a of document.querySelectorAll("#collection-list a")) a.classList.toggle("active", a.textContent.startsWith(name));
    const { filter, sort } = parseQuery(query);
    const live = sb.live(name, { filter, ...(sort ? { sort } : {}) });
    this.live = live;
    live.on("change", ({ items, changes }) => { if (this.live === live) this.render(items, changes); });
    live.ready.then(() => this.render(live.items, []), (error) => { if (this.live === live) fail("#collection-problem")(error); });
  },

  render(items, changes = []) {
    const changed = new Set((changes || []).map((c) => c.id));
    const keys = columns(items);
    const head = el("tr", {}, ...["id", "v", ...keys, "owner", ""].map((k) => el("th", { textContent: k })));
    const body = items.map((doc) => {
      const row = el("tr", { className: changed.has(doc.id) ? "flash" : "" },
        el("td", { className: "id", textContent: doc.id }),
        el("td", { className: "muted", textContent: doc.version }),
        ...keys.map((k) => el("td", { textContent: doc[k] === undefined ? "" : typeof doc[k] === "object" ? JSON.stringify(doc[k]) : String(doc[k]) })),
        el("td", { className: "muted", textContent: doc.owner ?? "" }),
        el("td", { className: "row-actions" }, button("Edit", () => editor.open(doc)),
          confirmButton("Delete", () => this.remove(doc))));
      row.dataset.id = doc.id;
      return row;
    });
    $("#documents").replaceChildren(el("thead", {}, head), el("tbody", {}, ...body));
    $("#collection-count").textContent = `${items.length} shown · live`;
  },

  async remove(doc) {
    say("#collection-problem", null);
    try {
      await sb.collection(this.name).delete(doc.id, { ifMatch: etag(doc.version) });
    } catch (error) {
      fail("#collection-problem")(error);
    }
  },
};

const SERVER_FIELDS = new Set(["id", "version", "createdAt", "updatedAt", "owner"]);

/** The data columns of a table: the fields its documents have, in first-seen order, at most eight. */
function columns(items) {
  const keys = [];
  for (const doc of items) for (const k of Object.keys(doc)) if (!SERVER_FIELDS.has(k) && !keys.includes(k)) keys.push(k);
  return keys.slice(0, 8);
}

/** "done=false&priority:gte=2&sort=-priority" → {filter: {done: "false", "priority:gte": "2"}, sort: "-priority"} */
function parseQuery(text) {
  const params = new URLSearchParams(text.trim().replace(/^\?/, ""));
  const filter = {};
  let sort = null;
  for (const [key, value] of params) {
    if (key === "sort") sort = value;
    else if (!["limit", "after", "count", "fields"].includes(key)) filter[key] = value;
  }
  return { filter, sort };
}

$("#query").onsubmit = (event) => {
  event.preventDefault();
  say("#collection-problem", null);
  collections.open(collections.name, event.target.elements.q.value);
};
$("#new-collection").onsubmit = (event) => {
  event.preventDefault();
  location.hash = "#collections/" + event.target.elements.name.value;
  event.target.reset();
};
$("#new-document").onclick = () => editor.open(null);

// ---------------------------------------------------------------------------- editor and conflicts

const editor = {
  doc: null, // the document being edited (with the version the edit is based on), or null for a new one

  open(doc) {
    this.doc = doc;
    $("#editor-title").textContent = doc ? `Edit ${doc.id} (version ${doc.version})` : `New document in ${collections.name}`;
    $("#editor-form").elements.json.value = json(doc ? userFields(doc) : {});
    say("#editor-problem", null);
    $("#editor").showModal();
  },

  async save() {
    let body;
    try {
      body = JSON.parse($("#editor-form").elements.json.value);
    } catch (error) {
      $("#editor-problem").textContent = "Not valid JSON: " + error.message;
      return;
    }
    const c = sb.collection(collections.name);
    try {
      if (this.doc) await c.replace(this.doc.id, body, { ifMatch: etag(this.doc.version) });
      else await c.create(body);
      $("#editor").close();
    } catch (error) {
      if (error.status === 412 || error.code === "precondition-failed") await conflict.show(this.doc, body);
      else if (error.status === 401) fail("#editor-problem")(error);
      else say("#editor-problem", error);
    }
  },
};

function userFields(doc) {
  const data = {};
  for (const [k, v] of Object.entries(doc)) if (!SERVER_FIELDS.has(k) || k === "owner") data[k] = v;
  return data;
}

/** The 412 dialog: the stored document beside the edit; reload theirs into the editor, or overwrite. */
const conflict = {
  theirs: null,
  yours: null,

  async show(doc, yours) {
    const theirs = await sb.collection(collections.name).get(doc.id);
    this.theirs = theirs;
    this.yours = yours;
    $("#conflict-yours-version").textContent = doc.version;
    $("#conflict-theirs-version").textContent = theirs.version;
    $("#conflict-theirs").textContent = json(userFields(theirs));
    $("#conflict-yours").textContent = json(yours);
    $("#editor").close();
    $("#conflict").showModal();
  },
};
$("#editor-form").onsubmit = (event) => { event.preventDefault(); editor.save(); };
$("#editor-cancel").onclick = () => $("#editor").close();
$("#conflict-cancel").onclick = () => $("#conflict").close();
$("#conflict-reload").onclick = () => { $("#conflict").close(); editor.open(conflict.theirs); };
$("#conflict-overwrite").onclick = async () => {
  $("#conflict").close();
  editor.open(conflict.theirs);
  $("#editor-form").elements.json.value = json(conflict.yours);
  await editor.save();
};

// ---------------------------------------------------------------------------- live event monitor

/**
 * Follows chosen topics over one chosen transport. WebSocket, SSE and long-poll go through a
 * Switchboard of their own restricted to that transport (so the page's connection is untouched);
 * the NDJSON stream, which the library does not need in a browser, is read here with fetch.
 */
const monitor = {
  client: null,   // the monitor's own Switchboard, or the NDJSON reader
  subs: [],
  paused: false,
  waiting: [],
  cursor: null,

  enter() {},
  leave() {},

  start(topics, transport, cursor) {
    this.stop();
    say("#monitor-problem", null);
    this.cursor = cursor || null;
    $("#monitor-cursor").textContent = cursor || "–";
    const onEvent = (e) => this.event(e);
    const onReset = (e) => this.event({ ...(e || {}), type: "reset" });
    if (transport === "stream") {
      this.client = ndjson(topics, cursor, onEvent, (state) => this.status(state, "stream"), (error) => say("#monitor-problem", error));
    } else {
      const client = new Switchboard({ transports: [transport] });
      client.on("state", (s) => this.status(s.state, s.transport));
      this.client = client;
      this.subs = topics.map((topic) => client.subscribe(topic, { ...(cursor ? { cursor } : {}), onEvent, onReset }));
    }
    this.status("connecting", transport);
    $("#monitor-stop").disabled = false;
    $("#monitor-pause").disabled = false;
  },

  stop() {
    for (const sub of this.subs) sub.close();
    this.subs = [];
    this.client?.close();
    this.client = null;
    this.paused = false;
    this.flush();
    $("#monitor-pause").textContent = "Pause";
    $("#monitor-stop").disabled = true;
    $("#monitor-pause").disabled = true;
    this.status("stopped");
  },

  status(state, transport) {
    const text = transport && state !== "stopped" ? `${state} · ${transport}` : state;
    $("#monitor-status").textContent = text;
    $("#monitor-status").dataset.state = state;
  },

  event(e) {
    if (!e) return;
    if (e.cursor) { this.cursor = e.cursor; $("#monitor-cursor").textContent = e.cursor; }
    if (this.paused) {
      this.waiting.push(e);
      $("#monitor-waiting").textContent = `paused · ${this.waiting.length} waiting`;
    } else {
      show(e);
    }
  },

  toggle() {
    this.paused = !this.paused;
    $("#monitor-pause").textContent = this.paused ? "Resume" : "Pause";
    if (!this.paused) this.flush();
    else $("#monitor-waiting").textContent = "paused · 0 waiting";
  },

  flush() {
    this.waiting.splice(0).forEach(show);
    $("#monitor-waiting").textContent = "";
  },
};

const MAX_SHOWN = 200;

function show(e) {
  const log = $("#event-list");
  const what = e.type === "message" ? JSON.stringify(e.data) : e.id ? `${e.id}${e.version ? " v" + e.version : ""}` : "";
  log.prepend(el("li", { className: "type-" + e.type },
    el("code", { className: "cursor", textContent: e.cursor ?? "" }),
    el("span", { className: "badge", textContent: e.type }),
    el("span", { className: "topic", textContent: e.topic ?? "" }),
    el("span", { className: "what", textContent: what }),
    el("time", { textContent: e.time ? new Date(e.time).toLocaleTimeString() : "" })));
  while (log.children.length > MAX_SHOWN) log.lastElementChild.remove();
}

/** Reads /realtime/stream (NDJSON): resumes from the last cursor after a drop; close() ends it. */
function ndjson(topics, cursor, onEvent, onState, onError) {
  let last = cursor;
  let stopped = false;
  let controller = null;
  let delay = 500;
  async function run() {
    while (!stopped) {
      controller = new AbortController();
      const params = new URLSearchParams();
      topics.forEach((t) => params.append("topic", t));
      if (last) params.set("cursor", last);
      try {
        const response = await fetch("/realtime/stream?" + params, { credentials: "same-origin", signal: controller.signal });
        if (!response.ok) {
          const problem = await response.json().catch(() => ({ title: response.statusText }));
          throw Object.assign(new Error(problem.title), { status: response.status, problem });
        }
        const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
        let buffer = "";
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buffer += value;
          let nl;
          while ((nl = buffer.indexOf("\n")) >= 0) {
            const line = buffer.slice(0, nl).trim();
            buffer = buffer.slice(nl + 1);
            if (!line) continue;
            const frame = JSON.parse(line);
            if (frame.op === "welcome") { last = last || frame.cursor; onState("open"); delay = 500; }
            else if (frame.type === "close") { if (!frame.reconnect) stopped = true; }
            else if (frame.type !== "heartbeat") { if (frame.cursor) last = frame.cursor; onEvent(frame); }
          }
        }
      } catch (error) {
        if (stopped) return;
        if (error.status === 401 || error.status === 403 || error.status === 400) { onError(error); onState("failed"); return; }
      }
      if (stopped) return;
      onState("reconnecting");
      await new Promise((resolve) => setTimeout(resolve, delay * (0.5 + Math.random())));
      delay = Math.min(delay * 2, 15000);
    }
  }
  run();
  return { close() { stopped = true; controller?.abort(); } };
}

$("#monitor").onsubmit = (event) => {
  event.preventDefault();
  const form = event.target.elements;
  const topics = list(form.topics.value);
  if (!topics.length) { $("#monitor-problem").textContent = "Name at least one topic."; return; }
  monitor.start(topics, form.transport.value, form.cursor.value.trim());
};
$("#monitor-stop").onclick = () => monitor.stop();
$("#monitor-pause").onclick = () => monitor.toggle();
$("#monitor-clear").onclick = () => $("#event-list").replaceChildren();

// ---------------------------------------------------------------------------- chat with presence

const chat = {
  channel: null,

  enter() {
    if (!this.channel) this.join($("#chat-join").elements.channel.value);
  },

  leave() {},

  join(name) {
    this.channel?.close?.();
    say("#chat-problem", null);
    $("#chat-messages").replaceChildren();
    const channel = sb.channel(name, { presence: true });
    this.channel = channel;
    channel.on("message", (data) => { if (this.channel === channel) this.message(data); });
    channel.presence.on("change", (members) => { if (this.channel === channel) this.people(members); });
    for (const input of document.querySelectorAll("#chat-send input, #chat-send button")) input.disabled = false;
  },

  message(data) {
    const from = data && data.from ? data.from : "someone";
    const mine = session && from === session.user;
    const text = data && typeof data.text === "string" ? data.text : JSON.stringify(data);
    const log = $("#chat-messages");
    log.append(el("li", { className: mine ? "mine" : "" },
      el("span", { className: "from", textContent: from }), el("span", { className: "text", textContent: text })));
    log.scrollTop = log.scrollHeight;
  },

  people(members) {
    const names = (members || []).map((m) => (typeof m === "string" ? m : m.principal || "anonymous"));
    $("#chat-presence").replaceChildren(...[...new Set(names)].sort().map((n) =>
      el("li", { className: session && n === session.user ? "me" : "", textContent: n })));
  },

  async send(text) {
    try {
      await this.channel.publish({ text, from: session.user });
    } catch (error) {
      fail("#chat-problem")(error);
    }
  },
};

$("#chat-join").onsubmit = (event) => { event.preventDefault(); chat.join(event.target.elements.channel.value.trim()); };
$("#chat-send").onsubmit = (event) => {
  event.preventDefault();
  const input = event.target.elements.text;
  const text = input.value.trim();
  input.value = "";
  if (text) chat.send(text);
};

// ---------------------------------------------------------------------------- sessions (admin)

const sessions = {
  admin: true,
  timer: null,

  enter() {
    this.load();
    clearInterval(this.timer);
    this.timer = setInterval(() => this.load(), 2000);
  },

  leave() {
    clearInterval(this.timer);
    this.timer = null;
  },

  async load() {
    const form = $("#session-filter").elements;
    const params = new URLSearchParams();
    if (form.transport.value) params.set("transport", form.transport.value);
    if (form.topic.value.trim()) params.set("topic", form.topic.value.trim());
    try {
      const { sessions: all } = await http("GET", "/admin/sessions?" + params);
      say("#session-problem", null);
      const head = el("tr", {}, ...["transport", "principal", "topics", "queue", "sent", "connected", ""].map((t) => el("th", { textContent: t })));
      $("#session-list").replaceChildren(el("thead", {}, head), el("tbody", {}, ...all.map((s) => el("tr", {},
        el("td", {}, el("span", { className: "badge", textContent: s.transport })),
        el("td", { textContent: s.principal ?? "anonymous" }),
        el("td", { className: "id", textContent: s.topics.join(", ") }),
        el("td", { textContent: s.queueDepth }),
        el("td", { textContent: s.messagesSent }),
        el("td", { className: "muted", textContent: new Date(s.connectedAt).toLocaleTimeString() }),
        el("td", {}, s.transport === "webhook" ? null : confirmButton("Disconnect", () => this.disconnect(s.id)))))));
    } catch (error) {
      fail("#session-problem")(error);
    }
  },

  async disconnect(id) {
    try {
      await http("DELETE", "/admin/sessions/" + encodeURIComponent(id));
      await this.load();
    } catch (error) {
      fail("#session-problem")(error);
    }
  },
};
$("#session-filter").onsubmit = (event) => { event.preventDefault(); sessions.load(); };

// ---------------------------------------------------------------------------- webhooks

const webhooks = {
  open: null, // the endpoint whose delivery log is shown

  enter() { this.load(); },
  leave() {},

  async load() {
    try {
      const { webhooks: all } = await http("GET", "/realtime/webhooks");
      say("#webhook-problem", null);
      const head = el("tr", {}, ...["url", "topics", "status", "cursor", ""].map((t) => el("th", { textContent: t })));
      $("#webhook-list").replaceChildren(el("thead", {}, head), el("tbody", {}, ...all.map((w) => el("tr", {},
        el("td", { className: "id", textContent: w.url }),
        el("td", { textContent: (w.topics || []).join(", ") }),
        el("td", {}, el("span", { className: "badge status-" + w.status, textContent: w.status, title: w.statusReason || "" })),
        el("td", { textContent: w.cursor ?? "" }),
        el("td", { className: "row-actions" },
          button("Delivery log", () => this.attempts(w)),
          button(w.status === "active" ? "Pause" : "Resume", () => this.act("PATCH", w.id, "", { status: w.status === "active" ? "paused" : "active" })),
          confirmButton("Delete", () => this.act("DELETE", w.id, "")))))));
    } catch (error) {
      fail("#webhook-problem")(error);
    }
  },

  async create(form) {
    const body = { url: form.url.value, topics: list(form.topics.value) };
    try {
      if (form.filter.value.trim()) body.filter = JSON.parse(form.filter.value);
      const created = await http("POST", "/realtime/webhooks", body);
      const secret = $("#webhook-secret");
      secret.hidden = false;
      secret.replaceChildren("Signing secret (shown once): ", el("code", { textContent: created.secret }));
      form.url.value = "";
      say("#webhook-problem", null);
      await this.load();
    } catch (error) {
      fail("#webhook-problem")(error);
    }
  },

  async act(method, id, path, body) {
    try {
      await http(method, `/realtime/webhooks/${encodeURIComponent(id)}${path}`, body);
      if (method === "DELETE" && this.open && this.open.id === id) { this.open = null; $("#webhook-attempts").hidden = true; }
      await this.load();
      if (this.open) await this.attempts(this.open);
    } catch (error) {
      fail("#webhook-problem")(error);
    }
  },

  async attempts(w) {
    this.open = w;
    $("#webhook-attempts").hidden = false;
    $("#attempts-title").textContent = `Delivery log · ${w.url}`;
    try {
      const { attempts } = await http("GET", `/realtime/webhooks/${encodeURIComponent(w.id)}/attempts`);
      const head = el("tr", {}, ...["event", "attempt", "status", "outcome", "latency", "error", "time", ""].map((t) => el("th", { textContent: t })));
      $("#attempt-list").replaceChildren(el("thead", {}, head), el("tbody", {}, ...attempts.map((a) => el("tr", {},
        el("td", { className: "id", textContent: a.event }),
        el("td", { textContent: a.attempt }),
        el("td", { textContent: a.status ?? "" }),
        el("td", {}, el("span", { className: "badge outcome-" + a.outcome, textContent: a.outcome })),
        el("td", { textContent: a.latencyMillis === null || a.latencyMillis === undefined ? "" : a.latencyMillis + " ms" }),
        el("td", { className: "muted", textContent: a.error ?? "" }),
        el("td", { className: "muted", textContent: a.time ? new Date(a.time).toLocaleTimeString() : "" }),
        el("td", {}, button("Redeliver", () => this.act("POST", w.id, "/redeliver", { event: String(a.event) })))))));
    } catch (error) {
      fail("#webhook-problem")(error);
    }
  },
};
$("#webhook-new").onsubmit = (event) => { event.preventDefault(); webhooks.create(event.target.elements); };
$("#webhook-replay").onsubmit = (event) => {
  event.preventDefault();
  if (webhooks.open) webhooks.act("POST", webhooks.open.id, "/replay", { cursor: event.target.elements.cursor.value.trim() });
};
$("#attempts-refresh").onclick = () => webhooks.open && webhooks.attempts(webhooks.open);

// ---------------------------------------------------------------------------- users and API keys (admin)

const accounts = {
  admin: true,

  enter() { this.load(); },
  leave() {},

  async load() {
    try {
      const [{ items: users }, { items: keys }] = await Promise.all([http("GET", "/admin/users"), http("GET", "/admin/keys")]);
      say("#accounts-problem", null);
      $("#user-list").replaceChildren(el("thead", {}, el("tr", {}, ...["name", "roles", "enabled", ""].map((t) => el("th", { textContent: t })))),
        el("tbody", {}, ...users.map((u) => el("tr", {},
          el("td", { className: "id", textContent: u.name }),
          el("td", { textContent: (u.roles || []).join(", ") }),
          el("td", { textContent: u.enabled ? "yes" : "no" }),
          el("td", { className: "row-actions" }, u.name === session.user ? null : [
            button(u.enabled ? "Disable" : "Enable", () => this.act("PATCH", "/admin/users/" + encodeURIComponent(u.name), { enabled: !u.enabled })),
            confirmButton("Delete", () => this.act("DELETE", "/admin/users/" + encodeURIComponent(u.name)))].flat())))));
      $("#key-list").replaceChildren(el("thead", {}, el("tr", {}, ...["name", "prefix", "roles", "created", ""].map((t) => el("th", { textContent: t })))),
        el("tbody", {}, ...keys.map((k) => el("tr", {},
          el("td", { textContent: k.name }),
          el("td", { className: "id", textContent: k.prefix + "…" }),
          el("td", { textContent: (k.roles || []).join(", ") }),
          el("td", { className: "muted", textContent: new Date(k.created).toLocaleString() }),
          el("td", {}, confirmButton("Revoke", () => this.act("DELETE", "/admin/keys/" + encodeURIComponent(k.id))))))));
    } catch (error) {
      fail("#accounts-problem")(error);
    }
  },

  async act(method, path, body) {
    try {
      const answer = await http(method, path, body);
      await this.load();
      return answer;
    } catch (error) {
      fail("#accounts-problem")(error);
      return null;
    }
  },
};
$("#user-new").onsubmit = async (event) => {
  event.preventDefault();
  const f = event.target.elements;
  if (await accounts.act("POST", "/admin/users", { name: f.name.value, password: f.password.value, roles: list(f.roles.value) })) event.target.reset();
};
$("#key-new").onsubmit = async (event) => {
  event.preventDefault();
  const f = event.target.elements;
  const created = await accounts.act("POST", "/admin/keys", { name: f.name.value, roles: list(f.roles.value) });
  if (!created) return;
  event.target.reset();
  const box = $("#key-secret");
  box.hidden = false;
  box.replaceChildren("API key (shown once; send it as X-API-Key): ", el("code", { textContent: created.key }));
};

// ---------------------------------------------------------------------------- start

const screens = { collections, events: monitor, chat, sessions, webhooks, accounts };

connect();
checkSession().then((who) => (who ? signedIn(who) : signedOut()),
  () => signedOut("The server cannot be reached."));

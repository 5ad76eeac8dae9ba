// The Switchboard console: browse collections, list with the query syntax, create, edit and delete
// documents, and follow the open collection live over Server-Sent Events. It uses only the public
// API, so it doubles as a living example of it. It signs in with a browser session: the sb_session
// cookie (HttpOnly, sent by the browser) plus a CSRF token kept only in memory and sent on every write.
"use strict";

const $ = (selector) => document.querySelector(selector);
let current = null;   // collection name
let editing = null;   // {id, version} of the document in the editor, or null for a new one
let nextPage = null;  // URL of the next page (from the Link header)
let csrf = null;      // the session's CSRF token; null when signed out. Never stored.
let live = null;      // the EventSource following the open collection
let pending = null;   // timer of a refresh a live event asked for

const SAFE = new Set(["GET", "HEAD", "OPTIONS"]);
const SESSION_ENDED = new Set([4004, 4005]); // expired, revoked: the credential is no good any more

async function api(method, path, body, headers = {}) {
  const init = { method, credentials: "same-origin", headers: { Accept: "application/json", ...headers } };
  if (!SAFE.has(method) && csrf) init.headers["X-CSRF-Token"] = csrf;
  if (body !== undefined) {
    init.body = body;
    init.headers["Content-Type"] = init.headers["Content-Type"] || "application/json";
  }
  const response = await fetch(path, init);
  const cursor = response.headers.get("Switchboard-Cursor");
  if (cursor) $("#cursor").textContent = "cursor " + cursor;
  const text = await response.text();
  const json = text ? JSON.parse(text) : null;
  if (!response.ok) {
    const problem = json || { title: response.statusText, status: response.status };
    if (response.status === 401) showLogin();
    throw Object.assign(new Error(problem.detail || problem.title), { problem, status: response.status });
  }
  return { json, response };
}

// ---- signing in and out

function showLogin(message = "") {
  csrf = null;
  stopLive();
  current = null;
  $("#documents").replaceChildren();
  $("#collections").replaceChildren();
  $("#cursor").textContent = "";
  showProblem(null);
  $("#console").hidden = true;
  $("#account").hidden = true;
  const form = $("#login");
  form.elements.password.value = "";
  $("#login-error").textContent = message;
  form.hidden = false;
  (form.elements.username.value ? form.elements.password : form.elements.username).focus();
}

function showConsole(session) {
  csrf = session.csrf;
  $("#whoami").textContent = "signed in as " + session.user;
  $("#login").hidden = true;
  $("#login-error").textContent = "";
  $("#account").hidden = false;
  $("#console").hidden = false;
  window.onhashchange();
}

// GET auth/session: the cookie's session (with its CSRF token), or null on 401.
async function checkSession() {
  const response = await fetch("auth/session", { credentials: "same-origin", headers: { Accept: "application/json" } });
  if (response.status === 401) return null;
  if (!response.ok) throw new Error(`Checking the session failed (${response.status} ${response.statusText}).`);
  return response.json();
}

$("#login").onsubmit = async (event) => {
  event.preventDefault();
  const form = event.target;
  const credentials = { username: form.elements.username.value, password: form.elements.password.value };
  form.elements.password.value = "";
  $("#login-error").textContent = "";
  let response;
  try {
    response = await fetch("auth/login", {
      method: "POST",
      credentials: "same-origin",
      headers: { Accept: "application/json", "Content-Type": "application/json" },
      body: JSON.stringify(credentials),
    });
  } catch (error) {
    $("#login-error").textContent = "The server cannot be reached.";
    return;
  }
  if (response.ok) {
    showConsole(await response.json());
  } else {
    showLogin(response.status === 401 ? "Wrong user name or password"
      : `Signing in failed (${response.status} ${response.statusText}).`);
  }
};

$("#sign-out").onclick = async () => {
  stopLive(); // the server ends it with 4005 anyway; that is not news here
  try {
    await api("POST", "auth/logout");
  } catch (error) {
    // 401: the session had ended already; either way the cookie is gone or useless.
  }
  location.hash = "";
  showLogin();
};

// ---- following the open collection live (SSE; the browser sends the session cookie)

function stopLive() {
  if (live) live.close();
  live = null;
  clearTimeout(pending);
}

function startLive(topic) {
  stopLive();
  const source = new EventSource(`realtime/sse?topic=${encodeURIComponent(topic)}`);
  live = source;
  const changed = () => {
    clearTimeout(pending);
    pending = setTimeout(() => refresh().catch(showProblem), 300);
  };
  for (const type of ["created", "updated", "deleted", "reset"]) source.addEventListener(type, changed);
  source.addEventListener("close", (event) => {
    const close = JSON.parse(event.data);
    if (SESSION_ENDED.has(close.code)) liveEnded(source, true);
    else if (!close.reconnect) stopLive();
    // otherwise EventSource reconnects by itself and resumes with Last-Event-ID
  });
  source.onerror = () => {
    // CLOSED: the server refused the stream (401 among others); CONNECTING: the browser retries.
    if (source.readyState === EventSource.CLOSED) liveEnded(source, false);
  };
}

// The live stream ended for good: signed out (401) shows the login form; otherwise a stream ended
// by 4004/4005 is opened again (the cookie's session is still good), a refused one is reported.
async function liveEnded(source, reopen) {
  source.close();
  if (live !== source) return;
  live = null;
  let session;
  try {
    session = await checkSession();
  } catch (error) {
    showProblem(new Error("Live updates stopped: " + error.message));
    return;
  }
  if (live || !csrf) return; // something else happened meanwhile (another collection, signed out)
  if (!session) {
    showLogin("Your session has ended; please sign in again.");
  } else {
    csrf = session.csrf;
    if (!reopen) showProblem(new Error("Live updates stopped: the server refused the event stream."));
    else if (current) startLive(current);
  }
}

// ---- browsing and editing

function showProblem(error) {
  if (error && error.status === 401) return; // the login form says it
  const box = $("#problem");
  box.hidden = !error;
  box.textContent = error ? JSON.stringify(error.problem || { detail: error.message }, null, 2) : "";
}

async function loadCollections() {
  const { json } = await api("GET", "api");
  const list = $("#collections");
  list.replaceChildren(...json.collections.map((c) => {
    const item = document.createElement("li");
    const link = document.createElement("a");
    link.href = "#" + c.name;
    link.textContent = `${c.name} (${c.count})`;
    item.append(link);
    return item;
  }));
}

function cell(row, text) {
  const td = row.insertCell();
  td.textContent = text;
  return td;
}

async function loadDocuments(url, append) {
  const { json, response } = await api("GET", url);
  const table = $("#documents");
  if (!append) table.replaceChildren();
  for (const doc of json.items) {
    const row = table.insertRow();
    cell(row, doc.id).className = "id";
    cell(row, "v" + doc.version);
    const { id, version, createdAt, updatedAt, ...data } = doc;
    cell(row, JSON.stringify(data)).className = "data";
    const actions = row.insertCell();
    const edit = document.createElement("button");
    edit.textContent = "Edit";
    edit.onclick = () => openEditor(doc);
    const remove = document.createElement("button");
    remove.textContent = "Delete";
    remove.onclick = () => removeDocument(doc).catch(showProblem);
    actions.append(edit, remove);
  }
  const link = response.headers.get("Link");
  const match = link && link.match(/<([^>]+)>;\s*rel="next"/);
  nextPage = match ? match[1] : null;
  $("#more").hidden = !nextPage;
}

function openEditor(doc) {
  editing = doc ? { id: doc.id, version: doc.version } : null;
  $("#editor-title").textContent = doc ? `Edit ${doc.id} (version ${doc.version})` : "New document";
  const { version, createdAt, updatedAt, ...data } = doc || {};
  $("#editor").json.value = JSON.stringify(data, null, 2);
}

async function removeDocument(doc) {
  await api("DELETE", `api/${current}/${encodeURIComponent(doc.id)}`, undefined, { "If-Match": `"${doc.version}"` });
  await refresh();
}

async function refresh() {
  showProblem(null);
  await loadCollections();
  if (current) await loadDocuments(`api/${current}?${$("#query").q.value}`, false);
}

async function select(name) {
  current = name || null;
  $("#title").textContent = current ? current : "Pick a collection";
  for (const id of ["#query", "#editor"]) $(id).hidden = !current;
  openEditor(null);
  if (current) startLive(current);
  else stopLive();
  await refresh();
}

$("#editor").onsubmit = async (event) => {
  event.preventDefault();
  try {
    const body = $("#editor").json.value;
    if (editing) {
      await api("PUT", `api/${current}/${encodeURIComponent(editing.id)}`, body, { "If-Match": `"${editing.version}"` });
    } else {
      await api("POST", `api/${current}`, body);
    }
    openEditor(null);
    await refresh();
  } catch (error) {
    showProblem(error);
  }
};
$("#cancel").onclick = () => openEditor(null);
$("#query").onsubmit = (event) => {
  event.preventDefault();
  refresh().catch(showProblem);
};
$("#more").onclick = () => loadDocuments(nextPage, true).catch(showProblem);
$("#new-collection").onsubmit = (event) => {
  event.preventDefault();
  location.hash = event.target.name.value;
  event.target.reset();
};
window.onhashchange = () => {
  if (csrf) select(decodeURIComponent(location.hash.slice(1))).catch(showProblem);
};

checkSession().then((session) => (session ? showConsole(session) : showLogin()),
  (error) => showLogin(error.message.startsWith("Checking") ? error.message : "The server cannot be reached."));

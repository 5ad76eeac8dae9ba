// The Switchboard console: browse collections, list with the query syntax, create, edit and delete
// documents. It uses only the public REST API, so it doubles as a living example of it.
"use strict";

const $ = (selector) => document.querySelector(selector);
let current = null;   // collection name
let editing = null;   // {id, version} of the document in the editor, or null for a new one
let nextPage = null;  // URL of the next page (from the Link header)

async function api(method, path, body, headers = {}) {
  const init = { method, headers: { Accept: "application/json", ...headers } };
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
    throw Object.assign(new Error(problem.detail || problem.title), { problem });
  }
  return { json, response };
}

function showProblem(error) {
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
window.onhashchange = () => select(decodeURIComponent(location.hash.slice(1))).catch(showProblem);
window.onhashchange();

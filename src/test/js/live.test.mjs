// live() keeps an ordered result set equal to a fresh list under concurrent writers; REST errors
// are problem documents; the cookie session sends its CSRF token on writes; channels and presence.
import { test } from "node:test";
import assert from "node:assert/strict";
import { admin, client, fresh, until, ADMIN_PASSWORD } from "./helpers.mjs";
import { SwitchboardError } from "../../../webapp/js/switchboard.js";

for (const transport of ["websocket", "sse", "poll"]) {
  test(`over ${transport}, a live query's items equal a fresh list after concurrent writers`, { timeout: 90000 }, async () => {
    const name = fresh("live");
    for (let i = 0; i < 10; i++) await admin("POST", `/api/${name}`, { id: `seed${i}`, title: `t${i % 4}`, priority: i % 5, done: i % 2 === 0 });
    const sb = client({ transports: [transport] });
    try {
      const todos = sb.live(name, { filter: { done: false }, sort: "-priority,title" });
      let changes = 0;
      todos.on("change", () => changes++);
      await todos.ready;
      assert.deepEqual(todos.items.map(d => d.id), (await admin("GET", `/api/${name}?done=false&sort=-priority,title`)).body.items.map(d => d.id));

      // Three writers create, flip `done` (enter/leave), reprioritise and delete, concurrently.
      const writer = async w => {
        for (let i = 0; i < 25; i++) {
          const id = `w${w}-${i % 8}`;
          const op = (i * 7 + w) % 4;
          const r = Math.random();
          await fetchOrIgnore(op === 0 ? ["PUT", `/api/${name}/${id}`, { title: `x${i}`, priority: i % 5, done: r < 0.5 }]
            : op === 1 ? ["PATCH", `/api/${name}/${id}`, { done: r < 0.5 }]
            : op === 2 ? ["PATCH", `/api/${name}/seed${i % 10}`, { priority: (i + w) % 5, done: r < 0.3 }]
            : ["DELETE", `/api/${name}/${id}`]);
        }
      };
      await Promise.all([0, 1, 2].map(writer));
      const expected = (await admin("GET", `/api/${name}?done=false&sort=-priority,title&limit=100`)).body.items;
      await until(() => JSON.stringify(todos.items) === JSON.stringify(expected), 30000, "the live items to equal a fresh list");
      assert.ok(changes > 10, "changes were applied live, not by refetching once");
      todos.close();
    } finally {
      sb.close();
    }
  });
}

async function fetchOrIgnore([method, path, body]) {
  try {
    await admin(method, path, body, method === "PATCH" ? { "Content-Type": "application/merge-patch+json" } : {});
  } catch (error) {
    if (!/: (404|412) /.test(error.message)) throw error; // a concurrent delete won; that is the point
  }
}

test("collection CRUD throws problem documents: a stale ifMatch is precondition-failed", { timeout: 20000 }, async () => {
  const sb = client();
  const c = sb.collection(fresh("crud"));
  const doc = await c.create({ title: "Milk" });
  assert.equal(doc.version, 1);
  const patched = await c.patch(doc.id, { done: true }, { ifMatch: doc.version });
  assert.equal(patched.version, 2);
  await assert.rejects(c.patch(doc.id, { done: false }, { ifMatch: 1 }), e => {
    assert.ok(e instanceof SwitchboardError);
    assert.equal(e.status, 412);
    assert.equal(e.code, "precondition-failed");
    assert.equal(e.problem.status, 412);
    return true;
  });
  const replaced = await c.replace(doc.id, { title: "Oat milk" }, { ifMatch: `"2"` });
  assert.equal((await c.get(doc.id)).title, "Oat milk");
  assert.equal((await c.list({ filter: { title: "Oat milk" } })).items.length, 1);
  await assert.rejects(c.delete(doc.id, { ifMatch: 1 }), { code: "precondition-failed" });
  await c.delete(doc.id, { ifMatch: replaced.version });
  await assert.rejects(c.get(doc.id), { status: 404, code: "not-found" });
});

test("a cookie session logs in, writes with its CSRF token, and logs out", { timeout: 30000 }, async () => {
  const user = fresh("u").replace(/-/g, "");
  await admin("POST", "/admin/users", { name: user, password: "correct horse battery", roles: [] });
  const sb = client({ auth: undefined });
  try {
    const me = await sb.login(user, "correct horse battery");
    assert.equal(me.user, user);
    const c = sb.collection(fresh("cookie"));
    const seen = [];
    const sub = sb.subscribe(c.name, { onEvent: e => seen.push(e.id) });
    await sub.ready;
    const doc = await c.create({ title: "by cookie" });
    assert.equal(doc.owner, user);
    await until(() => seen.includes(doc.id), 10000, "the event over the cookie-authenticated socket");
    await sb.logout();
    await until(() => sb.state.state === "failed", 10000, "the revoked connection (4005) to fail");
    await assert.rejects(c.create({ title: "after logout" }), { status: 401 });
  } finally {
    sb.close();
  }
});

test("a join that arrives while the member list is on its way stays in the list the answer brings", { timeout: 30000 }, async () => {
  const room = `chat:${fresh("room")}`;
  // The member list is fetched at once (only this session is in it) and handed over when released.
  let release, listed;
  const gate = new Promise(resolve => { release = resolve; });
  const asked = new Promise(resolve => { listed = resolve; });
  const heldFetch = async (url, init) => {
    const response = await fetch(url, init);
    if (String(url).includes("/realtime/presence/")) {
      listed();
      await gate;
    }
    return response;
  };
  const a = client({ fetch: heldFetch });
  const b = client();
  try {
    const chA = a.channel(room, { presence: true });
    let members = [];
    let changes = 0;
    chA.presence.on("change", m => { members = m; changes++; });
    await chA.ready;
    await asked;
    const chB = b.channel(room, { presence: true });
    await chB.ready;
    await until(() => changes === 1, 10000, "the join event"); // the list is still held: the first change
    const before = changes;
    release();
    await until(() => changes > before, 10000, "the member list to be applied");
    assert.deepEqual(members, [{ principal: "admin", sessions: 2 }], "the stale list did not drop the joined session");
    chB.close();
    await until(() => members[0]?.sessions === 1, 10000, "the other session to leave");
  } finally {
    a.close();
    b.close();
  }
});

test("a channel delivers messages and keeps its presence list current", { timeout: 30000 }, async () => {
  const room = `chat:${fresh("room")}`;
  const a = client();
  const b = client({ auth: { basic: ["admin", ADMIN_PASSWORD] } });
  try {
    const chA = a.channel(room, { presence: true });
    const got = [];
    chA.on("message", (data, event) => got.push([data.text, event.type]));
    let members = [];
    chA.presence.on("change", m => { members = m; });
    await chA.ready;
    const chB = b.channel(room, { presence: true });
    await chB.ready;
    await until(() => members.length === 1 && members[0].sessions === 2, 10000, "two sessions present");
    await chB.publish({ text: "hi" });
    await until(() => got.length === 1, 10000, "the message");
    assert.deepEqual(got, [["hi", "message"]]);
    chB.close();
    await until(() => members.length === 1 && members[0].sessions === 1, 10000, "the other session to leave");
  } finally {
    a.close();
    b.close();
  }
});

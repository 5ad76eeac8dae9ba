// The console in Debian's headless Chromium, driven by playwright-core (no browser download).
// Run by BrowserIT with SB_BASE, SB_ADMIN_PASSWORD, SB_USER, SB_USER_PASSWORD, SB_SCREENSHOTS and
// SB_COLLECTION; by hand against `mvn exec:java`: SB_BASE=http://localhost:8080 SB_ADMIN_PASSWORD=…
// SB_USER=… SB_USER_PASSWORD=… node console.test.mjs. Exits non-zero with the reason on any failure,
// including any console error or uncaught exception in any page.
import { chromium } from "playwright-core";
import { mkdirSync } from "node:fs";
import { join } from "node:path";

const BASE = (process.env.SB_BASE || "http://localhost:8080/").replace(/\/?$/, "/");
const ADMIN = { user: "admin", password: process.env.SB_ADMIN_PASSWORD };
const USER = { user: process.env.SB_USER, password: process.env.SB_USER_PASSWORD };
const SHOTS = process.env.SB_SCREENSHOTS || "../../../target/screenshots";
const COLLECTION = process.env.SB_COLLECTION || "browser" + Date.now().toString(36);
const WITHIN = 15_000;
const TRANSPORTS = ["websocket", "sse", "stream", "poll"];
mkdirSync(SHOTS, { recursive: true });

const problems = [];   // console errors and page errors, from every page
const basic = "Basic " + Buffer.from(`admin:${ADMIN.password}`).toString("base64");

/** REST as admin from Node (the "other client" whose changes the pages must show). */
async function rest(method, path, body) {
  const response = await fetch(new URL(path, BASE), {
    method, headers: { Authorization: basic, "Content-Type": "application/json", Accept: "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
  return text ? JSON.parse(text) : null;
}

/**
 * Browsers log a failed resource load as a console error even when the page expected the answer;
 * these are the only ones the console provokes on purpose: checking for a session before signing
 * in (401), and the stale write the conflict dialog is about (412).
 */
const EXPECTED = [
  { status: 401, url: /\/auth\/session$/ },
  { status: 412, url: new RegExp(`/api/${COLLECTION}/`) },
];

function watch(page, who) {
  page.on("console", (msg) => {
    if (msg.type() !== "error") return;
    const url = msg.location()?.url || "";
    const text = msg.text();
    const status = Number((text.match(/status of (\d{3})/) || [])[1]);
    if (/^Failed to load resource/.test(text) && EXPECTED.some((e) => e.status === status && e.url.test(url))) return;
    problems.push(`${who}: console error: ${text} (${url})`);
  });
  page.on("pageerror", (error) => problems.push(`${who}: uncaught: ${error.stack || error}`));
  return page;
}

async function open(browser, who, credentials, options = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 860 }, ...options.context });
  if (options.blockWebSocket) await blockWebSocket(context);
  const page = watch(await context.newPage(), who);
  page.setDefaultTimeout(WITHIN);
  await page.goto(BASE);
  await page.waitForSelector("#login:not([hidden])");
  await page.fill("#login-username", credentials.user);
  await page.fill("#login-password", credentials.password);
  await page.click("#login button");
  await page.waitForSelector("#app:not([hidden])");
  return { context, page, who };
}

/** WebSocket connects but never delivers a frame, then drops (a proxy that eats the upgrade). */
async function blockWebSocket(context) {
  if (typeof context.routeWebSocket === "function") {
    await context.routeWebSocket(/\/realtime\/ws/, (ws) => { setTimeout(() => ws.close({ code: 1011, reason: "blocked" }), 50); });
  } else {
    await context.addInitScript(() => {
      window.WebSocket = class Blocked extends EventTarget {
        constructor() {
          super();
          this.readyState = 0;
          setTimeout(() => { this.readyState = 3; this.dispatchEvent(new Event("error")); this.dispatchEvent(new CloseEvent("close", { code: 1006 })); }, 50);
        }
        send() {}
        close() {}
      };
    });
  }
}

async function textIn(page, selector, text, within = WITHIN) {
  try {
    await page.waitForFunction(([s, t]) => [...document.querySelectorAll(s)].some((e) => e.textContent.includes(t)),
      [selector, text], { timeout: within });
  } catch (error) {
    const seen = await page.$$eval(selector, (es) => es.map((e) => e.textContent).join(" | ")).catch(() => "?");
    throw new Error(`${text} never appeared in ${selector}; it shows: ${seen.slice(0, 600)}`);
  }
}

async function textGone(page, selector, text) {
  await page.waitForFunction(([s, t]) => ![...document.querySelectorAll(s)].some((e) => e.textContent.includes(t)), [selector, text]);
}

async function shot(page, name) {
  await page.screenshot({ path: join(SHOTS, name + ".png"), fullPage: true });
}

async function step(name, run) {
  const started = Date.now();
  try {
    await run();
    console.log(`ok   ${name} (${Date.now() - started} ms)`);
  } catch (error) {
    console.log(`FAIL ${name}: ${error.stack || error}`);
    throw error;
  }
}

async function goto(page, hash) {
  await page.evaluate((h) => { location.hash = h; }, hash);
}

const browser = await chromium.launch({
  executablePath: process.env.SB_CHROMIUM || "/usr/bin/chromium",
  args: ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
});
let failed = false;
try {
  const a = await open(browser, "admin", ADMIN);
  const b = await open(browser, USER.user, USER);

  await step("admin-only screens are hidden from a user who is not an admin", async () => {
    if (!(await b.page.isHidden('#tabs a[data-tab="sessions"]'))) throw new Error("Sessions tab shown to a non-admin");
    if (!(await b.page.isHidden('#tabs a[data-tab="accounts"]'))) throw new Error("Users tab shown to a non-admin");
    if (await a.page.isHidden('#tabs a[data-tab="sessions"]')) throw new Error("Sessions tab hidden from the admin");
  });

  await step("a document created in one window appears in the other's table without reload", async () => {
    for (const w of [a, b]) await goto(w.page, `collections/${COLLECTION}`);
    await a.page.waitForSelector("#query:not([hidden])");
    await a.page.click("#new-document");
    await a.page.fill("#editor-form textarea", JSON.stringify({ id: "from-admin", title: "Written by admin", done: false }));
    await a.page.click("#editor-save");
    await textIn(b.page, "#documents", "Written by admin");
    await b.page.click("#new-document");
    await b.page.fill("#editor-form textarea", JSON.stringify({ id: "from-user", title: "Written by the user", done: false }));
    await b.page.click("#editor-save");
    await textIn(a.page, "#documents", "Written by the user");
    await rest("POST", `api/${COLLECTION}`, { id: "from-rest", title: "Written over REST", done: true });
    for (const w of [a, b]) await textIn(w.page, "#documents", "Written over REST");
  });

  await step("a live query follows its filter: a document that stops matching leaves the table", async () => {
    await b.page.fill("#query input[name=q]", "done=false&sort=title");
    await b.page.click("#query button");
    await textGone(b.page, "#documents", "Written over REST");
    await textIn(b.page, "#documents", "Written by admin");
    await rest("PUT", `api/${COLLECTION}/from-admin`, { title: "Written by admin", done: true });
    await textGone(b.page, "#documents", "Written by admin");
    await rest("PUT", `api/${COLLECTION}/from-admin`, { title: "Written by admin", done: false });
    await textIn(b.page, "#documents", "Written by admin");
    await shot(b.page, "collections-live-query");
  });

  await step("a stale edit opens the conflict dialog with theirs and yours, and overwriting wins", async () => {
    await textIn(a.page, "#documents", "Written by the user");
    await a.page.click('#documents tr[data-id="from-user"] button:text("Edit")');
    await rest("PUT", `api/${COLLECTION}/from-user`, { title: "Changed meanwhile", done: false });
    await a.page.fill("#editor-form textarea", JSON.stringify({ title: "Mine wins", done: false }));
    await a.page.click("#editor-save");
    await a.page.waitForSelector("#conflict[open]");
    await textIn(a.page, "#conflict-theirs", "Changed meanwhile");
    await textIn(a.page, "#conflict-yours", "Mine wins");
    await shot(a.page, "collections-conflict");
    await a.page.click("#conflict-overwrite");
    await textIn(b.page, "#documents", "Mine wins");
    await a.page.waitForSelector("#conflict:not([open])", { state: "attached" });
    await a.page.waitForSelector("#editor:not([open])", { state: "attached" });
  });

  await step("a delete in one window removes the row in the other", async () => {
    const row = 'tr[data-id="from-rest"]';
    await b.page.fill("#query input[name=q]", "");
    await b.page.click("#query button");
    await textIn(b.page, "#documents", "Written over REST");
    await a.page.click(`#documents ${row} button:text("Delete")`);
    await a.page.click(`#documents ${row} button:text("Sure?")`);
    await textGone(b.page, "#documents", "Written over REST");
    await shot(a.page, "collections");
  });

  await step("two users chat and each sees the other in presence", async () => {
    for (const w of [a, b]) await goto(w.page, "chat");
    await textIn(a.page, "#chat-presence", USER.user);
    await textIn(b.page, "#chat-presence", "admin");
    await a.page.fill("#chat-send input", "hello from admin");
    await a.page.press("#chat-send input", "Enter");
    await textIn(b.page, "#chat-messages", "hello from admin");
    await b.page.fill("#chat-send input", "hi admin, " + USER.user + " here");
    await b.page.click("#chat-send button");
    await textIn(a.page, "#chat-messages", USER.user + " here");
    await shot(a.page, "chat");
  });

  await step("the event monitor shows a new event over each transport, with its cursor", async () => {
    await goto(a.page, "events");
    await a.page.fill("#monitor input[name=topics]", COLLECTION);
    for (const transport of TRANSPORTS) {
      await a.page.selectOption("#monitor select[name=transport]", transport);
      await a.page.click("#monitor-start");
      await a.page.waitForSelector('#monitor-status[data-state="open"]');
      const id = "over-" + transport;
      const created = await rest("POST", `api/${COLLECTION}`, { id, title: "via " + transport, done: false });
      await textIn(a.page, "#event-list", id);
      const cursor = await a.page.textContent("#monitor-cursor");
      if (!/^\d+$/.test(cursor)) throw new Error(`no cursor shown over ${transport}: ${cursor} (${JSON.stringify(created)})`);
      if (transport === "websocket") await shot(a.page, "events");
      console.log(`     ${transport}: event at cursor ${cursor}`);
    }
    await a.page.click("#monitor-pause");
    await rest("POST", `api/${COLLECTION}`, { id: "while-paused", title: "held", done: false });
    await textIn(a.page, "#monitor-waiting", "1 waiting");
    await textGone(a.page, "#event-list", "while-paused");
    await a.page.click("#monitor-pause");
    await textIn(a.page, "#event-list", "while-paused");
    await a.page.click("#monitor-stop");
  });

  await step("the sessions screen lists live connections with their transport and topics", async () => {
    await goto(a.page, "sessions");
    await textIn(a.page, "#session-list", USER.user);
    await textIn(a.page, "#session-list", "chat:lobby");
    await shot(a.page, "sessions");
  });

  await step("the webhooks and accounts screens load", async () => {
    await goto(a.page, "webhooks");
    await a.page.waitForSelector("#webhook-list thead");
    await shot(a.page, "webhooks");
    await goto(a.page, "accounts");
    await textIn(a.page, "#user-list", USER.user);
    await a.page.fill("#key-new input[name=name]", "browser-test-key");
    await a.page.click("#key-new button");
    await textIn(a.page, "#key-secret", "sbk_");
    await textIn(a.page, "#key-list", "browser-test-key");
    await shot(a.page, "accounts");
  });

  await step("with WebSocket blocked the console falls back and keeps updating", async () => {
    const c = await open(browser, USER.user + " (no WebSocket)", USER, { blockWebSocket: true });
    await goto(c.page, `collections/${COLLECTION}`);
    await textIn(c.page, "#documents", "Mine wins");
    await rest("POST", `api/${COLLECTION}`, { id: "after-block", title: "Seen without WebSocket", done: false });
    await textIn(c.page, "#documents", "Seen without WebSocket", 30_000);
    const pill = await c.page.textContent("#connection");
    if (/websocket/.test(pill)) throw new Error("claims to be on WebSocket while it is blocked: " + pill);
    console.log(`     fell back to: ${pill}`);
    await shot(c.page, "fallback-without-websocket");
    await c.context.close();
  });

  await step("on a narrow screen the console still fits", async () => {
    const n = await open(browser, "admin (narrow)", ADMIN, { context: { viewport: { width: 390, height: 844 }, isMobile: true } });
    await goto(n.page, `collections/${COLLECTION}`);
    await textIn(n.page, "#documents", "Mine wins");
    const overflow = await n.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    if (overflow > 2) throw new Error(`the page is ${overflow}px wider than a 390px screen`);
    await shot(n.page, "narrow-collections");
    await goto(n.page, "chat");
    await n.page.waitForSelector("#chat:not([hidden])");
    await shot(n.page, "narrow-chat");
    await n.context.close();
  });

  await step("signing out returns to the login form", async () => {
    await b.page.click("#sign-out");
    await b.page.waitForSelector("#login:not([hidden])");
    await shot(b.page, "login");
  });

  await a.context.close();
  await b.context.close();
} catch (error) {
  failed = true;
} finally {
  await browser.close();
}
if (problems.length) {
  console.log("FAIL console errors:\n  " + problems.join("\n  "));
  failed = true;
}
console.log(failed ? "browser test FAILED" : `browser test passed; screenshots in ${SHOTS}`);
process.exit(failed ? 1 : 0);

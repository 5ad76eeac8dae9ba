// The documents the server publishes, fetched from it as a user would, through the community's
// validators: the AsyncAPI parser with no error and no warning, the OpenAPI 3.1 schema with every
// $ref resolved and every example matching its schema. Then the wire against the AsyncAPI
// document: every frame the server sends on WebSocket, SSE, NDJSON and long-poll during a short
// session must be one of its channel's messages, with no field the document does not describe;
// and the REST API against the OpenAPI document: every answer of a session that walks the API
// (successes and the usual mistakes) must be a documented response of its operation.
// The controls break a copy of each document, or a frame, in the ways a careless edit would and
// require the same checks to refuse it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { WebSocket } from 'ws';
import { asyncApi, asyncApiFrames, openApi, openApiResponses } from './checks.mjs';

const base = (process.env.SWITCHBOARD_URL ?? 'http://localhost:8080').replace(/\/$/, '');
const password = process.env.SWITCHBOARD_ADMIN_PASSWORD ?? 'devpass-123456';
// By hand: start the server with SWITCHBOARD_WEBHOOKS_ALLOW=127.0.0.2/32, then npm test here.
const webhookTarget = process.env.SWITCHBOARD_WEBHOOK_TARGET ?? 'http://127.0.0.2:9/hook';
const admin = { Authorization: 'Basic ' + Buffer.from(`admin:${password}`).toString('base64') };

/** A suffix for names no other run uses. */
function fresh() {
  return `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
}

async function served(path) {
  const response = await fetch(base + path, { signal: AbortSignal.timeout(10_000) });
  assert.equal(response.status, 200, `GET ${path}`);
  assert.match(response.headers.get('content-type') ?? '', /^application\/json/, `GET ${path} content type`);
  return response.text();
}

const asyncText = await served('/docs/asyncapi.json');
const openText = await served('/docs/openapi.json');

test('the AsyncAPI document passes the AsyncAPI parser with no error and no warning', async () => {
  const { problems, notes } = await asyncApi(asyncText);
  for (const note of notes) console.log(`note: ${note}`);
  assert.deepEqual(problems, []);
  assert.match(JSON.parse(asyncText).asyncapi, /^3\./);
});

test('the OpenAPI document is valid OpenAPI 3.1 and every example matches its schema', async () => {
  const { problems, examples } = await openApi(JSON.parse(openText));
  console.log(`${examples} examples checked against their schemas`);
  assert.deepEqual(problems, []);
  assert.ok(examples > 0, 'the document has examples to check');
});

test('control: an AsyncAPI document with a dangling reference or a misspelt field is refused', async () => {
  const dangling = JSON.parse(asyncText);
  const channel = Object.values(dangling.channels)[0];
  channel.messages = { ...channel.messages, lost: { $ref: '#/components/messages/doesNotExist' } };
  const refused = await asyncApi(JSON.stringify(dangling));
  assert.ok(refused.problems.some((p) => p.includes('doesNotExist')), refused.problems.join('\n'));

  const misspelt = JSON.parse(asyncText);
  misspelt.info.titel = misspelt.info.title;
  delete misspelt.info.title;
  assert.notDeepEqual((await asyncApi(JSON.stringify(misspelt))).problems, []);
});

test('control: an OpenAPI document with a dangling reference, a response without description or a wrong example is refused', async () => {
  const operations = (doc) => Object.values(doc.paths).flatMap((item) => ['get', 'post', 'put', 'patch', 'delete'].filter((m) => item[m]).map((m) => item[m]));

  const dangling = JSON.parse(openText);
  operations(dangling)[0].responses['299'] = { $ref: '#/components/responses/DoesNotExist' };
  const refs = await openApi(dangling);
  assert.ok(refs.problems.some((p) => p.includes('DoesNotExist')), refs.problems.join('\n'));

  const undescribed = JSON.parse(openText);
  operations(undescribed)[0].responses['299'] = { content: {} };
  assert.ok((await openApi(undescribed)).problems.some((p) => p.includes('description')));

  const wrong = JSON.parse(openText);
  const illustrated = operations(wrong).flatMap((op) => Object.values(op.requestBody?.content ?? {})).find((media) => media.schema);
  illustrated.example = 42; // no request body of this API is a bare number
  assert.ok((await openApi(wrong)).problems.some((p) => p.includes('does not match its schema')));
});

/** Everything the frame test opens, closed when it ends however it ends. */
function closer(t) {
  const open = [];
  t.after(() => Promise.all(open.map(async (close) => close())));
  return (close) => open.push(close);
}

/** A WebSocket with Basic auth that fails the test clearly if the upgrade is refused. */
function socket(auth, onClose) {
  const ws = new WebSocket(base.replace(/^http/, 'ws') + '/realtime/ws', 'switchboard.v1', { headers: auth, handshakeTimeout: 10_000 });
  onClose(() => ws.terminate());
  return new Promise((resolve, reject) => ws.once('open', () => resolve(ws)).once('error', reject));
}

test('the frames the server really sends on every transport are messages of the AsyncAPI document', async (t) => {
  const check = asyncApiFrames(JSON.parse(asyncText));
  const onClose = closer(t);
  const suffix = fresh();
  const channel = `chat:contract${suffix}`;
  const collection = `contract${suffix}`;
  const seen = [];
  const expect = (transport, frame) => {
    seen.push([transport, frame]);
    return frame;
  };

  // WebSocket: the welcome, an answer to every command, events of every kind, errors.
  const frames = [];
  const waiters = [];
  const ws = await socket(admin, onClose);
  ws.on('message', (data) => {
    frames.push(expect('websocket', JSON.parse(String(data))));
    waiters.splice(0).forEach((wake) => wake());
  });
  const frame = (predicate, what) => new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${what} within 10 s; frames: ${JSON.stringify(frames)}`)), 10_000);
    const look = () => {
      const found = frames.find(predicate);
      if (found) {
        clearTimeout(timer);
        resolve(found);
      } else waiters.push(look);
    };
    look();
  });
  const answer = (id, op = 'reply') => frame((f) => f.id === id && (f.op === 'reply' || f.op === 'error'), `the answer to ${id}`)
    .then((f) => {
      assert.equal(f.op, op, `the answer to ${id}: ${JSON.stringify(f)}`);
      return f;
    });
  const send = (command) => ws.send(JSON.stringify(command));
  await frame((f) => f.op === 'welcome', 'welcome');
  send({ op: 'subscribe', id: '1', topic: channel, presence: true });
  send({ op: 'subscribe', id: '2', topic: collection });
  await answer('1');
  await answer('2');
  // A second connection joining the channel: the first sees its presence.
  const other = await socket(admin, onClose);
  other.on('message', (data) => expect('websocket', JSON.parse(String(data))));
  other.send(JSON.stringify({ op: 'subscribe', id: '1', topic: channel, presence: true }));
  await frame((f) => f.op === 'event' && f.event.type === 'presence' && f.event.session !== undefined, 'presence join');
  other.close();
  send({ op: 'publish', id: '3', channel, data: { text: 'hello' } });
  send({ op: 'create', id: '4', collection, body: { title: 'contract' } });
  await answer('3');
  const created = await answer('4');
  send({ op: 'get', id: '5', collection, docId: created.body.id });
  send({ op: 'list', id: '6', collection, query: { title: 'contract' } });
  send({ op: 'patch', id: '7', collection, docId: created.body.id, ifMatch: '"99"', patch: { done: true } });
  send({ op: 'nonsense', id: '8' });
  send({ op: 'ping', id: '9' });
  send({ op: 'delete', id: '10', collection, docId: created.body.id });
  for (const id of ['5', '6', '9', '10']) await answer(id);
  for (const id of ['7', '8']) await answer(id, 'error');
  await frame((f) => f.op === 'event' && f.event.type === 'message', 'message event');
  await frame((f) => f.op === 'event' && f.event.type === 'created', 'created event');
  await frame((f) => f.op === 'event' && f.event.type === 'deleted', 'deleted event');
  send({ op: 'unsubscribe', id: '11', sub: '2' });
  await answer('11');
  ws.close();

  // SSE and NDJSON: the welcome and an event, read from the response bodies.
  for (const [transport, path] of [['sse', '/realtime/sse'], ['stream', '/realtime/stream']]) {
    const abort = new AbortController();
    onClose(() => abort.abort());
    const timer = setTimeout(() => abort.abort(), 10_000);
    const response = await fetch(`${base}${path}?topic=${encodeURIComponent(channel)}`, { headers: admin, signal: abort.signal });
    assert.equal(response.status, 200, transport);
    const published = fetch(`${base}/realtime/channels/${encodeURIComponent(channel)}`, {
      method: 'POST', headers: { ...admin, 'Content-Type': 'application/json' }, body: JSON.stringify({ text: transport }),
      signal: AbortSignal.timeout(10_000),
    });
    let text = '';
    const records = () => transport === 'sse'
      ? text.split('\n\n').slice(0, -1).map((record) => record.split('\n').filter((l) => l.startsWith('data:')).map((l) => l.slice(5).trim()).join('\n')).filter(Boolean)
      : text.split('\n').slice(0, -1).filter(Boolean);
    const decoder = new TextDecoder();
    for (const reader = response.body.getReader(); !records().some((r) => JSON.parse(r).type === 'message');) {
      const { value, done } = await reader.read();
      assert.ok(!done, `${transport} ended early: ${text}`);
      text += decoder.decode(value, { stream: true });
    }
    assert.equal((await published).status, 202);
    records().forEach((record) => expect(transport, JSON.parse(record)));
    clearTimeout(timer);
    abort.abort();
  }

  // Long-poll: a batch from the start of the channel.
  const poll = await fetch(`${base}/realtime/poll?topic=${encodeURIComponent(channel)}&cursor=0&timeout=1`,
    { headers: admin, signal: AbortSignal.timeout(10_000) });
  assert.equal(poll.status, 200);
  expect('poll', await poll.json());

  const problems = seen.flatMap(([transport, f]) => check(transport, f));
  const kind = (f) => f.op === 'event' ? `event/${f.event.type}` : f.op ?? f.type ?? 'batch';
  const kinds = [...new Set(seen.map(([transport, f]) => `${transport}:${kind(f)}`))].sort();
  console.log(`${seen.length} frames checked: ${kinds.join(', ')}`);
  assert.deepEqual(problems, []);
  assert.deepEqual(kinds, ['poll:batch', 'sse:message', 'sse:welcome', 'stream:message', 'stream:welcome',
    'websocket:error', 'websocket:event/created', 'websocket:event/deleted', 'websocket:event/message',
    'websocket:event/presence', 'websocket:reply', 'websocket:welcome']);
});

test('control: a frame with a field the document does not describe, or a wrong type, is refused', () => {
  const check = asyncApiFrames(JSON.parse(asyncText));
  assert.deepEqual(check('websocket', { op: 'welcome', session: 's', cursor: '1' }), []);
  assert.notDeepEqual(check('websocket', { op: 'welcome', session: 's', cursor: '1', secret: 'x' }), []);
  assert.notDeepEqual(check('websocket', { op: 'reply', id: '1', status: '200' }), []);
  assert.notDeepEqual(check('sse', { topic: 't', type: 'exploded', sub: 'default' }), []);
});

test('the answers the REST API really gives are the responses the OpenAPI document describes', async (t) => {
  const check = openApiResponses(JSON.parse(openText));
  const onClose = closer(t);
  const seen = [];
  const call = async (method, path, { body, headers = {}, raw, auth = admin } = {}) => {
    const response = await fetch(base + path, {
      method,
      headers: { ...auth, ...(body === undefined && raw === undefined ? {} : { 'Content-Type': 'application/json' }), ...headers },
      body: raw ?? (body === undefined ? undefined : JSON.stringify(body)),
      signal: AbortSignal.timeout(10_000),
    });
    const text = await response.text();
    const type = response.headers.get('content-type');
    const parsed = text && /json/.test(type ?? '') ? JSON.parse(text) : text;
    seen.push([method, path, response.status, type, parsed]);
    return { status: response.status, body: parsed, headers: response.headers };
  };
  const suffix = fresh();
  const collection = `openapi${suffix}`;

  // Documents: the whole life of one, and the usual mistakes.
  await call('GET', '/api');
  const created = await call('POST', `/api/${collection}`, { body: { title: 'contract', done: false } });
  assert.equal(created.status, 201);
  const id = created.body.id;
  const etag = created.headers.get('etag');
  await call('GET', `/api/${collection}/${id}`);
  assert.equal((await call('GET', `/api/${collection}/${id}`, { headers: { 'If-None-Match': etag } })).status, 304);
  await call('GET', `/api/${collection}?done=false&sort=-title&limit=1`);
  await call('PUT', `/api/${collection}/${id}`, { body: { title: 'replaced' }, headers: { 'If-Match': etag } });
  await call('PATCH', `/api/${collection}/${id}`, { raw: '{"done":true}', headers: { 'Content-Type': 'application/merge-patch+json' } });
  await call('PATCH', `/api/${collection}/${id}`, { raw: '[{"op":"replace","path":"/title","value":"patched"}]', headers: { 'Content-Type': 'application/json-patch+json' } });
  await call('PATCH', `/api/${collection}/${id}`, { raw: '{"done":false}', headers: { 'Content-Type': 'application/merge-patch+json', 'If-Match': '"99"' } });
  await call('POST', `/api/${collection}`, { raw: '{"title": ' });
  await call('POST', `/api/${collection}`, { body: { id, title: 'again' } });
  await call('GET', `/api/${collection}?cursor=nonsense`);
  await call('GET', `/api/${collection}/missing-${suffix}`);
  await call('GET', '/api', { auth: {} });
  await call('GET', `/api/${collection}/${id}`, { headers: { Accept: 'image/png' } });

  // Schemas and rules.
  const schema = { type: 'object', properties: { title: { type: 'string', maxLength: 20 } } };
  await call('PUT', `/admin/collections/${collection}/schema`, { body: schema });
  await call('GET', `/admin/collections/${collection}/schema`);
  await call('POST', `/api/${collection}`, { body: { title: 'x'.repeat(21) } });
  await call('PUT', `/admin/collections/${collection}/schema`, { body: { type: 'object', properties: { t: { pattern: 'a)' } } } });
  await call('DELETE', `/admin/collections/${collection}/schema`);
  await call('GET', '/admin/rules');
  await call('GET', '/admin/events?limit=2');
  const live = new AbortController();
  onClose(() => live.abort());
  setTimeout(() => live.abort(), 10_000).unref();
  const stream = await fetch(`${base}/realtime/sse?topic=${collection}`, { headers: admin, signal: live.signal });
  await stream.body.getReader().read(); // the welcome: the session is registered
  await call('GET', '/admin/sessions');
  live.abort();
  await call('DELETE', `/api/${collection}/${id}`);

  // Accounts, keys and tokens.
  const user = `u${suffix}`;
  await call('POST', '/admin/users', { body: { name: user, password: `pw-${suffix}-long`, roles: ['editor'] } });
  await call('GET', '/admin/users');
  await call('GET', `/admin/users/${user}`);
  await call('PATCH', `/admin/users/${user}`, { body: { roles: ['viewer'] } });
  await call('POST', '/admin/users', { body: { name: user, password: 'short' } });
  const key = await call('POST', '/admin/keys', { body: { name: `k${suffix}`, roles: ['viewer'] } });
  await call('GET', '/admin/keys');
  await call('DELETE', `/admin/keys/${key.body.id}`);
  await call('GET', '/auth/jwks.json', { auth: {} });
  const token = await call('POST', '/auth/token', { auth: {}, body: { grant_type: 'password', username: 'admin', password } });
  await call('POST', '/auth/token', { auth: {}, body: { grant_type: 'refresh_token', refresh_token: token.body.refresh_token } });
  await call('POST', '/auth/token', { auth: {}, body: { grant_type: 'magic' } });
  await call('GET', '/admin/users', { auth: { Authorization: `Bearer ${token.body.access_token}` } });
  await call('GET', '/admin/users', { auth: { Authorization: 'Bearer forged' } });
  await call('POST', '/auth/tickets', { body: { transport: 'ws' } });
  const login = await call('POST', '/auth/login', { auth: {}, body: { username: 'admin', password } });
  const cookie = { Cookie: login.headers.get('set-cookie').split(';')[0] };
  await call('GET', '/auth/session', { auth: cookie });
  await call('POST', '/auth/logout', { auth: cookie });
  await call('POST', '/auth/logout', { auth: cookie, headers: { 'X-CSRF-Token': login.body.csrfToken, Origin: base } });
  await call('GET', '/auth/session', { auth: {} });
  await call('DELETE', `/admin/users/${user}`);
  await call('GET', `/admin/users/${user}`);

  // Realtime over REST: publish, presence, a poll, webhooks.
  const channel = `chat:openapi${suffix}`;
  await call('POST', `/realtime/channels/${channel}`, { body: { text: 'hello' } });
  await call('GET', `/realtime/presence/${channel}`);
  await call('GET', `/realtime/poll?topic=${channel}&cursor=0&timeout=1`);
  await call('GET', '/realtime/poll?topic=bad%20topic');
  // A target the server's SSRF guard lets through (the suite server allows 127.0.0.2) with nothing
  // listening: deliveries fail and are retried until the webhook is deleted.
  const hook = await call('POST', '/realtime/webhooks', { body: { url: webhookTarget, topics: [channel] } });
  assert.equal(hook.status, 201, JSON.stringify(hook.body));
  onClose(() => fetch(`${base}/realtime/webhooks/${hook.body.id}`, { method: 'DELETE', headers: admin }).catch(() => {}));
  await call('POST', '/realtime/webhooks', { body: { url: 'http://169.254.169.254/latest/meta-data', topics: [channel] } });
  await call('GET', '/realtime/webhooks');
  await call('GET', `/realtime/webhooks/${hook.body.id}`);
  await call('PATCH', `/realtime/webhooks/${hook.body.id}`, { body: { description: 'contract' } });
  await call('POST', `/realtime/webhooks/${hook.body.id}/rotate`, { body: {} });
  await call('GET', `/realtime/webhooks/${hook.body.id}/attempts`);
  await call('POST', `/realtime/webhooks/${hook.body.id}/replay`, { body: { cursor: '0' } });
  await call('DELETE', `/realtime/webhooks/${hook.body.id}`);

  const problems = seen.flatMap(([method, path, status, type, body]) => check(method, path, status, type, body));
  const statuses = [...new Set(seen.map(([, , status]) => status))].sort();
  console.log(`${seen.length} REST answers checked, statuses ${statuses.join(', ')}`);
  assert.deepEqual(problems, []);
  assert.ok(statuses.includes(200) && statuses.includes(201) && statuses.includes(304) && statuses.includes(422), 'the session reached the main statuses');
});

test('control: an answer with an undocumented status, field or content type is refused', () => {
  const check = openApiResponses(JSON.parse(openText));
  const problem = { type: 'urn:switchboard:problem:not-found', title: 'Not found', status: 404, detail: 'x', code: 'not-found' };
  assert.deepEqual(check('GET', '/admin/users/nobody', 404, 'application/problem+json', problem), []);
  assert.notDeepEqual(check('GET', '/admin/users/nobody', 404, 'application/problem+json', { ...problem, stack: 'at x' }), []);
  assert.notDeepEqual(check('GET', '/admin/users/nobody', 404, 'text/html', '<h1>'), []);
  assert.notDeepEqual(check('GET', '/admin/nothing-here', 200, 'application/json', {}), []);
  assert.notDeepEqual(check('GET', '/admin/users', 200, 'application/json', { users: 'all' }), []);
});

// The documents the server publishes, fetched from it as a user would, through the community's
// validators: the AsyncAPI parser with no error and no warning, the OpenAPI 3.1 schema with every
// $ref resolved and every example matching its schema. Then the wire against the AsyncAPI
// document: every frame the server sends on WebSocket, SSE, NDJSON and long-poll during a short
// session must be one of its channel's messages, with no field the document does not describe.
// The controls break a copy of each document, or a frame, in the ways a careless edit would and
// require the same checks to refuse it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { WebSocket } from 'ws';
import { asyncApi, asyncApiFrames, openApi } from './checks.mjs';

const base = (process.env.SWITCHBOARD_URL ?? 'http://localhost:8080').replace(/\/$/, '');
const password = process.env.SWITCHBOARD_ADMIN_PASSWORD ?? 'devpass-123456';

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

test('the frames the server really sends on every transport are messages of the AsyncAPI document', async () => {
  const check = asyncApiFrames(JSON.parse(asyncText));
  const auth = { Authorization: 'Basic ' + Buffer.from(`admin:${password}`).toString('base64') };
  const suffix = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  const channel = `chat:contract${suffix}`;
  const collection = `contract${suffix}`;
  const seen = [];
  const expect = (transport, frame) => {
    seen.push([transport, frame]);
    return frame;
  };

  // WebSocket: the welcome, replies to every kind of command, events of both kinds, errors.
  const ws = new WebSocket(base.replace(/^http/, 'ws') + '/realtime/ws', 'switchboard.v1', { headers: auth });
  const frames = [];
  const waiters = [];
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
  const send = (command) => ws.send(JSON.stringify(command));
  await frame((f) => f.op === 'welcome', 'welcome');
  send({ op: 'subscribe', id: '1', topic: channel, presence: true });
  send({ op: 'subscribe', id: '2', topic: collection });
  await frame((f) => f.op === 'reply' && f.id === '2', 'subscribe reply');
  // A second connection joining the channel: the first sees its presence.
  const other = new WebSocket(base.replace(/^http/, 'ws') + '/realtime/ws', 'switchboard.v1', { headers: auth });
  other.on('message', (data) => expect('websocket', JSON.parse(String(data))));
  await new Promise((resolve, reject) => other.once('open', resolve).once('error', reject));
  other.send(JSON.stringify({ op: 'subscribe', id: '1', topic: channel, presence: true }));
  await frame((f) => f.op === 'event' && f.event.type === 'presence' && f.event.session !== undefined, 'presence join');
  other.close();
  send({ op: 'publish', id: '3', channel, data: { text: 'hello' } });
  send({ op: 'create', id: '4', collection, body: { title: 'contract' } });
  const created = await frame((f) => f.op === 'reply' && f.id === '4', 'create reply');
  send({ op: 'get', id: '5', collection, docId: created.body.id });
  send({ op: 'list', id: '6', collection, query: { title: 'contract' } });
  send({ op: 'patch', id: '7', collection, docId: created.body.id, ifMatch: '"99"', patch: { done: true } });
  send({ op: 'nonsense', id: '8' });
  send({ op: 'ping', id: '9' });
  send({ op: 'delete', id: '10', collection, docId: created.body.id });
  await frame((f) => f.op === 'event' && f.event.type === 'deleted', 'deleted event');
  send({ op: 'unsubscribe', id: '11', sub: '2' });
  await frame((f) => f.op === 'event' && f.event.type === 'message', 'message event');
  await frame((f) => f.op === 'event' && f.event.type === 'created', 'created event');
  await frame((f) => f.op === 'error' && f.id === '7', 'precondition error');
  await frame((f) => f.op === 'error' && f.id === '8', 'bad command error');
  await frame((f) => f.op === 'reply' && f.id === '11', 'unsubscribe reply');
  ws.close();

  // SSE and NDJSON: the welcome and an event, read from the response bodies.
  for (const [transport, path] of [['sse', '/realtime/sse'], ['stream', '/realtime/stream']]) {
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), 10_000);
    const response = await fetch(`${base}${path}?topic=${encodeURIComponent(channel)}`, { headers: auth, signal: abort.signal });
    assert.equal(response.status, 200, transport);
    const published = fetch(`${base}/realtime/channels/${encodeURIComponent(channel)}`, {
      method: 'POST', headers: { ...auth, 'Content-Type': 'application/json' }, body: JSON.stringify({ text: transport }),
    });
    let text = '';
    const records = () => transport === 'sse'
      ? text.split('\n\n').slice(0, -1).map((record) => record.split('\n').filter((l) => l.startsWith('data:')).map((l) => l.slice(5).trim()).join('\n')).filter(Boolean)
      : text.split('\n').slice(0, -1).filter(Boolean);
    for (const reader = response.body.getReader(); !records().some((r) => JSON.parse(r).type === 'message');) {
      const { value, done } = await reader.read();
      assert.ok(!done, `${transport} ended early: ${text}`);
      text += Buffer.from(value).toString('utf8');
    }
    assert.equal((await published).status, 202);
    records().forEach((record) => expect(transport, JSON.parse(record)));
    clearTimeout(timer);
    abort.abort();
  }

  // Long-poll: a batch from the start of the channel.
  const poll = await fetch(`${base}/realtime/poll?topic=${encodeURIComponent(channel)}&cursor=0&timeout=1`, { headers: auth });
  assert.equal(poll.status, 200);
  expect('poll', await poll.json());

  const problems = seen.flatMap(([transport, f]) => check(transport, f));
  const kind = (f) => f.op === 'event' ? `event/${f.event.type}` : f.op ?? f.type ?? `batch of ${f.events.length}`;
  console.log(`${seen.length} frames checked: ${[...new Set(seen.map(([t, f]) => `${t}:${kind(f)}`))].join(', ')}`);
  assert.deepEqual(problems, []);
});

test('control: a frame with a field the document does not describe, or a wrong type, is refused', () => {
  const check = asyncApiFrames(JSON.parse(asyncText));
  assert.deepEqual(check('websocket', { op: 'welcome', session: 's', cursor: '1' }), []);
  assert.notDeepEqual(check('websocket', { op: 'welcome', session: 's', cursor: '1', secret: 'x' }), []);
  assert.notDeepEqual(check('websocket', { op: 'reply', id: '1', status: '200' }), []);
  assert.notDeepEqual(check('sse', { topic: 't', type: 'exploded', sub: 'default' }), []);
});

// The documents the server publishes, fetched from it as a user would, through the community's
// validators: the AsyncAPI parser with no error and no warning, the OpenAPI 3.1 schema with every
// $ref resolved and every example matching its schema. The controls break a copy of each document
// in the ways a careless edit would and require the same checks to refuse it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { asyncApi, openApi } from './checks.mjs';

const base = (process.env.SWITCHBOARD_URL ?? 'http://localhost:8080').replace(/\/$/, '');

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

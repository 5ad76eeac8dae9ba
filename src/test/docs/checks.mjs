// What the community's validators say about a published document, and whether what the server
// really sends matches it, as lists of readable problems; an empty list means it passed.
// docs.test.mjs applies these to the documents, frames and answers of the server under test and,
// as controls, to broken copies that must be refused.
import { Parser, DiagnosticSeverity } from '@asyncapi/parser';
import { Validator } from '@seriousme/openapi-schema-validator';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

const SEVERITY = Object.fromEntries(Object.entries(DiagnosticSeverity).map(([name, level]) => [level, name]));

/**
 * The AsyncAPI parser's diagnostics (its schema validation and its Spectral ruleset): `problems`
 * are the errors and warnings, `notes` the information and hints, each as "Severity code at path: message".
 */
export async function asyncApi(text) {
  const { diagnostics } = await new Parser().parse(text);
  const line = (d) => `${SEVERITY[d.severity]} ${d.code} at /${d.path.join('/')}: ${d.message}`;
  const serious = (d) => d.severity === DiagnosticSeverity.Error || d.severity === DiagnosticSeverity.Warning;
  return {
    problems: diagnostics.filter(serious).map(line),
    notes: diagnostics.filter((d) => !serious(d)).map(line),
  };
}

/**
 * The OpenAPI 3.1 document against the specification's own JSON Schema (with every $ref resolved),
 * plus every example in it against the schema it illustrates: JSON Schema `examples` arrays, and
 * the `example` / `examples` of media types and parameters. Answers the problems and how many
 * examples were checked.
 */
export async function openApi(document) {
  const validator = new Validator();
  const result = await validator.validate(structuredClone(document));
  const problems = [];
  if (validator.version !== '3.1') problems.push(`is OpenAPI ${validator.version}, not 3.1`);
  if (!result.valid) {
    const errors = Array.isArray(result.errors) ? result.errors : [{ message: String(result.errors) }];
    for (const e of errors) problems.push(`${e.instancePath ?? ''} ${e.message}${e.params ? ' ' + JSON.stringify(e.params) : ''}`.trim());
  }
  const illustrated = examples(document);
  return { problems: problems.concat(illustrated.problems), examples: illustrated.checked };
}

function examples(document) {
  const validator = validatorOf(document, 'urn:switchboard:openapi');
  const problems = [];
  let checked = 0;
  const check = (pointer, value, where) => {
    checked++;
    const validate = validator(pointer);
    if (!validate(value)) problems.push(`example at ${where} does not match its schema at ${pointer}: ${reasons(validate)}`);
  };
  walk(document, '', (node, pointer) => {
    if (Array.isArray(node.examples)) {
      node.examples.forEach((value, i) => check(pointer, value, `${pointer}/examples/${i}`));
    }
    if (node.schema && typeof node.schema === 'object') {
      if ('example' in node) check(`${pointer}/schema`, node.example, `${pointer}/example`);
      if (node.examples && !Array.isArray(node.examples)) {
        for (const [name, example] of Object.entries(node.examples)) {
          if (!('value' in example)) problems.push(`example ${pointer}/examples/${escape(name)} has no value (references are not used here)`);
          else check(`${pointer}/schema`, example.value, `${pointer}/examples/${escape(name)}/value`);
        }
      }
    }
  });
  return { problems, checked };
}

/** Maps whose keys are names chosen by the author (a property may well be called "example"). */
const NAMED = new Set(['properties', 'patternProperties', '$defs', 'dependentSchemas', 'schemas', 'paths', 'responses', 'content', 'headers', 'parameters']);

/** Every object of the document, depth first, with its JSON Pointer; examples are data, not walked. */
function walk(node, pointer, visit, parentKey) {
  if (node === null || typeof node !== 'object') return;
  if (!Array.isArray(node)) visit(node, pointer);
  for (const [key, child] of Object.entries(node)) {
    if ((key === 'example' || key === 'examples') && !NAMED.has(parentKey)) continue;
    walk(child, `${pointer}/${escape(key)}`, visit, Array.isArray(node) ? undefined : key);
  }
}

function escape(token) {
  return String(token).replaceAll('~', '~0').replaceAll('/', '~1');
}

/**
 * A validator of real frames against an AsyncAPI document's messages. Strict where the document is
 * open: an object schema that lists its properties and says nothing of others refuses others, so
 * a field the server sends but the document does not describe is a problem. The answer,
 * `(channel, frame) => problems`, is empty when the frame is one of the messages the document's
 * operations say the server sends on that channel, and otherwise says why it is none of them.
 */
export function asyncApiFrames(document) {
  const strict = structuredClone(document);
  for (const schema of Object.values(strict.components?.schemas ?? {})) closeObjects(schema);
  for (const message of Object.values(strict.components?.messages ?? {})) closeObjects(message.payload);
  const validator = validatorOf(strict, 'urn:switchboard:asyncapi');
  const sent = sentMessages(document);
  return (channel, frame) => {
    const names = sent.get(channel) ?? [];
    const fixed = (name) => document.components.messages[name].payload?.properties?.op?.const;
    // A frame with an op is judged against the message that fixes that op, if there is one.
    const candidates = names.filter((name) => frame.op !== undefined && fixed(name) === frame.op);
    const problems = [];
    for (const name of candidates.length ? candidates : names) {
      const validate = validator(`/components/messages/${name}/payload`);
      if (validate(frame)) return [];
      problems.push(`${name}: ${reasons(validate)}`);
    }
    return [`${channel} frame ${JSON.stringify(frame)} is none of the messages the server sends there: ${problems.join(' | ') || 'none documented'}`];
  };
}

/**
 * Channel name to the component names of the messages the server sends on it: those of its `send`
 * operations and the replies of its `receive` operations (the document describes the server).
 */
function sentMessages(document) {
  const last = (ref) => ref.split('/').pop();
  const component = (ref) => {
    const [, , channel, , message] = ref.split('/');
    return last(document.channels[channel].messages[message].$ref);
  };
  const sent = new Map();
  const add = (channelRef, messages) => {
    const channel = last(channelRef.$ref);
    sent.set(channel, [...new Set([...(sent.get(channel) ?? []), ...messages.map((m) => component(m.$ref))])]);
  };
  for (const operation of Object.values(document.operations ?? {})) {
    if (operation.action === 'send') add(operation.channel, operation.messages ?? []);
    if (operation.action === 'receive' && operation.reply) add(operation.reply.channel ?? operation.channel, operation.reply.messages ?? []);
  }
  return sent;
}

/**
 * Adds `unevaluatedProperties: false` to every object schema that lists properties (or composes
 * others) and is silent on further ones, and to those inside it. The parts of an allOf describe
 * part of one object, so they stay open and the schema holding them is closed; each alternative of
 * anyOf / oneOf describes a whole value and is closed itself.
 */
function closeObjects(schema) {
  if (schema === null || typeof schema !== 'object' || schema.$ref) return;
  const composed = ['allOf', 'anyOf', 'oneOf'].some((key) => key in schema);
  if ((schema.properties || composed) && !('additionalProperties' in schema) && !('unevaluatedProperties' in schema)) {
    schema.unevaluatedProperties = false;
  }
  closeBelow(schema);
  for (const key of ['anyOf', 'oneOf']) (schema[key] ?? []).forEach(closeObjects);
  for (const part of schema.allOf ?? []) closeBelow(part);
}

/** Closes the subschemas of `schema` that describe values inside it (its properties, items...), not `schema` itself. */
function closeBelow(schema) {
  if (schema === null || typeof schema !== 'object' || schema.$ref) return;
  for (const key of ['properties', 'patternProperties', '$defs']) Object.values(schema[key] ?? {}).forEach(closeObjects);
  for (const key of ['items', 'additionalProperties', 'if', 'then', 'else', 'contains']) closeObjects(schema[key]);
  (schema.prefixItems ?? []).forEach(closeObjects);
}

/** A compiled Ajv validator of draft 2020-12 with formats, over `document` registered under `id`. */
function validatorOf(document, id) {
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateSchema: false });
  addFormats(ajv);
  ajv.addSchema({ ...document, $id: id });
  const compiled = new Map();
  return (pointer) => {
    if (!compiled.has(pointer)) compiled.set(pointer, ajv.compile({ $ref: `${id}#${pointer}` }));
    return compiled.get(pointer);
  };
}

/** Ajv's errors in one line, naming the property a closed object refused. */
function reasons(validate) {
  return validate.errors.map((e) => {
    const extra = e.params?.additionalProperty ?? e.params?.unevaluatedProperty;
    return `${e.instancePath || '/'} ${e.message}${extra ? ` '${extra}'` : ''}`;
  }).join('; ');
}

/**
 * A validator of real REST answers against an OpenAPI document, strict as asyncApiFrames is. The answer,
 * `(method, path, status, contentType, body) => problems`, is empty when the path matches a
 * documented operation, the status is one of its responses (or it has a default), and the body
 * matches that response's schema for the content type.
 */
export function openApiResponses(document) {
  const strict = structuredClone(document);
  // A component used as a part of an allOf is closed where it is used alone; the allOf gets an
  // open copy of it (named "<name> (part)"), and closes itself.
  const schemas = strict.components?.schemas ?? {};
  const parts = new Set();
  for (const schema of Object.values(schemas)) {
    for (const part of schema.allOf ?? []) {
      const name = part.$ref?.startsWith('#/components/schemas/') && part.$ref.split('/').pop();
      if (name) {
        parts.add(name);
        part.$ref = `#/components/schemas/${encodeURIComponent(`${name} (part)`)}`;
      }
    }
  }
  for (const name of parts) schemas[`${name} (part)`] = structuredClone(schemas[name]);
  for (const [name, schema] of Object.entries(schemas)) {
    if (name.endsWith(' (part)')) closeBelow(schema);
    else closeObjects(schema);
  }
  const inline = (content) => Object.values(content ?? {}).forEach((media) => closeObjects(media.schema));
  for (const response of Object.values(strict.components?.responses ?? {})) inline(response.content);
  for (const item of Object.values(strict.paths)) for (const operation of Object.values(item)) for (const response of Object.values(operation.responses ?? {})) inline(response.content);
  const validator = validatorOf(strict, 'urn:switchboard:openapi-responses');
  // Literal segments before templated ones, so /admin/keys matches before /admin/{x}.
  const templates = Object.keys(document.paths)
    .map((template) => ({ template, pattern: new RegExp('^' + template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+') + '$') }))
    .sort((a, b) => (a.template.match(/\{/g)?.length ?? 0) - (b.template.match(/\{/g)?.length ?? 0));
  return (method, path, status, contentType, body) => {
    const where = `${method} ${path} → ${status}`;
    const found = templates.find(({ pattern }) => pattern.test(path.split('?')[0]));
    const operation = found && document.paths[found.template][method.toLowerCase()];
    if (!operation) return [`${where}: no documented operation`];
    const key = [String(status), `${String(status)[0]}XX`, 'default'].find((k) => k in operation.responses);
    if (!key) return [`${where}: status not documented for ${method} ${found.template}`];
    let pointer = `/paths/${escape(found.template)}/${method.toLowerCase()}/responses/${key}`;
    let response = operation.responses[key];
    if (response.$ref) {
      pointer = response.$ref.slice(1);
      response = document.components.responses[response.$ref.split('/').pop()];
    }
    const media = (contentType ?? '').split(';')[0].trim();
    if (body === undefined || body === '') {
      const promised = Object.keys(response.content ?? {}).length > 0 && status !== 204 && status !== 304;
      return promised ? [`${where}: no body, where the document promises ${Object.keys(response.content).join(' or ')}`] : [];
    }
    if (!response.content?.[media]) return [`${where}: ${media || 'no content type'} not documented (${Object.keys(response.content ?? {}).join(', ') || 'no body'})`];
    if (!response.content[media].schema) return [];
    const validate = validator(`${pointer}/content/${escape(media)}/schema`);
    return validate(body) ? [] : [`${where} (${media}) does not match the documented schema: ${reasons(validate)}`];
  };
}

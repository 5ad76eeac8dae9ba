// What the community's validators say about a published document, as lists of readable problems.
// An empty list means the document passed. docs.test.mjs applies these to the documents the
// server serves and, as a control, to broken copies that must be refused.
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
  const base = 'urn:switchboard:openapi';
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateSchema: false });
  addFormats(ajv);
  ajv.addSchema({ ...document, $id: base });
  const problems = [];
  let checked = 0;
  const check = (pointer, value, where) => {
    checked++;
    const validate = ajv.compile({ $ref: `${base}#${pointer}` });
    if (!validate(value)) {
      const why = validate.errors.map((e) => `${e.instancePath || '/'} ${e.message}`).join('; ');
      problems.push(`example at ${where} does not match its schema at ${pointer}: ${why}`);
    }
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
  const base = 'urn:switchboard:asyncapi';
  const strict = structuredClone(document);
  for (const schema of Object.values(strict.components?.schemas ?? {})) closeObjects(schema);
  for (const message of Object.values(strict.components?.messages ?? {})) closeObjects(message.payload);
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateSchema: false });
  addFormats(ajv);
  ajv.addSchema({ ...strict, $id: base });
  const validators = new Map();
  const validator = (name) => {
    if (!validators.has(name)) validators.set(name, ajv.compile({ $ref: `${base}#/components/messages/${name}/payload` }));
    return validators.get(name);
  };
  const sent = sentMessages(document);
  return (channel, frame) => {
    const names = sent.get(channel) ?? [];
    const fixed = (name) => document.components.messages[name].payload?.properties?.op?.const;
    // A frame with an op is judged against the message that fixes that op, if there is one.
    const candidates = names.filter((name) => frame.op !== undefined && fixed(name) === frame.op);
    const problems = [];
    for (const name of candidates.length ? candidates : names) {
      const validate = validator(name);
      if (validate(frame)) return [];
      problems.push(`${name}: ${validate.errors.map((e) => `${e.instancePath || '/'} ${e.message}${e.params?.additionalProperty ? ` '${e.params.additionalProperty}'` : ''}`).join('; ')}`);
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

/** Adds additionalProperties: false to every object schema that lists properties and is silent on others. */
function closeObjects(schema) {
  if (schema === null || typeof schema !== 'object' || schema.$ref) return;
  if (schema.properties && !('additionalProperties' in schema)) schema.additionalProperties = false;
  for (const child of Object.values(schema.properties ?? {})) closeObjects(child);
  for (const key of ['items', 'additionalProperties']) closeObjects(schema[key]);
  for (const key of ['allOf', 'anyOf', 'oneOf']) (schema[key] ?? []).forEach(closeObjects);
}

// JSON schemas of everything a state file may hold: the records of the log (format.ts) and the two
// older whole-file JSON formats it migrates from. A state file is untrusted input: every record is
// checked against these (ajv, compiled once) before any of it is used, and every size is bounded
// by the text itself (strings with maxLength, no "length" fields that would make us allocate).
import Ajv, { type ValidateFunction } from 'ajv';

/** Largest body a record may hold, base64 (RabbitMQ 4's 16 MiB max message size, then some). */
const MAX_BODY_B64 = Math.ceil((128 * 1024 * 1024) / 3) * 4;
const BASE64 = '^[A-Za-z0-9+/]*={0,2}$';
const NAME = { type: 'string', maxLength: 255 } as const;
const SHORT = { type: 'string', maxLength: 65_535 } as const;

/** A stored message; `extra` adds the fields a log record carries around it. */
function messageSchema(extra: Record<string, unknown>, extraRequired: string[]) {
  return {
    type: 'object',
    additionalProperties: false,
    required: [...extraRequired, 'exchange', 'routingKey', 'properties', 'body', 'redelivered', 'deliveryCount', 'expiresAt'],
    properties: {
      ...extra,
      exchange: NAME,
      routingKey: NAME,
      properties: { $ref: '#/$defs/properties' },
      body: { type: 'string', maxLength: MAX_BODY_B64, pattern: BASE64 },
      redelivered: { type: 'boolean' },
      deliveryCount: { type: 'integer', minimum: 0 },
      expiresAt: { type: ['number', 'null'] },
    },
  };
}

const defs = {
  fieldValue: {
    anyOf: [
      { type: ['null', 'boolean', 'number', 'string'] },
      { type: 'array', items: { $ref: '#/$defs/fieldValue' } },
      { type: 'object', required: ['$bytes'], additionalProperties: false, properties: { $bytes: { type: 'string', pattern: BASE64 } } },
      {
        type: 'object',
        required: ['$type', 'value'],
        additionalProperties: false,
        properties: {
          $type: { enum: ['b', 'B', 's', 'u', 'I', 'i', 'l', 'f', 'd', 'T', 'D'] },
          value: { anyOf: [{ type: 'number' }, { type: 'string', pattern: '^-?[0-9]{1,40}$' }] },
          scale: { type: 'integer', minimum: 0, maximum: 255 },
          $big: { const: true },
        },
      },
      { $ref: '#/$defs/fieldTable' },
    ],
  },
  fieldTable: {
    type: 'object',
    not: { anyOf: [{ required: ['$type'] }, { required: ['$bytes'] }] },
    additionalProperties: { $ref: '#/$defs/fieldValue' },
  },
  properties: {
    type: 'object',
    additionalProperties: false,
    properties: {
      contentType: SHORT,
      contentEncoding: SHORT,
      headers: { $ref: '#/$defs/fieldTable' },
      deliveryMode: { type: 'integer', minimum: 0, maximum: 255 },
      priority: { type: 'integer', minimum: 0, maximum: 255 },
      correlationId: SHORT,
      replyTo: SHORT,
      expiration: SHORT,
      messageId: SHORT,
      timestamp: { type: 'number' },
      type: SHORT,
      userId: SHORT,
      appId: SHORT,
      clusterId: SHORT,
    },
  },
  message: messageSchema({}, []),
  exchange: {
    type: 'object',
    required: ['vhost', 'name', 'type', 'autoDelete', 'internal', 'arguments'],
    additionalProperties: false,
    properties: {
      vhost: NAME,
      name: NAME,
      type: { enum: ['direct', 'fanout', 'topic', 'headers'] },
      autoDelete: { type: 'boolean' },
      internal: { type: 'boolean' },
      arguments: { $ref: '#/$defs/fieldTable' },
    },
  },
  queue: {
    type: 'object',
    required: ['vhost', 'name', 'type', 'autoDelete', 'arguments'],
    properties: {
      vhost: NAME,
      name: NAME,
      type: { enum: ['classic', 'quorum'] },
      autoDelete: { type: 'boolean' },
      arguments: { $ref: '#/$defs/fieldTable' },
    },
  },
  binding: {
    type: 'object',
    required: ['vhost', 'source', 'destination', 'destinationType', 'routingKey', 'arguments'],
    additionalProperties: false,
    properties: {
      vhost: NAME,
      source: NAME,
      destination: NAME,
      destinationType: { enum: ['queue', 'exchange'] },
      routingKey: NAME,
      arguments: { $ref: '#/$defs/fieldTable' },
    },
  },
  topology: {
    type: 'object',
    required: ['vhosts', 'exchanges', 'queues', 'bindings'],
    properties: {
      vhosts: { type: 'array', items: NAME },
      exchanges: { type: 'array', items: { $ref: '#/$defs/exchange' } },
      queues: { type: 'array', items: { $ref: '#/$defs/queue' } },
      bindings: { type: 'array', items: { $ref: '#/$defs/binding' } },
    },
  },
};

/** One line of the log (see format.ts). */
const recordSchema = {
  $defs: defs,
  type: 'object',
  required: ['t'],
  discriminator: { propertyName: 't' },
  oneOf: [
    {
      properties: {
        t: { const: 'acklab-log' },
        v: { const: 1 },
        profile: { enum: ['rabbitmq', 'rabbitmq-3', 'lavinmq'] },
        createdAt: { type: 'string', maxLength: 64 },
      },
      required: ['t', 'v', 'profile', 'createdAt'],
      additionalProperties: false,
    },
    {
      allOf: [{ $ref: '#/$defs/topology' }],
      properties: { t: { const: 'topology' }, vhosts: true, exchanges: true, queues: true, bindings: true },
      required: ['t'],
      additionalProperties: false,
    },
    messageSchema({ t: { const: 'add' }, id: { type: 'integer', minimum: 1 }, vhost: NAME, queue: NAME }, ['t', 'id', 'vhost', 'queue']),
    {
      properties: { t: { const: 'del' }, ids: { type: 'array', items: { type: 'integer', minimum: 1 } } },
      required: ['t', 'ids'],
      additionalProperties: false,
    },
    { properties: { t: { const: 'end' } }, required: ['t'], additionalProperties: false },
  ],
};

/** DurableState version 1 (what the extension saved as a whole file before the log). */
const stateSchema = {
  $defs: defs,
  type: 'object',
  required: ['version', 'profile', 'vhosts', 'exchanges', 'queues', 'bindings'],
  properties: {
    version: { const: 1 },
    profile: { enum: ['rabbitmq', 'rabbitmq-3', 'lavinmq'] },
    vhosts: true,
    exchanges: true,
    bindings: true,
    queues: {
      type: 'array',
      items: { allOf: [{ $ref: '#/$defs/queue' }], properties: { messages: { type: 'array', items: { $ref: '#/$defs/message' } } }, required: ['messages'] },
    },
  },
  allOf: [{ $ref: '#/$defs/topology' }],
};

/** What `acklab serve --data-dir` saved before the log: { format, savedAt, state }. */
const envelopeSchema = {
  type: 'object',
  required: ['format', 'state'],
  properties: { format: { const: 'acklab-durable-state' }, savedAt: { type: 'string', maxLength: 64 }, state: { type: 'object' } },
};

export interface Validators {
  record: ValidateFunction;
  state: ValidateFunction;
  envelope: ValidateFunction;
}

let compiled: Validators | undefined;

/**
 * The compiled validators, compiled on first use: compiling costs ~240 ms, which every process importing the
 * playground (extension activation, `acklab serve`, `acklab test`) would otherwise pay before it has a file to load.
 */
export function validators(): Validators {
  if (!compiled) {
    const ajv = new Ajv({ allErrors: false, discriminator: true, strict: false });
    compiled = { record: ajv.compile(recordSchema), state: ajv.compile(stateSchema), envelope: ajv.compile(envelopeSchema) };
  }
  return compiled;
}

/** The first schema error as one short phrase ("/queues/0 must be object"). */
export function schemaError(v: ValidateFunction): string {
  const e = v.errors?.[0];
  if (!e) return 'does not match the schema';
  const extra = e.keyword === 'additionalProperties' ? ` (${String((e.params as { additionalProperty?: string }).additionalProperty)})` : '';
  return `${e.instancePath || '(top level)'} ${e.message ?? 'is invalid'}${extra}`;
}

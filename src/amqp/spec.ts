// AMQP 0-9-1 method table with RabbitMQ's extensions (basic.nack, confirm class, connection.blocked/unblocked,
// connection.update-secret, exchange.bind/unbind). Class and method ids and argument types follow
// amqp0-9-1.extended.xml as shipped with RabbitMQ (rabbitmq-codegen), field names are camelCase like amqplib's.

import { ReplyCode } from '../broker/errors';
export type ArgType = 'octet' | 'short' | 'long' | 'longlong' | 'shortstr' | 'longstr' | 'bit' | 'table' | 'timestamp';

export interface MethodSpec {
  readonly classId: number;
  readonly methodId: number;
  /** e.g. 'basic.publish' */
  readonly name: string;
  readonly args: readonly (readonly [string, ArgType])[];
  /** Followed by a content header and body frames. */
  readonly content: boolean;
  /** Client-sent methods that a server answers (declare, bind…); used only for documentation and tests. */
  readonly synchronous: boolean;
}

type A = readonly (readonly [string, ArgType])[];
const T = (n: string): readonly [string, ArgType] => [n, 'short'];

const raw: [number, number, string, A, boolean?, boolean?][] = [
  // connection (10)
  [
    10,
    10,
    'connection.start',
    [
      ['versionMajor', 'octet'],
      ['versionMinor', 'octet'],
      ['serverProperties', 'table'],
      ['mechanisms', 'longstr'],
      ['locales', 'longstr'],
    ],
    false,
    true,
  ],
  [
    10,
    11,
    'connection.start-ok',
    [
      ['clientProperties', 'table'],
      ['mechanism', 'shortstr'],
      ['response', 'longstr'],
      ['locale', 'shortstr'],
    ],
  ],
  [10, 20, 'connection.secure', [['challenge', 'longstr']], false, true],
  [10, 21, 'connection.secure-ok', [['response', 'longstr']]],
  [
    10,
    30,
    'connection.tune',
    [
      ['channelMax', 'short'],
      ['frameMax', 'long'],
      ['heartbeat', 'short'],
    ],
    false,
    true,
  ],
  [
    10,
    31,
    'connection.tune-ok',
    [
      ['channelMax', 'short'],
      ['frameMax', 'long'],
      ['heartbeat', 'short'],
    ],
  ],
  [
    10,
    40,
    'connection.open',
    [
      ['virtualHost', 'shortstr'],
      ['capabilities', 'shortstr'],
      ['insist', 'bit'],
    ],
    false,
    true,
  ],
  [10, 41, 'connection.open-ok', [['knownHosts', 'shortstr']]],
  [
    10,
    50,
    'connection.close',
    [
      ['replyCode', 'short'],
      ['replyText', 'shortstr'],
      ['classId', 'short'],
      ['methodId', 'short'],
    ],
    false,
    true,
  ],
  [10, 51, 'connection.close-ok', []],
  [10, 60, 'connection.blocked', [['reason', 'shortstr']]],
  [10, 61, 'connection.unblocked', []],
  [
    10,
    70,
    'connection.update-secret',
    [
      ['newSecret', 'longstr'],
      ['reason', 'shortstr'],
    ],
    false,
    true,
  ],
  [10, 71, 'connection.update-secret-ok', []],
  // channel (20)
  [20, 10, 'channel.open', [['outOfBand', 'shortstr']], false, true],
  [20, 11, 'channel.open-ok', [['channelId', 'longstr']]],
  [20, 20, 'channel.flow', [['active', 'bit']], false, true],
  [20, 21, 'channel.flow-ok', [['active', 'bit']]],
  [
    20,
    40,
    'channel.close',
    [
      ['replyCode', 'short'],
      ['replyText', 'shortstr'],
      ['classId', 'short'],
      ['methodId', 'short'],
    ],
    false,
    true,
  ],
  [20, 41, 'channel.close-ok', []],
  // access (30), deprecated but still in RabbitMQ's table
  [
    30,
    10,
    'access.request',
    [
      ['realm', 'shortstr'],
      ['exclusive', 'bit'],
      ['passive', 'bit'],
      ['active', 'bit'],
      ['write', 'bit'],
      ['read', 'bit'],
    ],
    false,
    true,
  ],
  [30, 11, 'access.request-ok', [T('ticket')]],
  // exchange (40)
  [
    40,
    10,
    'exchange.declare',
    [
      T('ticket'),
      ['exchange', 'shortstr'],
      ['type', 'shortstr'],
      ['passive', 'bit'],
      ['durable', 'bit'],
      ['autoDelete', 'bit'],
      ['internal', 'bit'],
      ['nowait', 'bit'],
      ['arguments', 'table'],
    ],
    false,
    true,
  ],
  [40, 11, 'exchange.declare-ok', []],
  [40, 20, 'exchange.delete', [T('ticket'), ['exchange', 'shortstr'], ['ifUnused', 'bit'], ['nowait', 'bit']], false, true],
  [40, 21, 'exchange.delete-ok', []],
  [
    40,
    30,
    'exchange.bind',
    [T('ticket'), ['destination', 'shortstr'], ['source', 'shortstr'], ['routingKey', 'shortstr'], ['nowait', 'bit'], ['arguments', 'table']],
    false,
    true,
  ],
  [40, 31, 'exchange.bind-ok', []],
  [
    40,
    40,
    'exchange.unbind',
    [T('ticket'), ['destination', 'shortstr'], ['source', 'shortstr'], ['routingKey', 'shortstr'], ['nowait', 'bit'], ['arguments', 'table']],
    false,
    true,
  ],
  [40, 51, 'exchange.unbind-ok', []],
  // queue (50)
  [
    50,
    10,
    'queue.declare',
    [
      T('ticket'),
      ['queue', 'shortstr'],
      ['passive', 'bit'],
      ['durable', 'bit'],
      ['exclusive', 'bit'],
      ['autoDelete', 'bit'],
      ['nowait', 'bit'],
      ['arguments', 'table'],
    ],
    false,
    true,
  ],
  [
    50,
    11,
    'queue.declare-ok',
    [
      ['queue', 'shortstr'],
      ['messageCount', 'long'],
      ['consumerCount', 'long'],
    ],
  ],
  [
    50,
    20,
    'queue.bind',
    [T('ticket'), ['queue', 'shortstr'], ['exchange', 'shortstr'], ['routingKey', 'shortstr'], ['nowait', 'bit'], ['arguments', 'table']],
    false,
    true,
  ],
  [50, 21, 'queue.bind-ok', []],
  [50, 30, 'queue.purge', [T('ticket'), ['queue', 'shortstr'], ['nowait', 'bit']], false, true],
  [50, 31, 'queue.purge-ok', [['messageCount', 'long']]],
  [50, 40, 'queue.delete', [T('ticket'), ['queue', 'shortstr'], ['ifUnused', 'bit'], ['ifEmpty', 'bit'], ['nowait', 'bit']], false, true],
  [50, 41, 'queue.delete-ok', [['messageCount', 'long']]],
  [50, 50, 'queue.unbind', [T('ticket'), ['queue', 'shortstr'], ['exchange', 'shortstr'], ['routingKey', 'shortstr'], ['arguments', 'table']], false, true],
  [50, 51, 'queue.unbind-ok', []],
  // basic (60)
  [
    60,
    10,
    'basic.qos',
    [
      ['prefetchSize', 'long'],
      ['prefetchCount', 'short'],
      ['global', 'bit'],
    ],
    false,
    true,
  ],
  [60, 11, 'basic.qos-ok', []],
  [
    60,
    20,
    'basic.consume',
    [
      T('ticket'),
      ['queue', 'shortstr'],
      ['consumerTag', 'shortstr'],
      ['noLocal', 'bit'],
      ['noAck', 'bit'],
      ['exclusive', 'bit'],
      ['nowait', 'bit'],
      ['arguments', 'table'],
    ],
    false,
    true,
  ],
  [60, 21, 'basic.consume-ok', [['consumerTag', 'shortstr']]],
  [
    60,
    30,
    'basic.cancel',
    [
      ['consumerTag', 'shortstr'],
      ['nowait', 'bit'],
    ],
    false,
    true,
  ],
  [60, 31, 'basic.cancel-ok', [['consumerTag', 'shortstr']]],
  [60, 40, 'basic.publish', [T('ticket'), ['exchange', 'shortstr'], ['routingKey', 'shortstr'], ['mandatory', 'bit'], ['immediate', 'bit']], true],
  [
    60,
    50,
    'basic.return',
    [
      ['replyCode', 'short'],
      ['replyText', 'shortstr'],
      ['exchange', 'shortstr'],
      ['routingKey', 'shortstr'],
    ],
    true,
  ],
  [
    60,
    60,
    'basic.deliver',
    [
      ['consumerTag', 'shortstr'],
      ['deliveryTag', 'longlong'],
      ['redelivered', 'bit'],
      ['exchange', 'shortstr'],
      ['routingKey', 'shortstr'],
    ],
    true,
  ],
  [60, 70, 'basic.get', [T('ticket'), ['queue', 'shortstr'], ['noAck', 'bit']], false, true],
  [
    60,
    71,
    'basic.get-ok',
    [
      ['deliveryTag', 'longlong'],
      ['redelivered', 'bit'],
      ['exchange', 'shortstr'],
      ['routingKey', 'shortstr'],
      ['messageCount', 'long'],
    ],
    true,
  ],
  [60, 72, 'basic.get-empty', [['clusterId', 'shortstr']]],
  [
    60,
    80,
    'basic.ack',
    [
      ['deliveryTag', 'longlong'],
      ['multiple', 'bit'],
    ],
  ],
  [
    60,
    90,
    'basic.reject',
    [
      ['deliveryTag', 'longlong'],
      ['requeue', 'bit'],
    ],
  ],
  [60, 100, 'basic.recover-async', [['requeue', 'bit']]],
  [60, 110, 'basic.recover', [['requeue', 'bit']], false, true],
  [60, 111, 'basic.recover-ok', []],
  [
    60,
    120,
    'basic.nack',
    [
      ['deliveryTag', 'longlong'],
      ['multiple', 'bit'],
      ['requeue', 'bit'],
    ],
  ],
  // confirm (85), RabbitMQ extension
  [85, 10, 'confirm.select', [['nowait', 'bit']], false, true],
  [85, 11, 'confirm.select-ok', []],
  // tx (90)
  [90, 10, 'tx.select', [], false, true],
  [90, 11, 'tx.select-ok', []],
  [90, 20, 'tx.commit', [], false, true],
  [90, 21, 'tx.commit-ok', []],
  [90, 30, 'tx.rollback', [], false, true],
  [90, 31, 'tx.rollback-ok', []],
];

export const METHODS: readonly MethodSpec[] = raw.map(([classId, methodId, name, args, content, synchronous]) => ({
  classId,
  methodId,
  name,
  args,
  content: content ?? false,
  synchronous: synchronous ?? false,
}));

const byId = new Map<number, MethodSpec>();
const byName = new Map<string, MethodSpec>();
for (const m of METHODS) {
  byId.set((m.classId << 16) | m.methodId, m);
  byName.set(m.name, m);
}

export function methodById(classId: number, methodId: number): MethodSpec | undefined {
  return byId.get((classId << 16) | methodId);
}

export function methodByName(name: string): MethodSpec {
  const m = byName.get(name);
  if (!m) throw new Error(`unknown AMQP method ${name}`);
  return m;
}

/** Basic content properties in property-flag order (bit 15 first). */
export const BASIC_PROPERTIES: readonly (readonly [string, ArgType])[] = [
  ['contentType', 'shortstr'],
  ['contentEncoding', 'shortstr'],
  ['headers', 'table'],
  ['deliveryMode', 'octet'],
  ['priority', 'octet'],
  ['correlationId', 'shortstr'],
  ['replyTo', 'shortstr'],
  ['expiration', 'shortstr'],
  ['messageId', 'shortstr'],
  ['timestamp', 'timestamp'],
  ['type', 'shortstr'],
  ['userId', 'shortstr'],
  ['appId', 'shortstr'],
  ['clusterId', 'shortstr'],
];

export const FRAME_METHOD = 1;
export const FRAME_HEADER = 2;
export const FRAME_BODY = 3;
export const FRAME_HEARTBEAT = 8;
export const FRAME_END = 0xce;
export const FRAME_MIN_SIZE = 4096;

/** Reply codes (AMQP 0-9-1 constants): the broker's table, one source for both layers. */
export { ReplyCode };

/** Name for a reply code, as RabbitMQ prefixes its reply texts ("NOT_FOUND - no queue 'q' in vhost '/'"). */
export function replyName(code: number): string {
  for (const [k, v] of Object.entries(ReplyCode)) if (v === code) return k;
  return 'INTERNAL_ERROR';
}

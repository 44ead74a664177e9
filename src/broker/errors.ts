// AMQP exceptions with RabbitMQ's reply codes and texts.

/** Reply codes (AMQP 0-9-1 constants). */
export const ReplyCode = {
  REPLY_SUCCESS: 200,
  CONTENT_TOO_LARGE: 311,
  NO_ROUTE: 312,
  NO_CONSUMERS: 313,
  CONNECTION_FORCED: 320,
  INVALID_PATH: 402,
  ACCESS_REFUSED: 403,
  NOT_FOUND: 404,
  RESOURCE_LOCKED: 405,
  PRECONDITION_FAILED: 406,
  FRAME_ERROR: 501,
  SYNTAX_ERROR: 502,
  COMMAND_INVALID: 503,
  CHANNEL_ERROR: 504,
  UNEXPECTED_FRAME: 505,
  RESOURCE_ERROR: 506,
  NOT_ALLOWED: 530,
  NOT_IMPLEMENTED: 540,
  INTERNAL_ERROR: 541,
} as const;
export type ReplyName = keyof typeof ReplyCode;

/** [classId, methodId] of every method the broker takes. */
export const Method = {
  connectionOpen: [10, 40],
  channelOpen: [20, 10],
  channelFlow: [20, 20],
  channelClose: [20, 40],
  exchangeDeclare: [40, 10],
  exchangeDelete: [40, 20],
  exchangeBind: [40, 30],
  exchangeUnbind: [40, 40],
  queueDeclare: [50, 10],
  queueBind: [50, 20],
  queuePurge: [50, 30],
  queueDelete: [50, 40],
  queueUnbind: [50, 50],
  basicQos: [60, 10],
  basicConsume: [60, 20],
  basicCancel: [60, 30],
  basicPublish: [60, 40],
  basicGet: [60, 70],
  basicAck: [60, 80],
  basicReject: [60, 90],
  basicRecoverAsync: [60, 100],
  basicRecover: [60, 110],
  basicNack: [60, 120],
  confirmSelect: [85, 10],
  txSelect: [90, 10],
  txCommit: [90, 20],
  txRollback: [90, 30],
  none: [0, 0],
} as const satisfies Record<string, readonly [number, number]>;
export type MethodName = keyof typeof Method;

/**
 * An AMQP exception. scope 'channel' → channel.close; 'connection' → connection.close.
 * `replyText` is the exact text RabbitMQ sends ("NAME - detail", at most 255 characters).
 * When a broker method throws one, the broker has already closed the channel (or connection).
 */
export class AmqpError extends Error {
  override readonly name = 'AmqpError';
  constructor(
    readonly scope: 'channel' | 'connection',
    readonly code: number,
    readonly replyText: string,
    readonly classId: number,
    readonly methodId: number,
  ) {
    super(replyText);
  }
}

/** Cuts to 255 characters the way RabbitMQ's short string does. */
function cut(s: string): string {
  return s.length > 255 ? s.slice(0, 255) : s;
}

const CONNECTION_CODES: ReadonlySet<number> = new Set([320, 402, 501, 502, 503, 504, 505, 530, 540, 541]);

/** Builds the error for reply NAME and detail; hard errors (5xx but 506, 320, 402) are connection scope. */
export function amqpError(name: ReplyName, detail: string, method: MethodName): AmqpError {
  const code = ReplyCode[name];
  const [classId, methodId] = Method[method];
  const scope = CONNECTION_CODES.has(code) ? 'connection' : 'channel';
  return new AmqpError(scope, code, cut(`${name} - ${detail}`), classId, methodId);
}

/** "queue 'q' in vhost '/'" — rabbit_misc:rs/1. */
export function rs(kind: 'queue' | 'exchange', name: string, vhost: string): string {
  return `${kind} '${name}' in vhost '${vhost}'`;
}

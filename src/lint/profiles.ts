// Library profiles: everything library-specific the analyser knows, as data.
// Adding a client library = adding a profile here; the engine (analyze.ts) stays untouched.
import type { LanguageId } from './languages';

export type SettleKind = 'ack' | 'nack' | 'reject' | 'requeue';

/** A settle call. `channel`: `ch.ack(msg)` (receiver is a channel); `message`: `msg.ack()` (receiver is the
 *  delivery); `function`: `Basic.ack(chan, tag)` (module function, channel as first argument); `callback`: the
 *  handler's own settle parameter is called (rascal `ackOrNack(err?)`). */
export interface SettleSpec {
  method: string;
  style: 'channel' | 'message' | 'function' | 'callback';
  kind: SettleKind;
  /** Where the requeue flag is, and its default. Absent: the settle never requeues (ack). */
  requeue?: { arg?: number; keyword?: string; default: boolean };
  /** The call returns a coroutine that does nothing unless awaited (aio-pika). */
  coroutine?: boolean;
  /** Settles every outstanding delivery (ackAll / nackAll). */
  all?: boolean;
  /** Module qualifier required for `function` style, e.g. /^(AMQP\.)?Basic$/. */
  module?: RegExp;
}

/** Where the auto-ack flag of a consume call is and what `true` means. */
export interface AckModeSpec {
  /** Mode when the flag is absent: `manual`, `auto`, `scope` (the library settles when the handler returns),
   *  or `infer` (unknown here: manual when the handler settles at all). */
  default: 'manual' | 'auto' | 'scope' | 'infer';
  /** Positional argument holding the flag. */
  arg?: number;
  /** Keyword / named argument holding the flag (Python, Ruby, C#, PHP 8, Elixir). */
  keyword?: string[];
  /** Key of an options object (JS `{ noAck: true }`) given at argument `optionsArg`. */
  option?: string[];
  optionsArg?: number;
  /** `true` of the flag means: no-ack (auto) or manual ack. */
  trueMeans: 'auto' | 'manual';
  /** Options that turn a `scope` default into manual (cloudamqp v4 `{ manualAck: true }`). */
  manualOption?: string[];
}

export type ConsumeShape =
  /** `recv.method(..., handler, ...)`: handler is an argument (inline function or a same-file function by name). */
  | {
      kind: 'call';
      handlerArg?: number;
      handlerKeyword?: string[];
      handlerList?: boolean;
      block?: boolean;
      firstArgString?: string;
      handlerLastFunction?: boolean;
      /** The consumer runs every callback registered on it for each message (kombu), `register` naming the method
       *  that adds one more (`register_callback`). */
      everyCallback?: { register: string };
    }
  /** The consume call returns a stream of deliveries consumed by a loop (`for d := range msgs`,
   *  `for method, props, body in ch.consume(q)`, `async for message in queue.iterator()`). */
  | { kind: 'loop' }
  /** `consumer.Received += handler` (.NET); the consume call elsewhere in the file carries the ack mode. */
  | { kind: 'event'; events: string[] }
  /** A method overriding the library's delivery callback (Java `handleDelivery`, .NET `HandleBasicDeliver`). */
  | { kind: 'override'; methods: string[] }
  /** An annotated/decorated method (Spring `@RabbitListener`, NestJS `@EventPattern`). */
  | { kind: 'decorator'; names: string[]; ackAttr?: string; manualValue?: RegExp; fileManual?: RegExp; fileAuto?: RegExp }
  /** Elixir `handle_info({:basic_deliver, ...}, state)` clauses or `receive do {:basic_deliver, ...} -> ... end`. */
  | { kind: 'message-clause'; tag: string };

export interface ConsumeSpec {
  /** Callee name (last segment), e.g. `consume`, `basic_consume`, `BasicConsumeAsync`. */
  methods: string[];
  shape: ConsumeShape;
  ack: AckModeSpec;
  /** Index of the delivery among the handler's parameters (or the loop variables). */
  deliveryParam: number;
  /** Index of the channel among the handler's parameters, if the handler gets one. */
  channelParam?: number;
  /** Index of a settle callback among the handler's parameters (rascal). */
  settleParam?: number;
  /** Minimum number of arguments of the consume call. */
  minArgs?: number;
  /** Module qualifier (`Basic.consume`). */
  module?: RegExp;
  /** The consume call's receiver (its last name segment) looks like this library's object; a call on anything else
   *  (`queue.consume(name, cb)` of an application's own class) gives only a low-confidence hint. */
  receiverHint?: RegExp;
  /** Findings point at the call that created the subscription (rascal `broker.subscribe(…)`), found from the
   *  registration's receiver. */
  anchorCall?: string[];
}

export interface Profile {
  id: string;
  /** Human name for messages. */
  name: string;
  languages: LanguageId[];
  /** The file uses this library when its text matches one of these. */
  detect: RegExp[];
  consumes: ConsumeSpec[];
  settles: SettleSpec[];
  /** Statement inserted by the missing-ack quick fix; `${channel}`, `${delivery}` are substituted. */
  ackTemplate?: string;
  /** Template for handlers that override the library's delivery method (Java `handleDelivery`). */
  overrideAckTemplate?: string;
  /** The manual-ack value the ack-in-auto-ack fix writes into the flag. */
  manualLiteral?: { auto: string; manual: string }[];
  /** A settle-on-scope helper (aio-pika `message.process()`): calling it in a `with` settles the delivery. */
  scopeHelper?: string;
  /** Settles return promises/coroutines that must be awaited to run. */
  awaitRequired?: boolean;
}

const amqplibSettles: SettleSpec[] = [
  { method: 'ack', style: 'channel', kind: 'ack' },
  { method: 'nack', style: 'channel', kind: 'nack', requeue: { arg: 2, default: true } },
  { method: 'reject', style: 'channel', kind: 'reject', requeue: { arg: 1, default: true } },
  { method: 'ackAll', style: 'channel', kind: 'ack', all: true },
  { method: 'nackAll', style: 'channel', kind: 'nack', all: true, requeue: { arg: 0, default: true } },
];
const jsBool = [{ auto: 'true', manual: 'false' }];
/** Receivers that look like a channel (`ch`, `this.channel`, `channelWrapper`, `amqpChannel`…). */
const CHANNEL_HINT = /^(?:ch|chan|c)\d*$|channel|amqp|rabbit|^mq/i;
/** Receivers that look like a queue (`q`, `queue`, `ch.queue(...)`, `@work_queue`). */
const QUEUE_HINT = /^_?q\d*$|queue|^@?q_|amqp|rabbit/i;

/** Erlang amqp_client and LFE kanin speak the same records: #'basic.consume'{}, #'basic.deliver'{}, #'basic.ack'{}. */
const AMQP_CLIENT_RECORDS: Pick<Profile, 'consumes' | 'settles'> = {
  consumes: [
    {
      methods: ['basic.consume'],
      shape: { kind: 'message-clause', tag: 'basic.deliver' },
      deliveryParam: 0,
      ack: { default: 'manual', keyword: ['no_ack'], trueMeans: 'auto' },
    },
  ],
  settles: [
    { method: 'basic.ack', style: 'function', kind: 'ack' },
    { method: 'basic.nack', style: 'function', kind: 'nack', requeue: { keyword: 'requeue', default: true } },
    { method: 'basic.reject', style: 'function', kind: 'reject', requeue: { keyword: 'requeue', default: true } },
  ],
};

export const PROFILES: Profile[] = [
  {
    id: 'amqplib',
    name: 'amqplib',
    languages: ['javascript', 'typescript', 'tsx'],
    detect: [/['"]amqplib(\/callback_api)?['"]/],
    consumes: [
      {
        methods: ['consume'],
        minArgs: 2,
        shape: { kind: 'call', handlerArg: 1 },
        deliveryParam: 0,
        receiverHint: CHANNEL_HINT,
        ack: { default: 'manual', option: ['noAck'], optionsArg: 2, trueMeans: 'auto' },
      },
    ],
    settles: amqplibSettles,
    ackTemplate: '${channel}.ack(${delivery});',
    manualLiteral: jsBool,
  },
  {
    id: 'amqp-connection-manager',
    name: 'amqp-connection-manager',
    languages: ['javascript', 'typescript', 'tsx'],
    detect: [/['"]amqp-connection-manager['"]/],
    consumes: [
      {
        methods: ['consume'],
        minArgs: 2,
        shape: { kind: 'call', handlerArg: 1 },
        deliveryParam: 0,
        receiverHint: CHANNEL_HINT,
        ack: { default: 'manual', option: ['noAck'], optionsArg: 2, trueMeans: 'auto' },
      },
    ],
    settles: amqplibSettles,
    ackTemplate: '${channel}.ack(${delivery});',
    manualLiteral: jsBool,
  },
  {
    id: 'rascal',
    name: 'rascal',
    languages: ['javascript', 'typescript', 'tsx'],
    detect: [/['"]rascal['"]/],
    consumes: [
      {
        methods: ['on'],
        minArgs: 2,
        shape: { kind: 'call', handlerArg: 1, firstArgString: 'message' },
        deliveryParam: 0,
        settleParam: 2,
        anchorCall: ['subscribe'],
        ack: { default: 'manual', trueMeans: 'auto' },
      },
    ],
    settles: [{ method: '*', style: 'callback', kind: 'ack' }],
    ackTemplate: '${settle}();',
  },
  {
    id: 'cloudamqp',
    name: '@cloudamqp/amqp-client',
    languages: ['javascript', 'typescript', 'tsx'],
    detect: [/['"]@cloudamqp\/amqp-client['"]/],
    consumes: [
      {
        methods: ['basicConsume'],
        minArgs: 2,
        shape: { kind: 'call', handlerLastFunction: true },
        deliveryParam: 0,
        ack: { default: 'auto', option: ['noAck'], optionsArg: 1, trueMeans: 'auto' },
      },
      {
        methods: ['subscribe'],
        minArgs: 1,
        shape: { kind: 'call', handlerLastFunction: true },
        deliveryParam: 0,
        ack: { default: 'scope', option: ['noAck'], optionsArg: 0, trueMeans: 'auto', manualOption: ['manualAck'] },
      },
    ],
    settles: [
      { method: 'ack', style: 'message', kind: 'ack' },
      { method: 'nack', style: 'message', kind: 'nack', requeue: { arg: 0, default: false } },
      { method: 'reject', style: 'message', kind: 'reject', requeue: { arg: 0, default: false } },
      { method: 'basicAck', style: 'channel', kind: 'ack' },
      { method: 'basicNack', style: 'channel', kind: 'nack', requeue: { arg: 1, default: false } },
      { method: 'basicReject', style: 'channel', kind: 'reject', requeue: { arg: 1, default: false } },
    ],
    ackTemplate: 'await ${delivery}.ack();',
    manualLiteral: jsBool,
  },
  {
    // amqp-ts hands its options to amqplib's consume: without `noAck: true` the consumer is manual ack, and the
    // handler gets a Message whose ack()/nack()/reject() settle it.
    id: 'amqp-ts',
    name: 'amqp-ts',
    languages: ['javascript', 'typescript', 'tsx'],
    detect: [/['"][./]*(?:[\w./-]*\/)?amqp-ts['"]/],
    consumes: [
      {
        methods: ['activateConsumer'],
        minArgs: 1,
        shape: { kind: 'call', handlerArg: 0 },
        deliveryParam: 0,
        // No receiverHint: unlike `consume`, the name is amqp-ts's own (its queues and exchanges have it).
        ack: { default: 'manual', option: ['noAck'], optionsArg: 1, trueMeans: 'auto' },
      },
    ],
    settles: [
      { method: 'ack', style: 'message', kind: 'ack' },
      { method: 'nack', style: 'message', kind: 'nack', requeue: { arg: 1, default: true } },
      { method: 'reject', style: 'message', kind: 'reject', requeue: { arg: 0, default: false } },
    ],
    ackTemplate: '${delivery}.ack();',
    manualLiteral: jsBool,
  },
  {
    id: 'nestjs-rmq',
    name: 'NestJS RMQ',
    languages: ['typescript', 'javascript', 'tsx'],
    detect: [/@nestjs\/microservices/],
    consumes: [
      {
        methods: [],
        shape: { kind: 'decorator', names: ['EventPattern', 'MessagePattern'], fileManual: /noAck\s*:\s*false/, fileAuto: /noAck\s*:\s*true/ },
        deliveryParam: -1,
        ack: { default: 'auto', trueMeans: 'auto' },
      },
    ],
    settles: amqplibSettles,
  },
  {
    id: 'pika',
    name: 'pika',
    languages: ['python'],
    detect: [/^\s*(import pika|from pika\b)/m],
    consumes: [
      {
        methods: ['basic_consume'],
        minArgs: 1,
        shape: { kind: 'call', handlerArg: 1, handlerKeyword: ['on_message_callback', 'consumer_callback'] },
        deliveryParam: 1,
        channelParam: 0,
        ack: { default: 'manual', arg: 2, keyword: ['auto_ack', 'no_ack'], trueMeans: 'auto' },
      },
      { methods: ['consume'], shape: { kind: 'loop' }, deliveryParam: 0, ack: { default: 'manual', keyword: ['auto_ack'], arg: 1, trueMeans: 'auto' } },
    ],
    settles: [
      { method: 'basic_ack', style: 'channel', kind: 'ack' },
      { method: 'basic_nack', style: 'channel', kind: 'nack', requeue: { arg: 2, keyword: 'requeue', default: true } },
      { method: 'basic_reject', style: 'channel', kind: 'reject', requeue: { arg: 1, keyword: 'requeue', default: true } },
    ],
    ackTemplate: '${channel}.basic_ack(delivery_tag=${delivery}.delivery_tag)',
    manualLiteral: [{ auto: 'True', manual: 'False' }],
  },
  {
    id: 'aio-pika',
    name: 'aio-pika',
    languages: ['python'],
    detect: [/aio_pika/],
    consumes: [
      {
        methods: ['consume'],
        minArgs: 1,
        shape: { kind: 'call', handlerArg: 0, handlerKeyword: ['callback'] },
        deliveryParam: 0,
        receiverHint: QUEUE_HINT,
        ack: { default: 'manual', arg: 1, keyword: ['no_ack'], trueMeans: 'auto' },
      },
      { methods: ['iterator'], shape: { kind: 'loop' }, deliveryParam: 0, ack: { default: 'manual', keyword: ['no_ack'], trueMeans: 'auto' } },
    ],
    settles: [
      { method: 'ack', style: 'message', kind: 'ack', coroutine: true },
      { method: 'nack', style: 'message', kind: 'nack', coroutine: true, requeue: { arg: 1, keyword: 'requeue', default: true } },
      { method: 'reject', style: 'message', kind: 'reject', coroutine: true, requeue: { arg: 0, keyword: 'requeue', default: false } },
    ],
    scopeHelper: 'process',
    awaitRequired: true,
    ackTemplate: 'await ${delivery}.ack()',
    manualLiteral: [{ auto: 'True', manual: 'False' }],
  },
  {
    id: 'kombu',
    name: 'kombu',
    languages: ['python'],
    detect: [/\bkombu\b/],
    consumes: [
      {
        methods: ['Consumer'],
        shape: { kind: 'call', handlerKeyword: ['callbacks'], handlerList: true, everyCallback: { register: 'register_callback' } },
        deliveryParam: 1,
        ack: { default: 'manual', keyword: ['no_ack'], trueMeans: 'auto' },
      },
      {
        methods: ['register_callback'],
        minArgs: 1,
        shape: { kind: 'call', handlerArg: 0, everyCallback: { register: 'register_callback' } },
        deliveryParam: 1,
        ack: { default: 'manual', trueMeans: 'auto' },
      },
    ],
    settles: [
      { method: 'ack', style: 'message', kind: 'ack' },
      { method: 'reject', style: 'message', kind: 'reject', requeue: { arg: 0, keyword: 'requeue', default: false } },
      { method: 'requeue', style: 'message', kind: 'requeue', requeue: { default: true } },
    ],
    ackTemplate: '${delivery}.ack()',
    manualLiteral: [{ auto: 'True', manual: 'False' }],
  },
  {
    id: 'amqp091-go',
    name: 'amqp091-go',
    languages: ['go'],
    detect: [/rabbitmq\/amqp091-go|streadway\/amqp/],
    consumes: [
      {
        methods: ['Consume', 'ConsumeWithContext'],
        minArgs: 3,
        shape: { kind: 'loop' },
        deliveryParam: 0,
        ack: { default: 'manual', arg: 2, trueMeans: 'auto' },
      },
    ],
    settles: [
      { method: 'Ack', style: 'message', kind: 'ack' },
      { method: 'Nack', style: 'message', kind: 'nack', requeue: { arg: 1, default: false } },
      { method: 'Reject', style: 'message', kind: 'reject', requeue: { arg: 0, default: false } },
      { method: 'Ack', style: 'channel', kind: 'ack' },
      { method: 'Nack', style: 'channel', kind: 'nack', requeue: { arg: 2, default: false } },
      { method: 'Reject', style: 'channel', kind: 'reject', requeue: { arg: 1, default: false } },
    ],
    ackTemplate: '${delivery}.Ack(false)',
    manualLiteral: [{ auto: 'true', manual: 'false' }],
  },
  {
    id: 'java-client',
    name: 'RabbitMQ Java client',
    languages: ['java'],
    detect: [/com\.rabbitmq\.client/],
    consumes: [
      {
        methods: ['basicConsume'],
        minArgs: 2,
        shape: { kind: 'call', handlerLastFunction: true },
        deliveryParam: 1,
        ack: { default: 'manual', arg: 1, trueMeans: 'auto' },
      },
      { methods: [], shape: { kind: 'override', methods: ['handleDelivery'] }, deliveryParam: 1, ack: { default: 'infer', trueMeans: 'auto' } },
    ],
    settles: [
      { method: 'basicAck', style: 'channel', kind: 'ack' },
      { method: 'basicNack', style: 'channel', kind: 'nack', requeue: { arg: 2, default: true } },
      { method: 'basicReject', style: 'channel', kind: 'reject', requeue: { arg: 1, default: true } },
    ],
    ackTemplate: '${channel}.basicAck(${delivery}.getEnvelope().getDeliveryTag(), false);',
    overrideAckTemplate: 'getChannel().basicAck(${delivery}.getDeliveryTag(), false);',
    manualLiteral: [{ auto: 'true', manual: 'false' }],
  },
  {
    id: 'spring-amqp',
    name: 'Spring AMQP',
    languages: ['java'],
    detect: [/org\.springframework\.amqp/],
    consumes: [
      {
        methods: [],
        shape: {
          kind: 'decorator',
          names: ['RabbitListener'],
          ackAttr: 'ackMode',
          manualValue: /MANUAL/,
          fileManual: /AcknowledgeMode\.MANUAL|acknowledge-mode\s*[:=]\s*manual/i,
        },
        deliveryParam: -1,
        ack: { default: 'auto', trueMeans: 'manual' },
      },
    ],
    settles: [
      { method: 'basicAck', style: 'channel', kind: 'ack' },
      { method: 'basicNack', style: 'channel', kind: 'nack', requeue: { arg: 2, default: true } },
      { method: 'basicReject', style: 'channel', kind: 'reject', requeue: { arg: 1, default: true } },
    ],
  },
  {
    id: 'rabbitmq-dotnet',
    name: 'RabbitMQ.Client',
    languages: ['csharp'],
    detect: [/RabbitMQ\.Client/],
    consumes: [
      {
        methods: ['BasicConsume', 'BasicConsumeAsync'],
        shape: { kind: 'event', events: ['Received', 'ReceivedAsync'] },
        deliveryParam: 1,
        ack: { default: 'infer', arg: 1, keyword: ['autoAck'], trueMeans: 'auto' },
      },
      {
        methods: [],
        shape: { kind: 'override', methods: ['HandleBasicDeliver', 'HandleBasicDeliverAsync'] },
        deliveryParam: 1,
        ack: { default: 'infer', arg: 1, keyword: ['autoAck'], trueMeans: 'auto' },
      },
    ],
    settles: ['', 'Async'].flatMap((s) => [
      { method: `BasicAck${s}`, style: 'channel' as const, kind: 'ack' as const },
      { method: `BasicNack${s}`, style: 'channel' as const, kind: 'nack' as const, requeue: { arg: 2, keyword: 'requeue', default: true } },
      { method: `BasicReject${s}`, style: 'channel' as const, kind: 'reject' as const, requeue: { arg: 1, keyword: 'requeue', default: true } },
    ]),
    ackTemplate: '${channel}.BasicAck(${delivery}.DeliveryTag, false);',
    manualLiteral: [{ auto: 'true', manual: 'false' }],
  },
  {
    id: 'bunny',
    name: 'Bunny',
    languages: ['ruby'],
    detect: [/require\s+['"]bunny['"]|Bunny\./],
    consumes: [
      {
        methods: ['subscribe'],
        shape: { kind: 'call', block: true },
        deliveryParam: 0,
        receiverHint: QUEUE_HINT,
        ack: { default: 'auto', keyword: ['manual_ack', 'ack'], trueMeans: 'manual' },
      },
    ],
    settles: [
      { method: 'ack', style: 'channel', kind: 'ack' },
      { method: 'nack', style: 'channel', kind: 'nack', requeue: { arg: 2, default: false } },
      { method: 'reject', style: 'channel', kind: 'reject', requeue: { arg: 1, default: false } },
      // Bunny::Channel#acknowledge is an alias of #ack; basic_* are the protocol-level methods.
      { method: 'acknowledge', style: 'channel', kind: 'ack' },
      { method: 'basic_ack', style: 'channel', kind: 'ack' },
      { method: 'basic_nack', style: 'channel', kind: 'nack', requeue: { arg: 2, default: false } },
      { method: 'basic_reject', style: 'channel', kind: 'reject', requeue: { arg: 1, default: false } },
    ],
    ackTemplate: '${channel}.ack(${delivery}.delivery_tag)',
    manualLiteral: [{ auto: 'false', manual: 'true' }],
  },
  {
    // The EventMachine-based `amqp` gem (ruby-amqp): same subscribe shape as Bunny, `:ack => true` for manual acks,
    // settles on the channel (`acknowledge`, `reject`) or on the delivery's metadata (`metadata.ack`).
    id: 'ruby-amqp',
    name: 'amqp gem',
    languages: ['ruby'],
    detect: [/require\s+['"]amqp['"]|\bAMQP::(?:Channel|Queue|connect)\b/],
    consumes: [
      {
        methods: ['subscribe'],
        shape: { kind: 'call', block: true },
        deliveryParam: 0,
        receiverHint: QUEUE_HINT,
        ack: { default: 'auto', keyword: ['ack', 'manual_ack'], trueMeans: 'manual' },
      },
    ],
    settles: [
      { method: 'acknowledge', style: 'channel', kind: 'ack' },
      { method: 'reject', style: 'channel', kind: 'reject', requeue: { arg: 1, default: false } },
      { method: 'ack', style: 'message', kind: 'ack' },
      { method: 'reject', style: 'message', kind: 'reject', requeue: { keyword: 'requeue', default: false } },
    ],
    ackTemplate: '${delivery}.ack',
    manualLiteral: [{ auto: 'false', manual: 'true' }],
  },
  {
    id: 'php-amqplib',
    name: 'php-amqplib',
    languages: ['php'],
    detect: [/PhpAmqpLib/],
    consumes: [
      {
        methods: ['basic_consume'],
        minArgs: 1,
        shape: { kind: 'call', handlerArg: 6, handlerKeyword: ['callback'] },
        deliveryParam: 0,
        ack: { default: 'manual', arg: 3, keyword: ['no_ack'], trueMeans: 'auto' },
      },
    ],
    settles: [
      { method: 'ack', style: 'message', kind: 'ack' },
      { method: 'nack', style: 'message', kind: 'nack', requeue: { arg: 0, keyword: 'requeue', default: false } },
      { method: 'reject', style: 'message', kind: 'reject', requeue: { arg: 0, keyword: 'requeue', default: true } },
      { method: 'basic_ack', style: 'channel', kind: 'ack' },
      { method: 'basic_nack', style: 'channel', kind: 'nack', requeue: { arg: 2, default: false } },
      { method: 'basic_reject', style: 'channel', kind: 'reject', requeue: { arg: 1, default: false } },
    ],
    ackTemplate: '${delivery}->ack();',
    manualLiteral: [{ auto: 'true', manual: 'false' }],
  },
  {
    id: 'elixir-amqp',
    name: 'Elixir amqp',
    languages: ['elixir'],
    detect: [/\bAMQP\b/],
    consumes: [
      {
        methods: ['consume'],
        module: /^(AMQP\.)?Basic$/,
        shape: { kind: 'message-clause', tag: ':basic_deliver' },
        deliveryParam: 0,
        ack: { default: 'manual', keyword: ['no_ack'], trueMeans: 'auto' },
      },
    ],
    settles: [
      { method: 'ack', style: 'function', kind: 'ack', module: /^(AMQP\.)?Basic$/ },
      { method: 'nack', style: 'function', kind: 'nack', module: /^(AMQP\.)?Basic$/, requeue: { keyword: 'requeue', default: true } },
      { method: 'reject', style: 'function', kind: 'reject', module: /^(AMQP\.)?Basic$/, requeue: { keyword: 'requeue', default: true } },
    ],
    ackTemplate: 'Basic.ack(${channel}, ${delivery})',
    manualLiteral: [{ auto: 'true', manual: 'false' }],
  },
  {
    id: 'erlang-amqp-client',
    name: 'Erlang amqp_client',
    languages: ['erlang'],
    detect: [/basic\.consume|basic\.deliver|amqp_channel/],
    ...AMQP_CLIENT_RECORDS,
    manualLiteral: [{ auto: 'true', manual: 'false' }],
  },
  {
    id: 'lfe-kanin',
    name: 'LFE kanin',
    languages: ['lfe'],
    detect: [/basic\.consume|basic\.deliver|kanin/],
    ...AMQP_CLIENT_RECORDS,
    manualLiteral: [{ auto: "'true", manual: "'false" }],
  },
];

/** Text that says a file is about AMQP at all, when no library import is seen (a handler in a file that gets its
 *  channel from elsewhere). Without it, a file with no AMQP import is not linted: a Redis `subscribe` or an
 *  application's own `queue.consume(name, cb)` is not a consume. */
const AMQP_EVIDENCE = /amqp|rabbit|basic[_.]?(?:ack|consume|nack|reject|deliver)|delivery[_]?tag|deliveryTag|DeliveryTag/i;

/** Profiles that apply to a file: those whose detect pattern matches (`detected`), else every profile of the
 *  language when the text mentions AMQP (findings are then low-confidence hints), else none. */
export function profileSelection(language: LanguageId, text: string, profiles: readonly Profile[] = PROFILES): { profiles: Profile[]; detected: boolean } {
  const forLang = profiles.filter((p) => p.languages.includes(language));
  const detected = forLang.filter((p) => p.detect.some((r) => r.test(text)));
  if (detected.length) return { profiles: detected, detected: true };
  return { profiles: AMQP_EVIDENCE.test(text) ? forLang : [], detected: false };
}

/** The profiles `profileSelection` picks. */
export function profilesFor(language: LanguageId, text: string, profiles: readonly Profile[] = PROFILES): Profile[] {
  return profileSelection(language, text, profiles).profiles;
}

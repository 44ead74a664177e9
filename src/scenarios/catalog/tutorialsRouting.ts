// RabbitMQ's tutorials 4-7: direct and topic routing, RPC with reply_to, publisher confirms.
import type { Scenario } from '../types';
import { TUT, DOCS, tasks } from './docs';

export const TUTORIALS_ROUTING: readonly Scenario[] = [
  {
    name: 'tutorial-4-routing',
    title: '4. Routing (direct)',
    group: 'tutorial',
    summary: 'A direct exchange routes by exact routing key: one receiver gets only errors, another everything.',
    docUrl: `${TUT}/tutorial-four-javascript`,
    actors: ['emit_log_direct', 'errors-only', 'all-levels'],
    steps: [
      {
        do: 'declareExchange',
        actor: 'emit_log_direct',
        exchange: 'direct_logs',
        type: 'direct',
        title: 'A direct exchange',
        say: 'A direct exchange delivers a message to the queues whose binding key equals its routing key.',
        doc: `${TUT}/tutorial-four-javascript#direct-exchange`,
      },
      {
        do: 'declareQueue',
        actor: 'errors-only',
        queue: 'direct_logs.errors',
        exclusive: true,
        title: 'A queue for errors',
        say: 'This receiver only wants errors (to write them to disk).',
      },
      {
        do: 'bind',
        actor: 'errors-only',
        queue: 'direct_logs.errors',
        exchange: 'direct_logs',
        key: 'error',
        title: 'Bind with key "error"',
        say: 'Binding key "error".',
      },
      { do: 'consume', actor: 'errors-only', queue: 'direct_logs.errors', behaviour: { kind: 'auto' }, title: 'Errors receiver listens', say: 'Auto-ack.' },
      {
        do: 'declareQueue',
        actor: 'all-levels',
        queue: 'direct_logs.all',
        exclusive: true,
        title: 'A queue for everything',
        say: 'This receiver prints every level.',
      },
      {
        do: 'bind',
        actor: 'all-levels',
        queue: 'direct_logs.all',
        exchange: 'direct_logs',
        key: 'info',
        title: 'Bind "info"',
        say: 'One binding per severity: a queue can have several bindings.',
        doc: `${TUT}/tutorial-four-javascript#multiple-bindings`,
      },
      { do: 'bind', actor: 'all-levels', queue: 'direct_logs.all', exchange: 'direct_logs', key: 'warning', title: 'Bind "warning"', say: 'Second binding.' },
      {
        do: 'bind',
        actor: 'all-levels',
        queue: 'direct_logs.all',
        exchange: 'direct_logs',
        key: 'error',
        title: 'Bind "error"',
        say: 'Third binding: "error" now goes to both queues.',
      },
      { do: 'consume', actor: 'all-levels', queue: 'direct_logs.all', behaviour: { kind: 'auto' }, title: 'All-levels receiver listens', say: 'Auto-ack.' },
      {
        do: 'publish',
        actor: 'emit_log_direct',
        exchange: 'direct_logs',
        key: 'info',
        bodies: ['info: user logged in'],
        title: 'Emit an info',
        say: 'Routed only to the all-levels queue.',
      },
      {
        do: 'publish',
        actor: 'emit_log_direct',
        exchange: 'direct_logs',
        key: 'warning',
        bodies: ['warning: slow disk'],
        title: 'Emit a warning',
        say: 'Routed only to the all-levels queue.',
      },
      {
        do: 'publish',
        actor: 'emit_log_direct',
        exchange: 'direct_logs',
        key: 'error',
        bodies: ['error: disk failed'],
        title: 'Emit an error',
        say: 'Both queues have an "error" binding: the message is copied to both.',
      },
    ],
    expect: [
      { type: 'received', actor: 'errors-only', bodies: ['error: disk failed'], why: 'only the error matches its binding' },
      { type: 'received', actor: 'all-levels', bodies: ['info: user logged in', 'warning: slow disk', 'error: disk failed'], why: 'three bindings' },
    ],
    example: `// Tutorial 4 (amqplib): direct exchange, receive only the severities given on the command line.
const amqp = require('amqplib');
(async () => {
  const conn = await amqp.connect(process.env.AMQP_URL ?? 'amqp://localhost');
  const ch = await conn.createChannel();
  await ch.assertExchange('direct_logs', 'direct', { durable: false });
  const q = await ch.assertQueue('', { exclusive: true });
  for (const severity of process.argv.slice(2).length ? process.argv.slice(2) : ['info', 'warning', 'error']) await ch.bindQueue(q.queue, 'direct_logs', severity);
  await ch.consume(q.queue, (msg) => console.log(" [x] %s: '%s'", msg.fields.routingKey, msg.content.toString()), { noAck: true });
  ch.publish('direct_logs', 'error', Buffer.from('error: disk failed'));
})();
`,
  },
  {
    name: 'tutorial-5-topics',
    title: '5. Topics',
    group: 'tutorial',
    summary: 'A topic exchange matches dotted routing keys against patterns with * (one word) and # (zero or more words).',
    docUrl: `${TUT}/tutorial-five-javascript`,
    actors: ['emit_log_topic', 'Q1', 'Q2'],
    steps: [
      {
        do: 'declareExchange',
        actor: 'emit_log_topic',
        exchange: 'topic_logs',
        type: 'topic',
        title: 'A topic exchange',
        say: 'Routing keys are words separated by dots: <speed>.<colour>.<species>.',
        doc: `${TUT}/tutorial-five-javascript#topic-exchange`,
      },
      { do: 'declareQueue', actor: 'Q1', queue: 'topic.Q1', exclusive: true, title: 'Q1', say: 'Q1 is interested in all orange animals.' },
      { do: 'bind', actor: 'Q1', queue: 'topic.Q1', exchange: 'topic_logs', key: '*.orange.*', title: 'Bind *.orange.*', say: '* matches exactly one word.' },
      { do: 'consume', actor: 'Q1', queue: 'topic.Q1', behaviour: { kind: 'auto' }, title: 'Q1 listens', say: 'Auto-ack.' },
      {
        do: 'declareQueue',
        actor: 'Q2',
        queue: 'topic.Q2',
        exclusive: true,
        title: 'Q2',
        say: 'Q2 wants everything about rabbits, and everything about lazy animals.',
      },
      {
        do: 'bind',
        actor: 'Q2',
        queue: 'topic.Q2',
        exchange: 'topic_logs',
        key: '*.*.rabbit',
        title: 'Bind *.*.rabbit',
        say: 'Any speed, any colour, rabbits.',
      },
      { do: 'bind', actor: 'Q2', queue: 'topic.Q2', exchange: 'topic_logs', key: 'lazy.#', title: 'Bind lazy.#', say: '# matches zero or more words.' },
      { do: 'consume', actor: 'Q2', queue: 'topic.Q2', behaviour: { kind: 'auto' }, title: 'Q2 listens', say: 'Auto-ack.' },
      {
        do: 'publish',
        actor: 'emit_log_topic',
        exchange: 'topic_logs',
        key: 'quick.orange.rabbit',
        bodies: ['quick.orange.rabbit'],
        title: 'quick.orange.rabbit',
        say: 'Matches both queues.',
      },
      {
        do: 'publish',
        actor: 'emit_log_topic',
        exchange: 'topic_logs',
        key: 'lazy.orange.elephant',
        bodies: ['lazy.orange.elephant'],
        title: 'lazy.orange.elephant',
        say: 'Matches both queues too.',
      },
      {
        do: 'publish',
        actor: 'emit_log_topic',
        exchange: 'topic_logs',
        key: 'quick.orange.fox',
        bodies: ['quick.orange.fox'],
        title: 'quick.orange.fox',
        say: 'Only Q1.',
      },
      {
        do: 'publish',
        actor: 'emit_log_topic',
        exchange: 'topic_logs',
        key: 'lazy.brown.fox',
        bodies: ['lazy.brown.fox'],
        title: 'lazy.brown.fox',
        say: 'Only Q2.',
      },
      {
        do: 'publish',
        actor: 'emit_log_topic',
        exchange: 'topic_logs',
        key: 'lazy.pink.rabbit',
        bodies: ['lazy.pink.rabbit'],
        title: 'lazy.pink.rabbit',
        say: "Matches both of Q2's bindings but is delivered to Q2 only once.",
      },
      {
        do: 'publish',
        actor: 'emit_log_topic',
        exchange: 'topic_logs',
        key: 'quick.brown.fox',
        bodies: ['quick.brown.fox'],
        title: 'quick.brown.fox',
        say: 'Matches no binding: the message is discarded (unroutable).',
      },
    ],
    expect: [
      { type: 'received', actor: 'Q1', bodies: ['quick.orange.rabbit', 'lazy.orange.elephant', 'quick.orange.fox'], why: '*.orange.*' },
      {
        type: 'received',
        actor: 'Q2',
        bodies: ['quick.orange.rabbit', 'lazy.orange.elephant', 'lazy.brown.fox', 'lazy.pink.rabbit'],
        why: '*.*.rabbit and lazy.#, each message once',
      },
    ],
    example: `// Tutorial 5 (amqplib): topic exchange with * and # patterns.
const amqp = require('amqplib');
(async () => {
  const conn = await amqp.connect(process.env.AMQP_URL ?? 'amqp://localhost');
  const ch = await conn.createChannel();
  await ch.assertExchange('topic_logs', 'topic', { durable: false });
  const q = await ch.assertQueue('', { exclusive: true });
  await ch.bindQueue(q.queue, 'topic_logs', '*.orange.*');
  await ch.consume(q.queue, (msg) => console.log(" [x] %s: '%s'", msg.fields.routingKey, msg.content.toString()), { noAck: true });
  ch.publish('topic_logs', 'quick.orange.rabbit', Buffer.from('Hello'));
})();
`,
  },
  {
    name: 'tutorial-6-rpc',
    title: '6. RPC (reply_to, correlation_id)',
    group: 'tutorial',
    summary: 'A client sends a request with reply_to and correlation_id; the server replies to that queue and acks the request.',
    docUrl: `${TUT}/tutorial-six-javascript`,
    actors: ['rpc_server', 'rpc_client'],
    steps: [
      { do: 'declareQueue', actor: 'rpc_server', queue: 'rpc_queue', title: 'The request queue', say: 'The server waits for requests on "rpc_queue".' },
      {
        do: 'qos',
        actor: 'rpc_server',
        prefetch: 1,
        title: 'One request at a time',
        say: 'prefetch 1 spreads requests evenly if more servers start.',
        doc: `${DOCS}/consumer-prefetch`,
      },
      {
        do: 'consume',
        actor: 'rpc_server',
        queue: 'rpc_queue',
        behaviour: { kind: 'rpc-server', reply: 'fib' },
        title: 'The server consumes',
        say: "For each request it computes fib(n), publishes the answer to the request's reply_to queue with the same correlation_id, then acks the request.",
      },
      {
        do: 'declareQueue',
        actor: 'rpc_client',
        queue: 'rpc.client.replies',
        exclusive: true,
        title: 'A callback queue',
        say: 'The client has its own exclusive queue for replies.',
        doc: `${TUT}/tutorial-six-javascript#callback-queue`,
      },
      {
        do: 'consume',
        actor: 'rpc_client',
        queue: 'rpc.client.replies',
        behaviour: { kind: 'auto' },
        title: 'The client listens for replies',
        say: 'Auto-ack on the reply queue.',
      },
      {
        do: 'publish',
        actor: 'rpc_client',
        key: 'rpc_queue',
        bodies: ['30'],
        props: { replyTo: 'rpc.client.replies', correlationId: 'req-1' },
        title: 'Call fib(30)',
        say: 'The request carries reply_to = the callback queue and a correlation_id, so the client can match the reply to its request.',
        doc: `${TUT}/tutorial-six-javascript#correlation-id`,
      },
    ],
    expect: [
      { type: 'rpcReply', actor: 'rpc_client', correlationId: 'req-1', body: '832040', why: 'fib(30) = 832040, matched by correlation_id' },
      { type: 'ready', queue: 'rpc_queue', count: 0, why: 'the request was consumed' },
      { type: 'unacked', queue: 'rpc_queue', count: 0, why: 'and acknowledged after replying' },
    ],
    example: `// Tutorial 6 (amqplib): an RPC server and a client in one script.
const amqp = require('amqplib');
const { randomUUID } = require('node:crypto');
const fib = (n) => (n < 2 ? n : fib(n - 1) + fib(n - 2));
(async () => {
  const conn = await amqp.connect(process.env.AMQP_URL ?? 'amqp://localhost');
  // Server: one request at a time, reply to reply_to with the same correlation_id, then ack.
  const server = await conn.createChannel();
  await server.assertQueue('rpc_queue', { durable: false });
  await server.prefetch(1);
  await server.consume('rpc_queue', (msg) => {
    const n = parseInt(msg.content.toString(), 10);
    server.sendToQueue(msg.properties.replyTo, Buffer.from(String(fib(n))), { correlationId: msg.properties.correlationId });
    server.ack(msg);
  });
  // Client: an exclusive callback queue and a correlation id per request.
  const client = await conn.createChannel();
  const q = await client.assertQueue('', { exclusive: true });
  const correlationId = randomUUID();
  await client.consume(q.queue, (msg) => {
    if (msg.properties.correlationId === correlationId) { console.log(' [.] Got %s', msg.content.toString()); conn.close(); }
  }, { noAck: true });
  client.sendToQueue('rpc_queue', Buffer.from('30'), { correlationId, replyTo: q.queue });
})();
`,
  },
  {
    name: 'tutorial-6-rpc-direct-reply-to',
    title: '6b. RPC with direct reply-to',
    group: 'tutorial',
    summary: 'The same RPC without a callback queue: the client consumes amq.rabbitmq.reply-to in no-ack mode and the reply goes straight to it.',
    docUrl: `${DOCS}/direct-reply-to`,
    actors: ['rpc_server', 'rpc_client'],
    steps: [
      { do: 'declareQueue', actor: 'rpc_server', queue: 'rpc_queue', title: 'The request queue', say: 'The server waits for requests on "rpc_queue".' },
      {
        do: 'consume',
        actor: 'rpc_server',
        queue: 'rpc_queue',
        behaviour: { kind: 'rpc-server', reply: 'fib' },
        title: 'The server consumes',
        say: 'Unchanged: it replies to whatever reply_to the request carries, then acks the request. It never learns that no queue is behind that name.',
      },
      {
        do: 'consume',
        actor: 'rpc_client',
        queue: 'amq.rabbitmq.reply-to',
        behaviour: { kind: 'auto' },
        title: 'The client consumes the pseudo-queue',
        say: 'amq.rabbitmq.reply-to exists on every vhost and accepts only a no-ack consumer (a manual-ack one gets 406 "reply consumer cannot acknowledge"). No queue is declared.',
        doc: `${DOCS}/direct-reply-to`,
      },
      {
        do: 'publish',
        actor: 'rpc_client',
        key: 'rpc_queue',
        bodies: ['30'],
        props: { replyTo: 'amq.rabbitmq.reply-to', correlationId: 'req-1' },
        title: 'Call fib(30)',
        say: "The request says reply_to = amq.rabbitmq.reply-to, on the same channel as the reply consumer; the broker rewrites it to a generated name tied to that channel. The reply is drawn as one 'reply' step from the default exchange straight to the client: no enqueue, no ack, nothing unacked.",
      },
    ],
    expect: [
      { type: 'rpcReply', actor: 'rpc_client', correlationId: 'req-1', body: '832040', why: 'the reply reached the client without a callback queue' },
      { type: 'unacked', queue: 'rpc_queue', count: 0, why: 'the request was acknowledged after replying' },
    ],
    example: `// Tutorial 6 with direct reply-to (amqplib): no callback queue.
const amqp = require('amqplib');
const fib = (n) => (n < 2 ? n : fib(n - 1) + fib(n - 2));
(async () => {
  const conn = await amqp.connect(process.env.AMQP_URL ?? 'amqp://localhost');
  const server = await conn.createChannel();
  await server.assertQueue('rpc_queue', { durable: false });
  await server.consume('rpc_queue', (msg) => {
    server.sendToQueue(msg.properties.replyTo, Buffer.from(String(fib(Number(msg.content)))), { correlationId: msg.properties.correlationId });
    server.ack(msg);
  });
  const client = await conn.createChannel();
  // no-ack only; the request must go out on this same channel
  await client.consume('amq.rabbitmq.reply-to', (msg) => { console.log(' [.] Got %s', msg.content.toString()); conn.close(); }, { noAck: true });
  client.sendToQueue('rpc_queue', Buffer.from('30'), { correlationId: 'req-1', replyTo: 'amq.rabbitmq.reply-to' });
})();
`,
  },
  {
    name: 'tutorial-7-publisher-confirms',
    title: '7. Publisher confirms',
    group: 'tutorial',
    summary: 'In confirm mode the broker acks each published message; an unroutable mandatory message is returned, then confirmed.',
    docUrl: `${TUT}/tutorial-seven-java`,
    actors: ['publisher'],
    steps: [
      {
        do: 'declareQueue',
        actor: 'publisher',
        queue: 'confirms_queue',
        durable: true,
        title: 'A durable queue',
        say: 'The publisher declares its target queue.',
      },
      {
        do: 'confirmSelect',
        actor: 'publisher',
        title: 'confirm.select',
        say: 'The channel enters confirm mode: from now on the broker numbers published messages 1, 2, 3… and acks each one once it has taken responsibility for it.',
        doc: `${DOCS}/confirms#publisher-confirms`,
      },
      {
        do: 'publish',
        actor: 'publisher',
        key: 'confirms_queue',
        bodies: tasks(5, 'order'),
        props: { persistent: true },
        title: 'Publish 5 messages',
        say: 'Five messages are published; confirms may arrive one by one or coalesced with multiple=true.',
      },
      {
        do: 'waitConfirms',
        actor: 'publisher',
        title: 'Wait for the confirms',
        say: 'All five are confirmed.',
        doc: `${TUT}/tutorial-seven-java#strategy-2-publishing-messages-in-batches`,
      },
      {
        do: 'publish',
        actor: 'publisher',
        key: 'no-such-queue',
        bodies: ['lost order'],
        props: { mandatory: true },
        title: 'An unroutable mandatory message',
        say: 'No queue is bound with that key. Because mandatory is set, the broker returns the message (basic.return) and then confirms it: a confirm only means the broker is done with the message, not that a queue got it.',
        doc: `${DOCS}/confirms#when-publishes-are-confirmed`,
      },
      { do: 'waitConfirms', actor: 'publisher', title: 'Wait again', say: 'Six confirms in all, and one return.' },
    ],
    expect: [
      { type: 'confirmed', actor: 'publisher', acks: 6, why: 'every publish is confirmed, the unroutable one too' },
      { type: 'returned', actor: 'publisher', count: 1, why: 'the mandatory unroutable message comes back' },
      { type: 'ready', queue: 'confirms_queue', count: 5, why: 'the five routed messages wait in the queue' },
    ],
    example: `// Tutorial 7 (amqplib): publisher confirms on a confirm channel.
const amqp = require('amqplib');
(async () => {
  const conn = await amqp.connect(process.env.AMQP_URL ?? 'amqp://localhost');
  const ch = await conn.createConfirmChannel();
  await ch.assertQueue('confirms_queue', { durable: true });
  for (let i = 1; i <= 5; i++) ch.sendToQueue('confirms_queue', Buffer.from(\`order \${i}\`), { persistent: true });
  await ch.waitForConfirms();
  console.log('all 5 messages confirmed');
  await conn.close();
})();
`,
  },
];

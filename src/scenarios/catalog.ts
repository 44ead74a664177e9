// The scenarios: RabbitMQ's tutorials 1-7 and the acknowledgement pitfalls, as data.
// Narration says what happened and why, in plain words, with the RabbitMQ doc section.
import type { Scenario } from './types';

const TUT = 'https://www.rabbitmq.com/tutorials';
const DOCS = 'https://www.rabbitmq.com/docs';
const ACKS = `${DOCS}/confirms#consumer-acknowledgements`;

const tasks = (n: number, prefix = 'task'): string[] => Array.from({ length: n }, (_, i) => `${prefix} ${i + 1}`);

export const SCENARIOS: readonly Scenario[] = [
  // ------------------------------------------------------------------ tutorials
  {
    name: 'tutorial-1-hello-world',
    title: '1. Hello World',
    group: 'tutorial',
    summary: 'One producer sends "Hello World!" to a queue; one consumer receives it.',
    docUrl: `${TUT}/tutorial-one-javascript`,
    actors: ['send', 'receive'],
    steps: [
      {
        do: 'declareQueue',
        actor: 'send',
        queue: 'hello',
        title: 'Declare the queue',
        say: 'The sender declares the queue "hello". Declaring is idempotent: it is created only if it does not exist yet.',
        doc: `${TUT}/tutorial-one-javascript`,
      },
      {
        do: 'declareQueue',
        actor: 'receive',
        queue: 'hello',
        title: 'The receiver declares it too',
        say: 'The receiver declares the same queue, because it may start before the sender. Nothing changes: the queue already exists.',
      },
      {
        do: 'consume',
        actor: 'receive',
        queue: 'hello',
        behaviour: { kind: 'auto' },
        title: 'Start consuming (auto-ack)',
        say: 'The receiver subscribes with noAck: true, as the tutorial does. The broker will consider each message acknowledged as soon as it is sent.',
        doc: `${DOCS}/confirms#acknowledgement-modes`,
      },
      {
        do: 'publish',
        actor: 'send',
        key: 'hello',
        bodies: ['Hello World!'],
        title: 'Send "Hello World!"',
        say: 'The sender publishes to the default exchange with routing key "hello"; the default exchange routes it to the queue of that name, which delivers it to the consumer right away.',
      },
    ],
    expect: [
      { type: 'received', actor: 'receive', bodies: ['Hello World!'], why: 'the consumer gets the message' },
      { type: 'ready', queue: 'hello', count: 0, why: 'nothing is left in the queue' },
      { type: 'unacked', queue: 'hello', count: 0, why: 'auto-ack deliveries are never unacked' },
    ],
    example: `// Tutorial 1 (amqplib): run with AMQP_URL set to the playground's URL.
const amqp = require('amqplib');
(async () => {
  const conn = await amqp.connect(process.env.AMQP_URL ?? 'amqp://localhost');
  const ch = await conn.createChannel();
  await ch.assertQueue('hello', { durable: false });
  await ch.consume('hello', (msg) => console.log(' [x] Received %s', msg.content.toString()), { noAck: true });
  ch.sendToQueue('hello', Buffer.from('Hello World!'));
  setTimeout(() => conn.close(), 500);
})();
`,
  },
  {
    name: 'tutorial-2-work-queues',
    title: '2. Work queues: round-robin and acks',
    group: 'tutorial',
    summary: 'Two workers share a durable task queue; tasks are dispatched round-robin and acknowledged when done.',
    docUrl: `${TUT}/tutorial-two-javascript`,
    actors: ['new_task', 'worker-A', 'worker-B'],
    steps: [
      {
        do: 'declareQueue',
        actor: 'new_task',
        queue: 'task_queue',
        durable: true,
        title: 'A durable task queue',
        say: 'durable: true makes the queue survive a broker restart. Together with persistent messages this is the tutorial\'s "message durability".',
        doc: `${TUT}/tutorial-two-javascript#message-durability`,
      },
      {
        do: 'consume',
        actor: 'worker-A',
        queue: 'task_queue',
        behaviour: { kind: 'ack' },
        title: 'Worker A starts',
        say: 'Worker A consumes with manual acknowledgements: it acks each task after doing the work.',
        doc: ACKS,
      },
      {
        do: 'consume',
        actor: 'worker-B',
        queue: 'task_queue',
        behaviour: { kind: 'ack' },
        title: 'Worker B starts',
        say: 'Worker B consumes from the same queue. The two workers now share the tasks.',
      },
      {
        do: 'publish',
        actor: 'new_task',
        key: 'task_queue',
        bodies: tasks(4),
        props: { persistent: true },
        title: 'Four persistent tasks',
        say: 'Each task goes to the next worker in turn (round-robin): A gets tasks 1 and 3, B gets 2 and 4. Each ack removes the task from the queue for good.',
        doc: `${TUT}/tutorial-two-javascript#round-robin-dispatching`,
      },
    ],
    expect: [
      { type: 'received', actor: 'worker-A', bodies: ['task 1', 'task 3'], why: 'round-robin: odd tasks to A' },
      { type: 'received', actor: 'worker-B', bodies: ['task 2', 'task 4'], why: 'round-robin: even tasks to B' },
      { type: 'ready', queue: 'task_queue', count: 0, why: 'every task was delivered' },
      { type: 'unacked', queue: 'task_queue', count: 0, why: 'every task was acknowledged' },
    ],
    example: `// Tutorial 2 worker (amqplib): manual acks, prefetch 1.
const amqp = require('amqplib');
(async () => {
  const conn = await amqp.connect(process.env.AMQP_URL ?? 'amqp://localhost');
  const ch = await conn.createChannel();
  await ch.assertQueue('task_queue', { durable: true });
  await ch.prefetch(1);
  await ch.consume('task_queue', (msg) => {
    const secs = msg.content.toString().split('.').length - 1;
    console.log(' [x] Received %s', msg.content.toString());
    setTimeout(() => { console.log(' [x] Done'); ch.ack(msg); }, secs * 1000);
  }, { noAck: false });
  ch.sendToQueue('task_queue', Buffer.from('Hello...'), { persistent: true });
})();
`,
  },
  {
    name: 'tutorial-2-fair-dispatch',
    title: '2. Work queues: fair dispatch (prefetch 1)',
    group: 'tutorial',
    summary: 'With prefetch 1 a busy worker gets no new task until it acks the one it has.',
    docUrl: `${TUT}/tutorial-two-javascript#fair-dispatch`,
    actors: ['new_task', 'worker-A', 'worker-B'],
    steps: [
      { do: 'declareQueue', actor: 'new_task', queue: 'task_queue', durable: true, title: 'The task queue', say: 'Same durable queue as before.' },
      {
        do: 'qos',
        actor: 'worker-A',
        prefetch: 1,
        title: 'Worker A: prefetch 1',
        say: "basic.qos(1): at most one unacknowledged task at a time for A's consumer.",
        doc: `${DOCS}/consumer-prefetch`,
      },
      {
        do: 'consume',
        actor: 'worker-A',
        queue: 'task_queue',
        behaviour: { kind: 'hold' },
        title: 'Worker A starts (slow)',
        say: 'Worker A is slow: it holds each task until it finishes the work.',
      },
      { do: 'qos', actor: 'worker-B', prefetch: 1, title: 'Worker B: prefetch 1', say: 'Worker B also takes one task at a time.' },
      {
        do: 'consume',
        actor: 'worker-B',
        queue: 'task_queue',
        behaviour: { kind: 'hold' },
        title: 'Worker B starts',
        say: 'Both workers are now waiting for tasks.',
      },
      {
        do: 'publish',
        actor: 'new_task',
        key: 'task_queue',
        bodies: tasks(4),
        props: { persistent: true },
        title: 'Four tasks arrive',
        say: 'A gets task 1 and B gets task 2. Both prefetch windows are full, so tasks 3 and 4 stay ready in the queue instead of piling up on a busy worker.',
        doc: `${TUT}/tutorial-two-javascript#fair-dispatch`,
      },
      {
        do: 'work',
        actor: 'worker-B',
        title: 'Worker B finishes first',
        say: 'B acks task 2. Its window has a free slot again, so the broker sends it the next ready task, task 3, even though it is "A\'s turn".',
      },
      { do: 'work', actor: 'worker-A', title: 'Worker A finishes', say: 'A acks task 1 and receives task 4.' },
      { do: 'work', actor: 'worker-A', title: 'Worker A finishes task 4', say: 'A acks task 4.' },
      { do: 'work', actor: 'worker-B', title: 'Worker B finishes task 3', say: 'B acks task 3. The queue is empty and nothing is unacked.' },
    ],
    expect: [
      { type: 'ready', queue: 'task_queue', count: 2, after: 5, why: 'tasks 3 and 4 wait while both windows are full' },
      { type: 'unacked', queue: 'task_queue', count: 2, after: 5, why: 'one task per worker' },
      { type: 'received', actor: 'worker-A', bodies: ['task 1', 'task 4'], why: 'A gets the next task only when it is free' },
      { type: 'received', actor: 'worker-B', bodies: ['task 2', 'task 3'], why: 'B, free first, gets task 3' },
      { type: 'ready', queue: 'task_queue', count: 0, why: 'all done' },
      { type: 'unacked', queue: 'task_queue', count: 0, why: 'all acked' },
    ],
  },
  {
    name: 'tutorial-3-publish-subscribe',
    title: '3. Publish/Subscribe (fanout)',
    group: 'tutorial',
    summary: 'A fanout exchange copies every log message to every bound queue.',
    docUrl: `${TUT}/tutorial-three-javascript`,
    actors: ['emit_log', 'receive-1', 'receive-2'],
    steps: [
      {
        do: 'declareExchange',
        actor: 'emit_log',
        exchange: 'logs',
        type: 'fanout',
        title: 'A fanout exchange',
        say: 'A fanout exchange ignores the routing key and copies each message to every queue bound to it.',
        doc: `${TUT}/tutorial-three-javascript#exchanges`,
      },
      {
        do: 'declareQueue',
        actor: 'receive-1',
        queue: 'logs.receive-1',
        exclusive: true,
        title: "Receiver 1's own queue",
        say: 'Each receiver has its own exclusive queue (the tutorial lets the server name it; here it has a readable name).',
      },
      {
        do: 'bind',
        actor: 'receive-1',
        queue: 'logs.receive-1',
        exchange: 'logs',
        key: '',
        title: 'Bind it to "logs"',
        say: 'The binding tells the exchange to copy messages into this queue.',
        doc: `${TUT}/tutorial-three-javascript#bindings`,
      },
      {
        do: 'consume',
        actor: 'receive-1',
        queue: 'logs.receive-1',
        behaviour: { kind: 'auto' },
        title: 'Receiver 1 listens',
        say: 'Auto-ack, as in the tutorial.',
      },
      {
        do: 'declareQueue',
        actor: 'receive-2',
        queue: 'logs.receive-2',
        exclusive: true,
        title: "Receiver 2's own queue",
        say: 'A second, independent queue.',
      },
      {
        do: 'bind',
        actor: 'receive-2',
        queue: 'logs.receive-2',
        exchange: 'logs',
        key: '',
        title: 'Bind it too',
        say: 'Now two queues are bound to the exchange.',
      },
      { do: 'consume', actor: 'receive-2', queue: 'logs.receive-2', behaviour: { kind: 'auto' }, title: 'Receiver 2 listens', say: 'Both receivers wait.' },
      {
        do: 'publish',
        actor: 'emit_log',
        exchange: 'logs',
        key: '',
        bodies: ['info: Hello World!', 'warning: disk 90% full'],
        title: 'Emit two log lines',
        say: 'Each message is routed to both queues: two copies, one per receiver. Each copy is delivered and acknowledged on its own.',
      },
    ],
    expect: [
      { type: 'received', actor: 'receive-1', bodies: ['info: Hello World!', 'warning: disk 90% full'], why: 'every bound queue gets a copy' },
      { type: 'received', actor: 'receive-2', bodies: ['info: Hello World!', 'warning: disk 90% full'], why: 'every bound queue gets a copy' },
    ],
    example: `// Tutorial 3 (amqplib): fanout.
const amqp = require('amqplib');
(async () => {
  const conn = await amqp.connect(process.env.AMQP_URL ?? 'amqp://localhost');
  const ch = await conn.createChannel();
  await ch.assertExchange('logs', 'fanout', { durable: false });
  const q = await ch.assertQueue('', { exclusive: true });
  await ch.bindQueue(q.queue, 'logs', '');
  await ch.consume(q.queue, (msg) => console.log(' [x] %s', msg.content.toString()), { noAck: true });
  ch.publish('logs', '', Buffer.from('info: Hello World!'));
})();
`,
  },
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
  // ------------------------------------------------------------------ pitfalls
  {
    name: 'pitfall-worker-dies',
    title: 'Worker dies mid-task',
    group: 'pitfall',
    summary: 'A worker crashes before acking; its task is redelivered to the other worker with redelivered=true.',
    docUrl: `${DOCS}/confirms#automatic-requeueing`,
    actors: ['producer', 'worker-A', 'worker-B'],
    steps: [
      { do: 'declareQueue', actor: 'producer', queue: 'task_queue', durable: true, title: 'The task queue', say: 'A durable work queue.' },
      { do: 'qos', actor: 'worker-A', prefetch: 1, title: 'Worker A: prefetch 1', say: 'One task at a time.' },
      {
        do: 'consume',
        actor: 'worker-A',
        queue: 'task_queue',
        behaviour: { kind: 'hold' },
        title: 'Worker A starts',
        say: 'Worker A will take a long time on its task.',
      },
      { do: 'qos', actor: 'worker-B', prefetch: 1, title: 'Worker B: prefetch 1', say: 'One task at a time.' },
      {
        do: 'consume',
        actor: 'worker-B',
        queue: 'task_queue',
        behaviour: { kind: 'ack' },
        title: 'Worker B starts',
        say: 'Worker B acks as soon as it is done.',
      },
      {
        do: 'publish',
        actor: 'producer',
        key: 'task_queue',
        bodies: ['task 1', 'task 2'],
        props: { persistent: true },
        title: 'Two tasks',
        say: "A gets task 1 (and starts working on it); B gets task 2 and acks it. Task 1 is unacked on A's channel.",
      },
      {
        do: 'crash',
        actor: 'worker-A',
        title: 'Worker A dies',
        say: "A's process is killed: its TCP connection drops without an ack. The broker requeues every unacked delivery of that channel, marked redelivered, back at its original position…",
        doc: `${DOCS}/confirms#automatic-requeueing`,
      },
    ],
    expect: [
      { type: 'unacked', queue: 'task_queue', count: 1, after: 5, why: 'task 1 is unacked on A' },
      { type: 'received', actor: 'worker-B', bodies: ['task 2', 'task 1'], why: 'B gets task 1 after A died' },
      {
        type: 'delivery',
        actor: 'worker-B',
        nth: 1,
        body: 'task 1',
        redelivered: true,
        why: '…and it is marked redelivered, so B knows it may have been partly processed',
      },
      { type: 'ready', queue: 'task_queue', count: 0, why: 'nothing lost' },
      { type: 'unacked', queue: 'task_queue', count: 0, why: 'B acked it' },
    ],
  },
  {
    name: 'pitfall-forgotten-ack',
    title: 'Forgotten ack',
    group: 'pitfall',
    summary: 'A consumer that never acks: unacked grows, and everything is redelivered when the client quits.',
    docUrl: `${TUT}/tutorial-two-javascript#forgotten-acknowledgment`,
    actors: ['producer', 'buggy-worker', 'fixed-worker'],
    steps: [
      { do: 'declareQueue', actor: 'producer', queue: 'task_queue', durable: true, title: 'The task queue', say: 'A durable work queue.' },
      {
        do: 'consume',
        actor: 'buggy-worker',
        queue: 'task_queue',
        behaviour: { kind: 'forget' },
        title: 'A worker that forgets to ack',
        say: 'Manual ack mode, but the code never calls ack. With no prefetch limit the broker keeps sending.',
        doc: `${TUT}/tutorial-two-javascript#forgotten-acknowledgment`,
      },
      {
        do: 'publish',
        actor: 'producer',
        key: 'task_queue',
        bodies: tasks(3),
        title: 'Three tasks',
        say: 'All three are delivered and stay unacked: the work is done but the broker cannot know.',
      },
      {
        do: 'publish',
        actor: 'producer',
        key: 'task_queue',
        bodies: ['task 4', 'task 5'],
        title: 'Two more',
        say: 'Unacked keeps growing. In production this eats broker memory (`rabbitmqctl list_queues name messages_ready messages_unacknowledged` shows it).',
      },
      {
        do: 'close',
        actor: 'buggy-worker',
        title: 'The worker quits',
        say: 'When its channel closes, all five unacked tasks are requeued, in their original order, marked redelivered.',
      },
      {
        do: 'consume',
        actor: 'fixed-worker',
        queue: 'task_queue',
        behaviour: { kind: 'ack' },
        title: 'A fixed worker',
        say: 'A worker that acks gets all five again — each redelivered — and processes them a second time.',
      },
    ],
    expect: [
      { type: 'unacked', queue: 'task_queue', count: 5, after: 3, why: 'unacked grows with every delivery' },
      { type: 'ready', queue: 'task_queue', count: 0, after: 3, why: 'nothing is ready: everything sits on the buggy consumer' },
      { type: 'ready', queue: 'task_queue', count: 5, after: 4, why: 'all requeued when the client quits' },
      { type: 'received', actor: 'fixed-worker', bodies: tasks(5), redelivered: true, why: 'everything is redelivered' },
      { type: 'unacked', queue: 'task_queue', count: 0, why: 'the fixed worker acked them' },
    ],
  },
  {
    name: 'pitfall-multiple-ack',
    title: 'Multiple ack',
    group: 'pitfall',
    summary: 'ack(5, multiple=false) settles only tag 5; ack(4, multiple=true) settles every outstanding tag up to 4.',
    docUrl: `${DOCS}/confirms#consumer-acks-multiple-deliveries`,
    actors: ['producer', 'worker'],
    steps: [
      { do: 'declareQueue', actor: 'producer', queue: 'batch_queue', title: 'A queue', say: 'A plain queue.' },
      {
        do: 'consume',
        actor: 'worker',
        queue: 'batch_queue',
        behaviour: { kind: 'hold' },
        title: 'A batching worker',
        say: 'The worker keeps deliveries unacked to ack them in bulk.',
      },
      {
        do: 'publish',
        actor: 'producer',
        key: 'batch_queue',
        bodies: tasks(5, 'item'),
        title: 'Five items',
        say: 'They arrive with delivery tags 1 to 5 (tags are per channel and start at 1).',
        doc: `${DOCS}/confirms#consumer-acks-delivery-tags`,
      },
      { do: 'ack', actor: 'worker', tag: 1, title: 'ack(1)', say: 'Tag 1 is settled. Outstanding: 2, 3, 4, 5.' },
      {
        do: 'ack',
        actor: 'worker',
        tag: 5,
        multiple: false,
        title: 'ack(5, multiple=false)',
        say: 'Only tag 5 is settled. Tags 2, 3, 4 are still outstanding.',
      },
      {
        do: 'ack',
        actor: 'worker',
        tag: 4,
        multiple: true,
        title: 'ack(4, multiple=true)',
        say: 'multiple=true settles every outstanding tag up to and including 4 on this channel: 2, 3 and 4 at once.',
        doc: `${DOCS}/confirms#consumer-acks-multiple-deliveries`,
      },
    ],
    expect: [
      { type: 'unacked', queue: 'batch_queue', count: 4, after: 3, why: 'ack(1) settles one' },
      { type: 'unacked', queue: 'batch_queue', count: 3, after: 4, why: 'multiple=false leaves 2, 3, 4' },
      { type: 'unacked', queue: 'batch_queue', count: 0, after: 5, why: 'multiple=true settles 2, 3, 4' },
      { type: 'noChannelError', actor: 'worker', why: 'every tag was valid' },
      { type: 'ready', queue: 'batch_queue', count: 0, why: 'nothing went back to the queue' },
    ],
  },
  {
    name: 'pitfall-nack-requeue-order',
    title: 'nack requeue: classic position vs quorum return order',
    group: 'pitfall',
    summary: 'A requeued message goes back to its original position in a classic queue, but to the back of a returns list in a quorum queue.',
    docUrl: `${DOCS}/confirms#consumer-nacks-requeue`,
    actors: ['producer', 'classic-client', 'quorum-client'],
    steps: [
      { do: 'declareQueue', actor: 'producer', queue: 'orders.classic', title: 'A classic queue', say: 'Classic queue.' },
      {
        do: 'declareQueue',
        actor: 'producer',
        queue: 'orders.quorum',
        durable: true,
        arguments: { 'x-queue-type': 'quorum' },
        title: 'A quorum queue',
        say: 'Quorum queue (durable, replicated; a delivery limit applies).',
        doc: `${DOCS}/quorum-queues`,
      },
      {
        do: 'publish',
        actor: 'producer',
        key: 'orders.classic',
        bodies: ['A', 'B', 'C', 'D', 'E'],
        title: 'A..E to the classic queue',
        say: 'Five messages in order: A, B, C, D, E.',
      },
      { do: 'publish', actor: 'producer', key: 'orders.quorum', bodies: ['A', 'B', 'C', 'D', 'E'], title: 'A..E to the quorum queue', say: 'The same five.' },
      { do: 'get', actor: 'classic-client', queue: 'orders.classic', title: 'Classic: get A', say: 'basic.get with manual ack: tag 1.' },
      { do: 'get', actor: 'classic-client', queue: 'orders.classic', title: 'Classic: get B', say: 'Tag 2.' },
      { do: 'get', actor: 'classic-client', queue: 'orders.classic', title: 'Classic: get C', say: 'Tag 3.' },
      { do: 'nack', actor: 'classic-client', tag: 3, requeue: true, title: 'Classic: nack C', say: 'C goes back…' },
      {
        do: 'nack',
        actor: 'classic-client',
        tag: 1,
        requeue: true,
        title: 'Classic: nack A',
        say: '…then A. In a classic queue each returns to its original position: the queue reads A, C, D, E.',
        doc: `${DOCS}/confirms#consumer-nacks-requeue`,
      },
      { do: 'get', actor: 'classic-client', queue: 'orders.classic', title: 'Classic: next is A', say: 'A comes first again, redelivered.' },
      { do: 'get', actor: 'classic-client', queue: 'orders.classic', title: 'Classic: then C', say: 'Then C, redelivered.' },
      { do: 'get', actor: 'quorum-client', queue: 'orders.quorum', title: 'Quorum: get A', say: 'Tag 1.' },
      { do: 'get', actor: 'quorum-client', queue: 'orders.quorum', title: 'Quorum: get B', say: 'Tag 2.' },
      { do: 'get', actor: 'quorum-client', queue: 'orders.quorum', title: 'Quorum: get C', say: 'Tag 3.' },
      { do: 'nack', actor: 'quorum-client', tag: 3, requeue: true, title: 'Quorum: nack C', say: 'C is returned first…' },
      {
        do: 'nack',
        actor: 'quorum-client',
        tag: 1,
        requeue: true,
        title: 'Quorum: nack A',
        say: '…then A. A quorum queue (RabbitMQ 4.x) serves returned messages before the others, in the order they were returned: C, then A. (Before 4.0 it put them at the back of the queue.)',
        doc: `${DOCS}/quorum-queues#repeated-requeues`,
      },
      { do: 'get', actor: 'quorum-client', queue: 'orders.quorum', title: 'Quorum: next is C', say: 'C first…' },
      {
        do: 'get',
        actor: 'quorum-client',
        queue: 'orders.quorum',
        title: 'Quorum: then A',
        say: '…then A. Same nacks, different order: code must not rely on requeue order.',
      },
    ],
    expect: [
      { type: 'delivery', actor: 'classic-client', nth: 3, body: 'A', redelivered: true, why: 'classic: A back at the head' },
      { type: 'delivery', actor: 'classic-client', nth: 4, body: 'C', redelivered: true, why: 'classic: then C, by original position' },
      { type: 'delivery', actor: 'quorum-client', nth: 3, body: 'C', redelivered: true, sinceRabbit: '4.0', why: 'quorum: returned first' },
      { type: 'delivery', actor: 'quorum-client', nth: 4, body: 'A', redelivered: true, sinceRabbit: '4.0', why: 'quorum: in return order' },
    ],
  },
  {
    name: 'pitfall-double-ack',
    title: 'Double ack closes the channel',
    group: 'pitfall',
    summary: 'Acking the same tag twice is a 406 channel error; the channel closes and all its other unacked messages are requeued.',
    docUrl: `${DOCS}/confirms#consumer-acks-double-acking`,
    actors: ['producer', 'worker'],
    steps: [
      { do: 'declareQueue', actor: 'producer', queue: 'task_queue', durable: true, title: 'The task queue', say: 'A durable work queue.' },
      { do: 'consume', actor: 'worker', queue: 'task_queue', behaviour: { kind: 'hold' }, title: 'A worker', say: 'It holds its deliveries while working.' },
      { do: 'publish', actor: 'producer', key: 'task_queue', bodies: tasks(3), title: 'Three tasks', say: "Tags 1, 2, 3 are unacked on the worker's channel." },
      { do: 'ack', actor: 'worker', tag: 1, title: 'ack(1)', say: 'Task 1 is done.' },
      {
        do: 'ack',
        actor: 'worker',
        tag: 1,
        title: 'ack(1) again: a bug',
        say: 'Tag 1 is already settled. The broker answers with channel error 406 PRECONDITION_FAILED - unknown delivery tag 1 and closes the channel. Closing the channel requeues tasks 2 and 3, even though the worker may be halfway through them.',
        doc: `${DOCS}/channels#error-handling`,
      },
    ],
    expect: [
      { type: 'channelError', actor: 'worker', code: 406, text: 'unknown delivery tag 1', why: 'double ack is a channel error' },
      { type: 'ready', queue: 'task_queue', count: 2, why: 'tasks 2 and 3 are back in the queue' },
      { type: 'unacked', queue: 'task_queue', count: 0, why: 'the closed channel holds nothing' },
    ],
  },
  {
    name: 'pitfall-poison-message',
    title: 'Poison message and x-delivery-limit',
    group: 'pitfall',
    summary: "A message that always fails is nacked with requeue forever; a quorum queue's delivery limit dead-letters it with x-death.",
    docUrl: `${DOCS}/quorum-queues#poison-message-handling`,
    actors: ['producer', 'worker', 'inspector'],
    steps: [
      {
        do: 'declareExchange',
        actor: 'producer',
        exchange: 'jobs.dlx',
        type: 'fanout',
        title: 'A dead-letter exchange',
        say: 'Messages that die in "jobs" will be republished here.',
        doc: `${DOCS}/dlx`,
      },
      { do: 'declareQueue', actor: 'producer', queue: 'jobs.dead', title: 'A queue for dead letters', say: 'Bound to the dead-letter exchange.' },
      { do: 'bind', actor: 'producer', queue: 'jobs.dead', exchange: 'jobs.dlx', key: '', title: 'Bind it', say: 'Fanout binding.' },
      {
        do: 'declareQueue',
        actor: 'producer',
        queue: 'jobs',
        durable: true,
        arguments: { 'x-queue-type': 'quorum', 'x-delivery-limit': 2, 'x-dead-letter-exchange': 'jobs.dlx' },
        title: 'A quorum queue with x-delivery-limit 2',
        say: 'After 2 returns the next failure dead-letters the message: at most 3 deliveries.',
        doc: `${DOCS}/quorum-queues#poison-message-handling`,
      },
      {
        do: 'consume',
        actor: 'worker',
        queue: 'jobs',
        behaviour: { kind: 'nack-requeue' },
        title: 'A worker that always fails',
        say: 'Its handler throws on this message and nacks with requeue=true: without a limit it would loop forever.',
      },
      {
        do: 'publish',
        actor: 'producer',
        key: 'jobs',
        bodies: ['poison'],
        title: 'Publish the poison message',
        say: 'Delivered, nacked, requeued (x-delivery-count 1); delivered again, nacked (count 2); delivered a third time and nacked: the count exceeds the limit, so it is dead-lettered with reason delivery_limit instead of requeued.',
      },
      {
        do: 'get',
        actor: 'inspector',
        queue: 'jobs.dead',
        noAck: true,
        title: 'Look at the dead letter',
        say: 'The message now carries an x-death header: reason delivery_limit, queue jobs, count 1.',
        doc: `${DOCS}/dlx#effects`,
      },
    ],
    expect: [
      { type: 'received', actor: 'worker', bodies: ['poison', 'poison', 'poison'], why: 'limit 2 ⇒ 3 deliveries' },
      {
        type: 'delivery',
        actor: 'worker',
        nth: 1,
        redelivered: true,
        header: { name: 'x-delivery-count', includes: '1' },
        why: 'the second delivery is redelivered with x-delivery-count 1',
      },
      {
        type: 'delivery',
        actor: 'inspector',
        nth: 0,
        body: 'poison',
        header: { name: 'x-death', includes: 'delivery_limit' },
        why: 'dead-lettered with reason delivery_limit',
      },
      { type: 'ready', queue: 'jobs', count: 0, why: 'the poison message left the queue' },
    ],
  },
  {
    name: 'pitfall-consumer-timeout',
    title: 'Consumer timeout after 30 minutes',
    group: 'pitfall',
    summary: 'A delivery left unacked for 30 minutes makes the broker close the channel (406) and requeue it.',
    docUrl: `${DOCS}/consumers#acknowledgement-timeout`,
    actors: ['producer', 'worker'],
    steps: [
      { do: 'declareQueue', actor: 'producer', queue: 'task_queue', durable: true, title: 'The task queue', say: 'A durable work queue.' },
      { do: 'qos', actor: 'worker', prefetch: 1, title: 'prefetch 1', say: 'One task at a time.' },
      {
        do: 'consume',
        actor: 'worker',
        queue: 'task_queue',
        behaviour: { kind: 'forget' },
        title: 'A stuck worker',
        say: 'The worker gets stuck (or forgot to ack).',
      },
      { do: 'publish', actor: 'producer', key: 'task_queue', bodies: ['long job'], title: 'One job', say: 'Delivered to the worker, unacked.' },
      {
        do: 'clock',
        ms: 31 * 60_000,
        title: 'Fast-forward 31 minutes',
        say: "The broker checks each channel's oldest unacked delivery periodically. Past the 30-minute default consumer timeout it closes the channel with 406 PRECONDITION_FAILED - delivery acknowledgement on channel 1 timed out, and the job is requeued.",
        doc: `${DOCS}/consumers#acknowledgement-timeout`,
      },
    ],
    expect: [
      { type: 'channelError', actor: 'worker', code: 406, text: 'timed out', where: 'playground', why: 'the consumer timeout closes the channel' },
      { type: 'ready', queue: 'task_queue', count: 1, where: 'playground', why: 'the job is back in the queue' },
    ],
  },
  {
    name: 'pitfall-cancel-leaves-unacked',
    title: 'basic.cancel leaves unacked outstanding',
    group: 'pitfall',
    summary: 'Cancelling a consumer stops new deliveries but its unacked messages stay outstanding and can still be acked.',
    docUrl: `${DOCS}/consumers#unsubscribing`,
    actors: ['producer', 'worker'],
    steps: [
      { do: 'declareQueue', actor: 'producer', queue: 'task_queue', durable: true, title: 'The task queue', say: 'A durable work queue.' },
      {
        do: 'consume',
        actor: 'worker',
        queue: 'task_queue',
        consumerTag: 'worker-1',
        behaviour: { kind: 'hold' },
        title: 'A worker',
        say: 'Consumer tag "worker-1".',
      },
      { do: 'publish', actor: 'producer', key: 'task_queue', bodies: ['task 1', 'task 2'], title: 'Two tasks', say: 'Both are unacked on the worker.' },
      {
        do: 'cancel',
        actor: 'worker',
        consumerTag: 'worker-1',
        title: 'basic.cancel',
        say: 'The consumer is cancelled (for example during a graceful shutdown). Its two deliveries are neither requeued nor dropped: they stay unacked on the channel.',
        doc: `${DOCS}/consumers#unsubscribing`,
      },
      { do: 'publish', actor: 'producer', key: 'task_queue', bodies: ['task 3'], title: 'A new task', say: 'With no consumer it stays ready.' },
      {
        do: 'work',
        actor: 'worker',
        title: 'Finish the in-flight work',
        say: 'The worker can (and should) still ack the two tasks it has: the channel is open and the tags are valid.',
      },
    ],
    expect: [
      { type: 'unacked', queue: 'task_queue', count: 2, after: 3, why: 'cancel does not requeue' },
      { type: 'ready', queue: 'task_queue', count: 0, after: 3, why: 'nothing went back' },
      { type: 'noChannelError', actor: 'worker', why: 'acking after cancel is fine' },
      { type: 'ready', queue: 'task_queue', count: 1, why: 'task 3 waits' },
      { type: 'unacked', queue: 'task_queue', count: 0, why: 'both acked' },
    ],
  },
  {
    name: 'pitfall-auto-ack-loss',
    title: 'Auto-ack loses messages when the consumer dies',
    group: 'pitfall',
    summary: 'With auto-ack a message counts as acked when sent; if the worker dies mid-task it is gone.',
    docUrl: `${DOCS}/confirms#acknowledgement-modes`,
    actors: ['producer', 'auto-worker', 'next-worker'],
    steps: [
      { do: 'declareQueue', actor: 'producer', queue: 'task_queue', durable: true, title: 'The task queue', say: 'A durable work queue.' },
      {
        do: 'consume',
        actor: 'auto-worker',
        queue: 'task_queue',
        behaviour: { kind: 'auto' },
        title: 'An auto-ack worker',
        say: 'noAck: true — "fire and forget". The broker forgets each message the moment it writes it to the socket.',
        doc: `${DOCS}/confirms#acknowledgement-modes`,
      },
      {
        do: 'publish',
        actor: 'producer',
        key: 'task_queue',
        bodies: tasks(3),
        title: 'Three tasks',
        say: 'All three are sent to the worker at once (auto-ack has no prefetch limit) and leave the queue immediately: ready 0, unacked 0.',
      },
      {
        do: 'crash',
        actor: 'auto-worker',
        title: 'The worker dies',
        say: 'The worker crashes before finishing. Nothing is requeued: there is nothing unacked to requeue.',
      },
      {
        do: 'consume',
        actor: 'next-worker',
        queue: 'task_queue',
        behaviour: { kind: 'ack' },
        title: 'A new worker starts',
        say: 'It receives nothing. The three tasks are lost — use manual acks for work that matters.',
      },
    ],
    expect: [
      { type: 'unacked', queue: 'task_queue', count: 0, after: 2, why: 'auto-ack deliveries are never unacked' },
      { type: 'received', actor: 'next-worker', bodies: [], why: 'the tasks are gone' },
      { type: 'ready', queue: 'task_queue', count: 0, why: 'nothing was requeued' },
    ],
  },
  {
    name: 'pitfall-prefetch-starvation',
    title: 'Prefetch starvation of a fast worker',
    group: 'pitfall',
    summary: 'Without a prefetch limit a slow worker hoards messages while a fast one sits idle; prefetch 1 fixes it.',
    docUrl: `${DOCS}/consumer-prefetch`,
    actors: ['producer', 'slow', 'fast', 'slow-p1', 'fast-p1'],
    steps: [
      {
        do: 'declareQueue',
        actor: 'producer',
        queue: 'jobs.unlimited',
        title: 'Queue without prefetch',
        say: 'Workers on this queue set no prefetch (unlimited).',
      },
      {
        do: 'consume',
        actor: 'slow',
        queue: 'jobs.unlimited',
        behaviour: { kind: 'hold' },
        title: 'A slow worker (no prefetch)',
        say: 'It takes a long time per job.',
      },
      {
        do: 'consume',
        actor: 'fast',
        queue: 'jobs.unlimited',
        behaviour: { kind: 'ack' },
        title: 'A fast worker (no prefetch)',
        say: 'It finishes each job at once.',
      },
      {
        do: 'publish',
        actor: 'producer',
        key: 'jobs.unlimited',
        bodies: tasks(6, 'job'),
        title: 'Six jobs',
        say: 'Round-robin sends jobs 1, 3, 5 to the slow worker right away; they wait in its buffer while the fast worker, done with 2, 4, 6, sits idle.',
        doc: `${DOCS}/consumer-prefetch`,
      },
      { do: 'declareQueue', actor: 'producer', queue: 'jobs.prefetch1', title: 'Queue with prefetch 1', say: 'Same again, with prefetch 1 on both workers.' },
      { do: 'qos', actor: 'slow-p1', prefetch: 1, title: 'Slow worker: prefetch 1', say: 'At most one job in flight.' },
      {
        do: 'consume',
        actor: 'slow-p1',
        queue: 'jobs.prefetch1',
        behaviour: { kind: 'hold' },
        title: 'Slow worker starts',
        say: 'It holds each job for a long time.',
      },
      { do: 'qos', actor: 'fast-p1', prefetch: 1, title: 'Fast worker: prefetch 1', say: 'At most one job in flight.' },
      { do: 'consume', actor: 'fast-p1', queue: 'jobs.prefetch1', behaviour: { kind: 'ack' }, title: 'Fast worker starts', say: 'It acks each job at once.' },
      {
        do: 'publish',
        actor: 'producer',
        key: 'jobs.prefetch1',
        bodies: tasks(6, 'job'),
        title: 'Six jobs',
        say: 'The slow worker takes job 1 and then has no free slot; every other job goes to the fast worker as soon as it acks the previous one.',
      },
    ],
    expect: [
      { type: 'received', actor: 'slow', bodies: ['job 1', 'job 3', 'job 5'], why: 'without prefetch the slow worker hoards half the jobs' },
      { type: 'received', actor: 'fast', bodies: ['job 2', 'job 4', 'job 6'], why: 'the fast worker only gets its round-robin share' },
      { type: 'received', actor: 'slow-p1', bodies: ['job 1'], why: 'prefetch 1: one job in flight' },
      { type: 'received', actor: 'fast-p1', bodies: ['job 2', 'job 3', 'job 4', 'job 5', 'job 6'], why: 'the fast worker does the rest' },
      { type: 'unacked', queue: 'jobs.unlimited', count: 3, why: 'three jobs stuck on the slow worker' },
    ],
  },
];

export function findScenario(name: string): Scenario | undefined {
  return SCENARIOS.find((s) => s.name === name);
}

/** Queues and exchanges a scenario declares (cleaned up after an AMQP run). */
export function declaredNames(s: Scenario): { queues: string[]; exchanges: string[] } {
  const queues = new Set<string>();
  const exchanges = new Set<string>();
  for (const st of s.steps) {
    if (st.do === 'declareQueue') queues.add(st.queue);
    if (st.do === 'declareExchange') exchanges.add(st.exchange);
  }
  return { queues: [...queues], exchanges: [...exchanges] };
}

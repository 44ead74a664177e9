// RabbitMQ's tutorials 1-3: one queue, work queues (round-robin, acks, fair dispatch), publish/subscribe.
import type { Scenario } from '../types';
import { TUT, DOCS, ACKS, tasks } from './docs';

export const TUTORIALS_QUEUES: readonly Scenario[] = [
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
];

// `acklab demo`: a scripted work queue on the in-process broker (virtual clock), printing the
// queue's ready/unacked counts as `rabbitmqctl list_queues name messages_ready
// messages_unacknowledged` would, while a worker crashes mid-task and another one takes over.
import { Broker, PROFILE_NAMES, VirtualClock, sinkOf, type BrokerChannel, type BrokerConnection, type Delivery, type Profile } from '../../broker';
import { choice, commandHelp, option, parseCommandArgs, type CommandSpec, type OptionTable } from '../args';
import type { Command } from '../command';

const QUEUE = 'tasks';

/** What every scene of the demo shares: the broker, its virtual clock and the output lines. */
interface Demo {
  broker: Broker;
  clock: VirtualClock;
  say(s: string): void;
  /** Prints the queue's ready/unacked/consumer counts after `what` happened. */
  counts(what: string): void;
}

const text = (d: Delivery) => new TextDecoder().decode(d.body);

/** Runs the demo and returns its lines (also used by the tests). */
export function runDemo(profile: Profile = 'rabbitmq'): string[] {
  const out: string[] = [];
  const clock = new VirtualClock();
  const broker = new Broker({ profile, clock });
  const say = (s: string) => out.push(s);
  const counts = (what: string) => {
    const q = broker.snapshot().queues.find((x) => x.name === QUEUE)!;
    say(`  ${what.padEnd(46)} ${QUEUE}  ready ${String(q.ready).padStart(2)}  unacked ${String(q.unacked).padStart(2)}  consumers ${q.consumers}`);
  };
  const demo: Demo = { broker, clock, say, counts };

  say(`AckLab demo: a work queue with a crashing worker (${profile} profile, virtual clock)`);
  const pch = produce(demo);
  crashingWorker(demo);
  const b = drainingWorker(demo);
  forgottenAck(demo, pch, b, profile);
  const acked = [...Array(broker.messageCount).keys()].map((i) => broker.messageState(i + 1)!.state);
  say(`message states: ${['acked', 'ready', 'unacked'].map((s) => `${s} ${acked.filter((x) => x === s).length}`).join(', ')} (nothing vanished)`);
  broker.shutdown();
  return out;
}

/** The producer declares the durable queue and publishes six persistent tasks; returns its channel. */
function produce({ broker, counts }: Demo): BrokerChannel {
  const producer = broker.connect({ clientName: 'producer' }, sinkOf());
  const pch = producer.openChannel(1);
  pch.queueDeclare({ queue: QUEUE, durable: true });
  for (let i = 1; i <= 6; i++) pch.basicPublish({ routingKey: QUEUE }, { deliveryMode: 2 }, new TextEncoder().encode(`task ${i}`));
  counts('producer published 6 tasks');
  return pch;
}

/** Worker A: prefetch 2, acks only after "working"; it crashes holding two tasks. */
function crashingWorker({ broker, clock, say, counts }: Demo): void {
  const heldByA: Delivery[] = [];
  const a = broker.connect(
    { clientName: 'worker-a' },
    sinkOf({
      deliver: (_ch, d) => {
        heldByA.push(d);
        say(`  worker-a got ${text(d)} (tag ${d.deliveryTag}${d.redelivered ? ', redelivered' : ''})`);
      },
    }),
  );
  const ach: BrokerChannel = a.openChannel(1);
  ach.basicQos({ prefetchCount: 2 });
  ach.basicConsume({ queue: QUEUE, consumerTag: 'worker-a' });
  counts('worker-a consumes with prefetch 2');
  const first = heldByA.shift()!;
  clock.advance(1000);
  say(`  worker-a acks ${text(first)}`);
  ach.basicAck({ deliveryTag: first.deliveryTag });
  counts('after one ack a new task flows in at once');
  clock.advance(500);
  say('  worker-a crashes (connection lost) while holding two unacked tasks');
  a.close();
  counts('unacked tasks are back, marked redelivered');
}

/** Worker B finishes everything, acking each task; returns its connection. */
function drainingWorker({ broker, say, counts }: Demo): BrokerConnection {
  const workerB: { ch?: BrokerChannel } = {};
  const b = broker.connect(
    { clientName: 'worker-b' },
    sinkOf({
      deliver: (_ch, d) => {
        say(`  worker-b got ${text(d)} (tag ${d.deliveryTag}${d.redelivered ? ', redelivered' : ''}) and acks it`);
        workerB.ch!.basicAck({ deliveryTag: d.deliveryTag });
      },
    }),
  );
  const bch = (workerB.ch = b.openChannel(1));
  bch.basicQos({ prefetchCount: 1 });
  bch.basicConsume({ queue: QUEUE, consumerTag: 'worker-b' });
  counts('worker-b drained the queue');
  return b;
}

/** A forgotten ack: the 30-minute consumer timeout (fast-forwarded on the virtual clock). */
function forgottenAck({ broker, clock, say, counts }: Demo, pch: BrokerChannel, workerB: BrokerConnection, profile: Profile): void {
  const c = broker.connect(
    { clientName: 'forgetful' },
    sinkOf({ channelClosedByServer: (_n, e) => say(`  server closed forgetful's channel: ${e.replyText}`) }),
  );
  const cch = c.openChannel(1);
  workerB.close();
  pch.basicPublish({ routingKey: QUEUE }, {}, new TextEncoder().encode('task 7'));
  cch.basicConsume({ queue: QUEUE, consumerTag: 'forgetful' });
  counts('a consumer that never acks holds task 7');
  clock.advance(31 * 60_000);
  counts(profile === 'rabbitmq' ? '31 minutes later: consumer timeout, requeued' : '31 min later: still unacked (LavinMQ)');
}

const SPEC = {
  name: 'demo',
  summary: 'a scripted work queue with a crashing worker, printing ready/unacked counts',
  description: 'Runs on the in-process broker with a virtual clock, so the 30-minute consumer timeout takes no time.',
  options: { profile: option('P', `broker semantics: ${PROFILE_NAMES.join(', ')} (default rabbitmq = RabbitMQ 4.2)`, choice(PROFILE_NAMES)) },
} as const satisfies CommandSpec<OptionTable>;

export const command: Command = {
  name: SPEC.name,
  summary: SPEC.summary,
  async run(args: string[]): Promise<number> {
    const { help, values } = parseCommandArgs(SPEC, args);
    if (help) {
      process.stdout.write(commandHelp(SPEC));
      return 0;
    }
    process.stdout.write(runDemo(values.profile ?? 'rabbitmq').join('\n') + '\n');
    return 0;
  },
};

// `acklab demo`: a scripted work queue on the in-process broker (virtual clock), printing the
// queue's ready/unacked counts as `rabbitmqctl list_queues name messages_ready
// messages_unacknowledged` would, while a worker crashes mid-task and another one takes over.
import { Broker, VirtualClock, sinkOf, type BrokerChannel, type Delivery, type Profile } from '../../broker';
import { UsageError, type Command } from '../command';

const QUEUE = 'tasks';


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
  const text = (d: Delivery) => new TextDecoder().decode(d.body);

  say(`AckLab demo: a work queue with a crashing worker (${profile} profile, virtual clock)`);
  const producer = broker.connect({ clientName: 'producer' }, sinkOf());
  const pch = producer.openChannel(1);
  pch.queueDeclare({ queue: QUEUE, durable: true });
  for (let i = 1; i <= 6; i++) pch.basicPublish({ routingKey: QUEUE }, { deliveryMode: 2 }, new TextEncoder().encode(`task ${i}`));
  counts('producer published 6 tasks');

  // worker A: prefetch 2, acks only after "working"; it will crash holding two tasks
  const heldByA: Delivery[] = [];
  const a = broker.connect({ clientName: 'worker-a' }, sinkOf({ deliver: (_ch, d) => { heldByA.push(d); say(`  worker-a got ${text(d)} (tag ${d.deliveryTag}${d.redelivered ? ', redelivered' : ''})`); } }));
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

  // worker B finishes everything, acking each task
  const workerB: { ch?: BrokerChannel } = {};
  const b = broker.connect({ clientName: 'worker-b' }, sinkOf({ deliver: (_ch, d) => {
    say(`  worker-b got ${text(d)} (tag ${d.deliveryTag}${d.redelivered ? ', redelivered' : ''}) and acks it`);
    workerB.ch!.basicAck({ deliveryTag: d.deliveryTag });
  } }));
  const bch = (workerB.ch = b.openChannel(1));
  bch.basicQos({ prefetchCount: 1 });
  bch.basicConsume({ queue: QUEUE, consumerTag: 'worker-b' });
  counts('worker-b drained the queue');

  // a forgotten ack: the 30-minute consumer timeout (fast-forwarded on the virtual clock)
  const c = broker.connect({ clientName: 'forgetful' }, sinkOf({ channelClosedByServer: (_n, e) => say(`  server closed forgetful's channel: ${e.replyText}`) }));
  const cch = c.openChannel(1);
  b.close();
  pch.basicPublish({ routingKey: QUEUE }, {}, new TextEncoder().encode('task 7'));
  cch.basicConsume({ queue: QUEUE, consumerTag: 'forgetful' });
  counts('a consumer that never acks holds task 7');
  if (profile === 'rabbitmq') {
    clock.advance(31 * 60_000);
    counts('31 minutes later: consumer timeout, requeued');
  } else {
    clock.advance(31 * 60_000);
    counts('31 min later: still unacked (LavinMQ)');
  }
  const acked = [...Array(broker.messageCount).keys()].map((i) => broker.messageState(i + 1)!.state);
  say(`message states: ${['acked', 'ready', 'unacked'].map((s) => `${s} ${acked.filter((x) => x === s).length}`).join(', ')} (nothing vanished)`);
  broker.shutdown();
  return out;
}

export const command: Command = {
  name: 'demo',
  summary: 'scripted work queue with a crashing worker, printing ready/unacked counts',
  async run(args: string[]): Promise<number> {
    let profile: Profile = 'rabbitmq';
    for (let i = 0; i < args.length; i++) {
      const a = args[i]!;
      if (a === '--profile') {
        const p = args[++i];
        if (p !== 'rabbitmq' && p !== 'lavinmq') throw new UsageError(`--profile must be rabbitmq or lavinmq, got ${String(p)}`);
        profile = p;
      } else if (a === '--help' || a === '-h') {
        process.stdout.write('Usage: acklab demo [--profile rabbitmq|lavinmq]\n');
        return 0;
      } else {
        throw new UsageError(`unknown option ${a}`);
      }
    }
    process.stdout.write(runDemo(profile).join('\n') + '\n');
    return 0;
  },
};

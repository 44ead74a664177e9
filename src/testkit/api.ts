// The embeddable test broker for Node test suites (mocha, jest, vitest…): `require('acklab').startBroker()`.
//
//   const { startBroker } = require('acklab');
//   let acks;
//   before(async () => { acks = await startBroker({ trace: true }); process.env.AMQP_URL = acks.url; });
//   afterEach(async () => { await acks.expectAllSettled(); acks.reset(); });
//   after(() => acks.close());
import { AssertionError } from 'node:assert';
import type { Broker, Profile } from '../broker';
import { formatFindingText } from './format/text';
import { install } from './hooks/amqplibPatch';
import { AckSession } from './session';
import { startTestBroker } from './start';
import { parseTraceLine } from './trace';
import type { AckFinding, AckReport } from './types';

export type { AckFinding, AckReport } from './types';

export interface StartBrokerOptions {
  /** 'rabbitmq' (RabbitMQ 4.2, default), 'rabbitmq-3' (RabbitMQ 3.x) or 'lavinmq'. */
  profile?: Profile;
  /** Consumer acknowledgement timeout, ms (default 30 minutes, as RabbitMQ). */
  consumerTimeoutMs?: number;
  /** A message redelivered this many times is a requeue loop (default 10). */
  requeueLimit?: number;
  /** Port on 127.0.0.1 (default: any free port). */
  port?: number;
  /** Record amqplib's consume/ack call sites in this process, so findings name file:line. Default false. */
  trace?: boolean;
}

/** A queue's deliveries that are still unacknowledged right now. */
export interface Unsettled {
  vhost: string;
  queue: string;
  unacked: number;
}

export interface TestBrokerHandle {
  /** amqp://guest:guest@127.0.0.1:PORT — give it to the code under test. */
  readonly url: string;
  /** The broker itself (snapshot(), queueDetail(), events…). */
  readonly broker: Broker;
  /** The ack findings so far (deliveries still open are not findings yet: see unsettled()). */
  report(): AckReport;
  /** Deliveries not yet settled, per queue. */
  unsettled(): Unsettled[];
  /**
   * Rejects with an AssertionError when there are findings, or deliveries still unsettled after
   * `withinMs` (default 500: acks sent just before the call are still on their way to the broker).
   */
  expectAllSettled(withinMs?: number): Promise<void>;
  /** Throws an AssertionError when there are findings (open deliveries allowed). */
  expectNoFindings(): void;
  /** Forgets the findings so far (e.g. in afterEach). The broker keeps its queues and connections. */
  reset(): void;
  /** Closes client connections and stops the broker. */
  close(): Promise<void>;
}

function describeFindings(findings: AckFinding[]): string {
  return findings.map((f) => formatFindingText(f).join('\n')).join('\n\n');
}

export async function startBroker(options: StartBrokerOptions = {}): Promise<TestBrokerHandle> {
  const started = Date.now();
  const tb = await startTestBroker({ profile: options.profile, consumerTimeoutMs: options.consumerTimeoutMs, port: options.port });
  const session = new AckSession(tb.broker, { requeueLimit: options.requeueLimit });
  const untrace = options.trace
    ? install((r) => {
        const rec = parseTraceLine(JSON.stringify(r));
        if (rec) session.extraRecords.push(rec);
      })
    : undefined;
  const report = () => session.report({ command: [], exitCode: null, durationMs: Date.now() - started }, false);
  const unsettled = (): Unsettled[] =>
    tb.broker
      .snapshot()
      .queues.filter((q) => q.unacked > 0)
      .map((q) => ({ vhost: q.vhost, queue: q.name, unacked: q.unacked }));
  const fail = (message: string) => {
    throw new AssertionError({ message, stackStartFn: fail });
  };
  let closed = false;
  return {
    url: tb.url,
    broker: tb.broker,
    report,
    unsettled,
    expectNoFindings() {
      const fs = report().findings;
      if (fs.length) fail(`acklab: ${fs.length} ack mistake${fs.length === 1 ? '' : 's'}:\n\n${describeFindings(fs)}`);
    },
    async expectAllSettled(withinMs = 500) {
      const deadline = Date.now() + withinMs;
      while (unsettled().length > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
      const fs = report().findings;
      const open = unsettled();
      if (!fs.length && !open.length) return;
      const lines = open.map((u) => `  ${u.unacked} unacknowledged on queue "${u.queue}"${u.vhost === '/' ? '' : ` (vhost ${u.vhost})`}`);
      fail([`acklab: not every delivery is settled`, ...(lines.length ? ['', ...lines] : []), ...(fs.length ? ['', describeFindings(fs)] : [])].join('\n'));
    },
    reset: () => session.reset(),
    async close() {
      if (closed) return;
      closed = true;
      untrace?.();
      session.dispose();
      await tb.server.close();
      tb.broker.shutdown();
    },
  };
}

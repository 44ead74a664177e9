// A broker with the playground's AMQP listener (src/playground/listener.ts) on a free loopback port, for
// one test run. Not the whole Playground lifecycle: a test run keeps nothing, needs no port choice around
// 5672, and its consumer timeout must be checked often enough to fire within a test (channelTickMs).
import { Broker, type Profile } from '../broker';
import { amqpListener, type Listener } from '../playground/listener';
import { version } from '../cli/version';

export interface TestBrokerOptions {
  profile?: Profile;
  /** Consumer acknowledgement timeout, ms (default: the profile's, 30 minutes on RabbitMQ). */
  consumerTimeoutMs?: number;
  /** Port on 127.0.0.1 (default 0: any free port). */
  port?: number;
  /** Where listener diagnostics go (default: nowhere). */
  log?: (line: string) => void;
}

export interface TestBroker {
  broker: Broker;
  server: Listener;
  url: string;
}

/** How often the consumer timeout is checked: often enough that a short test timeout fires on time. */
function tickFor(timeoutMs: number | undefined): number | undefined {
  if (timeoutMs === undefined || timeoutMs <= 0 || !Number.isFinite(timeoutMs)) return undefined;
  return Math.max(20, Math.min(1000, Math.floor(timeoutMs / 4)));
}

const listen = amqpListener({ version, closeGraceMs: 500 });

export async function startTestBroker(options: TestBrokerOptions = {}): Promise<TestBroker> {
  const broker = new Broker({
    profile: options.profile ?? 'rabbitmq',
    eventLogSize: 0,
    ...(options.consumerTimeoutMs !== undefined ? { consumerTimeoutMs: options.consumerTimeoutMs, channelTickMs: tickFor(options.consumerTimeoutMs) } : {}),
  });
  let server: Listener;
  try {
    server = await listen(broker, { host: '127.0.0.1', port: options.port ?? 0, memoryLimitBytes: 0, log: options.log ?? (() => undefined) });
  } catch (e) {
    broker.shutdown();
    throw e;
  }
  return { broker, server, url: `amqp://guest:guest@127.0.0.1:${server.port}` };
}

/** Waits (bounded) until every client connection has gone, e.g. after the test command exited. */
export async function drainConnections(server: Pick<Listener, 'connectionCount'>, maxMs: number): Promise<void> {
  const deadline = Date.now() + maxMs;
  while (server.connectionCount > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
}

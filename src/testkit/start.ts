// A broker with its AMQP listener on a free loopback port, for one test run.
// (Until src/playground/ lands, this does what `acklab serve` does, on port 0.)
import { Broker, type Profile } from '../broker';
import { AmqpServer } from '../amqp/server';
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

export interface TestBroker { broker: Broker; server: AmqpServer; url: string }

/** How often the consumer timeout is checked: often enough that a short test timeout fires on time. */
function tickFor(timeoutMs: number | undefined): number | undefined {
  if (timeoutMs === undefined || timeoutMs <= 0 || !Number.isFinite(timeoutMs)) return undefined;
  return Math.max(20, Math.min(1000, Math.floor(timeoutMs / 4)));
}

export async function startTestBroker(options: TestBrokerOptions = {}): Promise<TestBroker> {
  const broker = new Broker({
    profile: options.profile ?? 'rabbitmq', eventLogSize: 0,
    ...(options.consumerTimeoutMs !== undefined ? { consumerTimeoutMs: options.consumerTimeoutMs, channelTickMs: tickFor(options.consumerTimeoutMs) } : {}),
  });
  const server = new AmqpServer(broker, { host: '127.0.0.1', port: options.port ?? 0, version, log: options.log });
  try {
    await server.listen();
  } catch (e) {
    broker.shutdown();
    throw e;
  }
  return { broker, server, url: `amqp://guest:guest@127.0.0.1:${server.address!.port}` };
}

/** Waits (bounded) until every client connection has gone, e.g. after the test command exited. */
export async function drainConnections(server: AmqpServer, maxMs: number): Promise<void> {
  const deadline = Date.now() + maxMs;
  while (server.connectionCount > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
}

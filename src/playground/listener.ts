// The AMQP 0-9-1 listener (src/amqp) over the playground broker, as the lifecycle starts it.
import { AmqpServer, type AmqpUser } from '../amqp/server';
import type { Broker } from '../broker';
import type { DurabilityBarrier } from '../broker/persistence';

/** A running AMQP listener. */
export interface Listener {
  readonly port: number;
  /** Client connections open now. */
  readonly connectionCount: number;
  /** Closes every client connection (connection.close, 320) and stops listening. */
  close(): Promise<void>;
}

export interface ListenOptions {
  host: string;
  port: number;
  memoryLimitBytes: number;
  /** Confirms and tx.commit-ok wait for it (the durable store's barrier), when persisting. */
  durability?: DurabilityBarrier;
  log: (line: string) => void;
}

export type ListenerFactory = (broker: Broker, opts: ListenOptions) => Promise<Listener>;

export interface AmqpListenerOptions {
  /** The server's product name in connection.start ("AckLab (VS Code)", "AckLab"). */
  product?: string;
  version?: string;
  /** Users besides guest/guest (loopback only); default: guest only. */
  users?: Record<string, AmqpUser>;
  /** How long close() waits for clients to answer connection.close. */
  closeGraceMs?: number;
}

/** A ListenerFactory that starts the AMQP server of src/amqp. */
export function amqpListener(o: AmqpListenerOptions = {}): ListenerFactory {
  return async (broker, opts) => {
    const server = new AmqpServer(broker, {
      host: opts.host,
      port: opts.port,
      memoryHighWatermark: opts.memoryLimitBytes > 0 ? opts.memoryLimitBytes : Number.MAX_SAFE_INTEGER,
      ...(o.product !== undefined ? { product: o.product } : {}),
      ...(o.version !== undefined ? { version: o.version } : {}),
      ...(o.users !== undefined ? { users: o.users } : {}),
      durability: opts.durability,
      log: opts.log,
    });
    const { port } = await server.listen();
    return {
      port,
      get connectionCount() {
        return server.connectionCount;
      },
      close: () => server.close(o.closeGraceMs ?? 500),
    };
  };
}

/** The extension's listener (kept as a constant: the host tests and the lifecycle test use it). */
export const listenerFactory: ListenerFactory = amqpListener({ product: 'AckLab (VS Code)' });

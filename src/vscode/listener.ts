// Starts the AMQP 0-9-1 listener (src/amqp) over the playground broker.
import { AmqpServer } from '../amqp/server';
import type { ListenerFactory } from './playground';

export const listenerFactory: ListenerFactory = async (broker, opts) => {
  const server = new AmqpServer(broker, {
    host: opts.host,
    port: opts.port,
    memoryHighWatermark: opts.memoryLimitBytes > 0 ? opts.memoryLimitBytes : Number.MAX_SAFE_INTEGER,
    product: 'AckLab (VS Code)',
    log: opts.log,
  });
  const { port } = await server.listen();
  return { port, close: () => server.close(500) };
};

// @ts-nocheck
import amqp from 'amqplib';
import { cache } from '../cache';

// Cache invalidation is idempotent and cheap to miss: ack first, then work.
export async function startInvalidator(url: string): Promise<void> {
  const conn = await amqp.connect(url);
  const ch = await conn.createChannel();
  await ch.assertExchange('cache', 'fanout', { durable: false });
  const { queue } = await ch.assertQueue('', { exclusive: true });
  await ch.bindQueue(queue, 'cache', '');

  await ch.consume(queue, async (msg) => {
    if (!msg) return;
    ch.ack(msg);
    const { key } = JSON.parse(msg.content.toString()) as { key: string };
    await cache.del(key);
  });
}

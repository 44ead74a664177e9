// @ts-nocheck
import { AMQPClient } from '@cloudamqp/amqp-client';
import { recordClick } from '../analytics';

export async function startClickConsumer(url: string): Promise<void> {
  const client = new AMQPClient(url);
  const conn = await client.connect();
  const ch = await conn.channel();
  await ch.queueDeclare('clicks', { durable: true });

  // basicConsume defaults to noAck: true
  await ch.basicConsume('clicks', { exclusive: false }, async (msg) => {
    const click = JSON.parse(msg.bodyToString() ?? '{}');
    await recordClick(click);
    await msg.ack();
  });
}

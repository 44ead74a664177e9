// @ts-nocheck
import amqp from 'amqplib';
import { profiles } from '../services/profiles';

export async function consumeProfileUpdates(url: string): Promise<void> {
  const conn = await amqp.connect(url);
  const ch = await conn.createChannel();
  await ch.assertQueue('profiles.updated', { durable: true });

  await ch.consume('profiles.updated', async (msg) => {
    if (msg === null) return;
    const update = JSON.parse(msg.content.toString()) as { userId?: string; fields: Record<string, unknown> };
    if (!update.userId) {
      throw new Error('profile update without userId');
    }
    await profiles.patch(update.userId, update.fields);
    ch.ack(msg);
  }, { noAck: false });
}

// @ts-nocheck
import * as amqp from 'amqp-connection-manager';
import type { ConfirmChannel, ConsumeMessage } from 'amqplib';

const QUEUE = 'users.deleted';

export function startGdprEraser(urls: string[], erase: (userId: string) => Promise<void>) {
  const connection = amqp.connect(urls);
  return connection.createChannel({
    setup: async (channel: ConfirmChannel) => {
      await channel.assertQueue(QUEUE, { durable: true, deadLetterExchange: 'gdpr.dlx' });
      await channel.prefetch(5);
      await channel.consume(QUEUE, async (msg: ConsumeMessage | null) => {
        if (!msg) return;
        const { userId } = JSON.parse(msg.content.toString());
        try {
          await erase(userId);
          channel.ack(msg);
        } catch (err) {
          console.error(`erasure of ${userId} failed`, err);
          channel.reject(msg, false);
        }
      });
    },
  });
}

// @ts-nocheck
import * as amqp from 'amqplib';
import type { Channel, ConsumeMessage } from 'amqplib';
import { push } from '../push';

interface Notification {
  deviceToken: string;
  title: string;
  body: string;
}

export class NotificationWorker {
  constructor(private readonly channel: Channel) {}

  private async deliver(msg: ConsumeMessage): Promise<void> {
    const n: Notification = JSON.parse(msg.content.toString());
    await push(n.deviceToken, { title: n.title, body: n.body });
    this.channel.ack(msg);
  }

  async run(): Promise<void> {
    await this.channel.assertQueue('notifications.push', { durable: true });
    await this.channel.consume('notifications.push', async (msg) => {
      if (!msg) return;
      await this.deliver(msg);
      this.channel.ack(msg);
    });
  }
}

export async function main(): Promise<void> {
  const conn = await amqp.connect(process.env.AMQP_URL ?? 'amqp://localhost');
  const worker = new NotificationWorker(await conn.createChannel());
  await worker.run();
}

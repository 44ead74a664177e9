// @ts-nocheck
import amqp, { Channel, ConsumeMessage } from 'amqplib';
import { crm } from '../crm-client';

export class CrmSyncConsumer {
  private channel!: Channel;

  async start(url: string): Promise<void> {
    const conn = await amqp.connect(url);
    this.channel = await conn.createChannel();
    await this.channel.assertQueue('crm.sync', { durable: true });
    await this.channel.prefetch(4);
    await this.channel.consume('crm.sync', (msg) => this.onMessage(msg));
  }

  private async onMessage(msg: ConsumeMessage | null): Promise<void> {
    if (!msg) return;
    let contact: { id: string; email?: string };
    try {
      contact = JSON.parse(msg.content.toString());
    } catch {
      this.channel.reject(msg);
      return;
    }
    try {
      await crm.upsertContact(contact);
      this.channel.ack(msg);
    } catch (err) {
      console.warn('crm unavailable, retrying later', err);
      this.channel.nack(msg);
    }
  }
}

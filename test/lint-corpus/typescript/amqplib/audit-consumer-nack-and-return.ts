// @ts-nocheck
import amqp, { Channel, ConsumeMessage } from 'amqplib';
import { AuditStore } from '../audit-store';

const MAX_BODY = 256 * 1024;

export class AuditConsumer {
  private ch!: Channel;

  constructor(private readonly store: AuditStore) {}

  async start(url: string): Promise<void> {
    const conn = await amqp.connect(url);
    this.ch = await conn.createChannel();
    await this.ch.assertQueue('audit.events', { durable: true, deadLetterExchange: 'audit.dlx' });
    await this.ch.consume('audit.events', this.onEvent.bind(this), { noAck: false });
  }

  private async onEvent(msg: ConsumeMessage | null): Promise<void> {
    if (msg === null) {
      return;
    }
    if (msg.content.length > MAX_BODY) {
      console.warn(`audit event too large (${msg.content.length} bytes), dead-lettering`);
      this.ch.nack(msg, false, false);
      return;
    }
    const event = JSON.parse(msg.content.toString());
    switch (event.kind) {
      case 'login':
      case 'logout':
        await this.store.appendSession(event);
        break;
      case 'permission-change':
        await this.store.appendSecurity(event);
        break;
      default:
        await this.store.appendOther(event);
    }
    this.ch.ack(msg);
  }
}

// @ts-nocheck
import { AMQPClient, AMQPMessage } from '@cloudamqp/amqp-client';
import { ocr } from '../ocr';

export class ReceiptScanner {
  constructor(private readonly url: string) {}

  async start(): Promise<void> {
    const conn = await new AMQPClient(this.url).connect();
    const ch = await conn.channel();
    await ch.basicConsume('receipts.scan', { noAck: false }, (msg) => this.scan(msg));
  }

  private async scan(msg: AMQPMessage): Promise<void> {
    const { receiptId, imageUrl } = JSON.parse(msg.bodyToString() ?? '{}');
    try {
      const text = await ocr(imageUrl);
      console.log(`receipt ${receiptId}: ${text.length} chars`);
      await msg.ack();
    } catch (err) {
      console.error(`receipt ${receiptId} failed`, err);
    } finally {
      await msg.ack();
    }
  }
}

// @ts-nocheck
import amqp, { Channel, ConsumeMessage } from 'amqplib';
import { z, ZodSchema } from 'zod';

export abstract class BaseConsumer<T> {
  protected channel!: Channel;

  protected abstract readonly queue: string;
  protected abstract readonly schema: ZodSchema<T>;
  protected abstract handle(payload: T, msg: ConsumeMessage): Promise<void>;

  async start(url: string): Promise<void> {
    const conn = await amqp.connect(url);
    this.channel = await conn.createChannel();
    await this.channel.assertQueue(this.queue, {
      durable: true,
      arguments: { 'x-queue-type': 'quorum', 'x-dead-letter-exchange': `${this.queue}.dlx` },
    });
    await this.channel.prefetch(32);
    await this.channel.consume(this.queue, async (msg) => {
      if (msg === null) return;
      const parsed = this.schema.safeParse(JSON.parse(msg.content.toString()));
      if (!parsed.success) {
        this.channel.reject(msg, false);
        return;
      }
      try {
        await this.handle(parsed.data, msg);
        this.channel.ack(msg);
      } catch (err) {
        console.error(`[${this.queue}]`, err);
        this.channel.nack(msg, false, false);
      }
    });
  }
}

const InvoicePaid = z.object({ invoiceId: z.string(), amount: z.number() });

export class InvoicePaidConsumer extends BaseConsumer<z.infer<typeof InvoicePaid>> {
  protected readonly queue = 'billing.invoice-paid';
  protected readonly schema = InvoicePaid;

  protected async handle(payload: z.infer<typeof InvoicePaid>): Promise<void> {
    console.log(`invoice ${payload.invoiceId} paid: ${payload.amount}`);
  }
}

// @ts-nocheck
import amqp, { Channel, ChannelModel, ConsumeMessage } from 'amqplib';
import { Logger } from 'pino';
import { OrderRepository } from '../repositories/order-repository';

export interface OrderCreated {
  id: string;
  customerId: string;
  total: number;
}

export class OrderConsumer {
  private connection?: ChannelModel;
  private channel?: Channel;

  constructor(
    private readonly url: string,
    private readonly repo: OrderRepository,
    private readonly log: Logger,
  ) {}

  async start(): Promise<void> {
    this.connection = await amqp.connect(this.url);
    this.channel = await this.connection.createChannel();
    await this.channel.assertQueue('orders.created', { durable: true, deadLetterExchange: 'orders.dlx' });
    await this.channel.prefetch(16);
    await this.channel.consume('orders.created', this.handle.bind(this));
    this.log.info('order consumer started');
  }

  private async handle(msg: ConsumeMessage | null): Promise<void> {
    if (!msg || !this.channel) return;
    try {
      const order = JSON.parse(msg.content.toString()) as OrderCreated;
      await this.repo.insert(order);
      this.channel.ack(msg);
    } catch (err) {
      this.log.error({ err }, 'order insert failed');
      this.channel.nack(msg, false, false);
    }
  }

  async stop(): Promise<void> {
    await this.channel?.close();
    await this.connection?.close();
  }
}

// @ts-nocheck
import amqp, { Channel, ChannelModel, ConsumeMessage, Options } from 'amqplib';
import { EventEmitter } from 'node:events';
import pino from 'pino';
import { FulfillmentRepository } from '../repositories/fulfillment';
import { CarrierGateway, CarrierRejected } from '../carriers';

const log = pino({ name: 'fulfillment' });

const QUEUES = {
  orderPaid: 'fulfillment.order-paid',
  carrierUpdate: 'fulfillment.carrier-update',
} as const;

const queueOptions: Options.AssertQueue = {
  durable: true,
  arguments: {
    'x-queue-type': 'quorum',
    'x-delivery-limit': 8,
    'x-dead-letter-exchange': 'fulfillment.dlx',
  },
};

type Settlement = 'ack' | 'retry' | 'dead-letter';

interface OrderPaid {
  orderId: string;
  warehouse: string;
  lines: Array<{ sku: string; qty: number }>;
}

interface CarrierUpdate {
  trackingId: string;
  status: 'in_transit' | 'delivered' | 'lost';
}

export class FulfillmentService extends EventEmitter {
  private connection?: ChannelModel;
  private channel?: Channel;
  private closing = false;

  constructor(
    private readonly url: string,
    private readonly repo: FulfillmentRepository,
    private readonly carriers: CarrierGateway,
  ) {
    super();
  }

  async start(): Promise<void> {
    this.connection = await amqp.connect(this.url);
    this.connection.on('close', () => {
      if (!this.closing) {
        log.warn('connection closed unexpectedly, restarting in 5s');
        setTimeout(() => void this.start(), 5000);
      }
    });
    this.channel = await this.connection.createChannel();
    await this.channel.prefetch(16);
    await this.channel.assertQueue(QUEUES.orderPaid, queueOptions);
    await this.channel.assertQueue(QUEUES.carrierUpdate, queueOptions);

    await this.channel.consume(QUEUES.orderPaid, (msg) => this.run(msg, (m) => this.onOrderPaid(m)));
    await this.channel.consume(QUEUES.carrierUpdate, (msg) => this.run(msg, (m) => this.onCarrierUpdate(m)));
    log.info('fulfillment consumers started');
    this.emit('ready');
  }

  async stop(): Promise<void> {
    this.closing = true;
    await this.channel?.close();
    await this.connection?.close();
  }

  /** Runs a handler and settles the delivery exactly once from its outcome. */
  private async run(msg: ConsumeMessage | null, handler: (m: ConsumeMessage) => Promise<Settlement>): Promise<void> {
    if (msg === null || !this.channel) {
      log.warn('consumer cancelled by the broker');
      return;
    }
    let outcome: Settlement;
    try {
      outcome = await handler(msg);
    } catch (err) {
      log.error({ err, routingKey: msg.fields.routingKey }, 'handler crashed');
      outcome = 'retry';
    }
    this.settle(msg, outcome);
  }

  private settle(msg: ConsumeMessage, outcome: Settlement): void {
    const ch = this.channel!;
    switch (outcome) {
      case 'ack':
        ch.ack(msg);
        return;
      case 'retry':
        ch.nack(msg, false, true);
        return;
      case 'dead-letter':
        ch.nack(msg, false, false);
        return;
    }
  }

  private async onOrderPaid(msg: ConsumeMessage): Promise<Settlement> {
    const event = JSON.parse(msg.content.toString()) as OrderPaid;
    if (event.lines.length === 0) {
      log.warn({ orderId: event.orderId }, 'paid order without lines');
      return 'dead-letter';
    }
    const existing = await this.repo.findByOrder(event.orderId);
    if (existing) {
      log.info({ orderId: event.orderId }, 'already fulfilled');
      return 'ack';
    }
    try {
      const trackingId = await this.carriers.book(event.warehouse, event.lines);
      await this.repo.create(event.orderId, trackingId);
      this.emit('booked', event.orderId, trackingId);
      return 'ack';
    } catch (err) {
      if (err instanceof CarrierRejected) {
        return 'dead-letter';
      }
      throw err;
    }
  }

  private async onCarrierUpdate(msg: ConsumeMessage): Promise<Settlement> {
    const update = JSON.parse(msg.content.toString()) as CarrierUpdate;
    await this.repo.updateStatus(update.trackingId, update.status);
    if (update.status === 'lost') {
      this.emit('lost', update.trackingId);
    }
    return 'ack';
  }
}

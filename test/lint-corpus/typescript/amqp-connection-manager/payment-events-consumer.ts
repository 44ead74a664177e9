// @ts-nocheck
import * as amqp from 'amqp-connection-manager';
import type { ChannelWrapper } from 'amqp-connection-manager';
import type { ConfirmChannel, ConsumeMessage } from 'amqplib';
import { ledger } from '../ledger';

type Outcome = 'done' | 'poison' | 'transient';

export class PaymentEventsConsumer {
  private readonly wrapper: ChannelWrapper;

  constructor(urls: string[]) {
    const connection = amqp.connect(urls);
    this.wrapper = connection.createChannel({
      setup: async (ch: ConfirmChannel) => {
        await ch.assertQueue('payments.events', {
          durable: true,
          arguments: { 'x-queue-type': 'quorum', 'x-delivery-limit': 10 },
        });
      },
    });
  }

  async start(): Promise<void> {
    await this.wrapper.consume('payments.events', (msg) => this.onMessage(msg), { prefetch: 50 });
  }

  private async onMessage(msg: ConsumeMessage): Promise<void> {
    let outcome: Outcome;
    try {
      await ledger.apply(JSON.parse(msg.content.toString()));
      outcome = 'done';
    } catch (err) {
      outcome = err instanceof SyntaxError ? 'poison' : 'transient';
    }
    this.settle(msg, outcome);
  }

  private settle(msg: ConsumeMessage, outcome: Outcome): void {
    switch (outcome) {
      case 'done':
        this.wrapper.ack(msg);
        break;
      case 'poison':
        this.wrapper.nack(msg, false, false);
        break;
      case 'transient':
        this.wrapper.nack(msg, false, true);
        break;
    }
  }
}

// @ts-nocheck
import amqp, { Channel, ChannelModel, ConfirmChannel, ConsumeMessage } from 'amqplib';
import { lookupCompany } from '../clearbit';

export class LeadEnricher {
  private conn!: ChannelModel;
  private consumerChannel!: Channel;
  private publisherChannel!: ConfirmChannel;

  async start(url: string): Promise<void> {
    this.conn = await amqp.connect(url);
    this.consumerChannel = await this.conn.createChannel();
    this.publisherChannel = await this.conn.createConfirmChannel();
    await this.consumerChannel.assertQueue('leads.new', { durable: true });
    await this.consumerChannel.consume('leads.new', (msg) => this.enrich(msg));
  }

  private async enrich(msg: ConsumeMessage | null): Promise<void> {
    if (!msg) return;
    const lead = JSON.parse(msg.content.toString()) as { id: string; domain: string };
    const company = await lookupCompany(lead.domain);
    this.publisherChannel.publish('leads', 'leads.enriched', Buffer.from(JSON.stringify({ ...lead, company })));
    await this.publisherChannel.waitForConfirms();
    this.publisherChannel.ack(msg);
  }
}

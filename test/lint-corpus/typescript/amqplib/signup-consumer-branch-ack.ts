// @ts-nocheck
import amqp, { Channel, ConsumeMessage } from 'amqplib';
import { sendWelcomeEmail } from '../mail';

type SignupEvent = { email: string; name: string; marketingOptIn: boolean };

export class SignupConsumer {
  private channel!: Channel;

  async start(url: string): Promise<void> {
    const conn = await amqp.connect(url);
    this.channel = await conn.createChannel();
    await this.channel.assertQueue('users.signup', { durable: true });
    await this.channel.consume('users.signup', this.onMessage);
  }

  private onMessage = async (msg: ConsumeMessage | null): Promise<void> => {
    if (msg === null) return;
    const event = JSON.parse(msg.content.toString()) as SignupEvent;
    if (event.marketingOptIn) {
      await sendWelcomeEmail(event.email, event.name);
      this.channel.ack(msg);
    } else {
      console.log(`skipping welcome mail for ${event.email}`);
    }
  };
}

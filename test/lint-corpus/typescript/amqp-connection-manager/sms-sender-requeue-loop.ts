// @ts-nocheck
import * as amqp from 'amqp-connection-manager';
import type { ConsumeMessage } from 'amqplib';
import { twilio } from '../twilio';

const connection = amqp.connect([process.env.AMQP_URL ?? 'amqp://localhost']);
const channel = connection.createChannel({
  setup: (ch) => ch.assertQueue('sms.outbound', { durable: true }),
});

export async function startSmsSender(): Promise<void> {
  await channel.consume('sms.outbound', async (msg: ConsumeMessage) => {
    const sms = JSON.parse(msg.content.toString()) as { to: string; text: string };
    try {
      await twilio.messages.create({ to: sms.to, body: sms.text, from: process.env.SMS_FROM });
      channel.ack(msg);
    } catch (err) {
      console.error(`sms to ${sms.to} failed`, err);
      channel.nack(msg, false, true);
    }
  });
}

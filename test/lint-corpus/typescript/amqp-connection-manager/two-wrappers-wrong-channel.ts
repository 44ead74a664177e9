// @ts-nocheck
import * as amqp from 'amqp-connection-manager';
import type { ConsumeMessage } from 'amqplib';
import { translate } from '../i18n/translate';

const connection = amqp.connect([process.env.AMQP_URL!]);

const inbound = connection.createChannel({
  setup: (ch) => ch.assertQueue('i18n.translate', { durable: true }),
});
const outbound = connection.createChannel({
  json: true,
  setup: (ch) => ch.assertExchange('i18n', 'topic', { durable: true }),
});

export async function startTranslator(): Promise<void> {
  await inbound.consume('i18n.translate', async (msg: ConsumeMessage) => {
    const req = JSON.parse(msg.content.toString()) as { key: string; text: string; lang: string };
    const text = await translate(req.text, req.lang);
    await outbound.publish('i18n', `i18n.done.${req.lang}`, { key: req.key, text });
    outbound.ack(msg);
  });
}

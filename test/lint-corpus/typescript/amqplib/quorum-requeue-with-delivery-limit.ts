// @ts-nocheck
import amqp, { ConsumeMessage } from 'amqplib';
import { geocode } from '../geo';

const QUEUE = 'addresses.geocode';

export async function startGeocoder(url: string): Promise<void> {
  const conn = await amqp.connect(url);
  const ch = await conn.createChannel();
  await ch.assertQueue(QUEUE, {
    durable: true,
    arguments: {
      'x-queue-type': 'quorum',
      'x-delivery-limit': 5,
      'x-dead-letter-exchange': 'geocode.dlx',
    },
  });
  await ch.prefetch(10);

  await ch.consume(QUEUE, async (msg: ConsumeMessage | null) => {
    if (!msg) return;
    const { addressId, line } = JSON.parse(msg.content.toString());
    try {
      const point = await geocode(line);
      console.log(`address ${addressId} -> ${point.lat},${point.lng}`);
      ch.ack(msg);
    } catch (err) {
      const attempts = Number(msg.properties.headers?.['x-delivery-count'] ?? 0);
      console.warn(`geocode failed (attempt ${attempts + 1})`, err);
      ch.nack(msg, false, true);
    }
  });
}

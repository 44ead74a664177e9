// @ts-nocheck
import { AMQPClient, AMQPMessage } from '@cloudamqp/amqp-client';
import { upsertProduct } from '../catalog';

export async function startCatalogConsumer(url: string): Promise<void> {
  const amqp = new AMQPClient(url);
  const conn = await amqp.connect();
  const ch = await conn.channel();
  await ch.basicQos(20);
  await ch.queueDeclare('catalog.products', { durable: true }, { 'x-dead-letter-exchange': 'catalog.dlx' });

  const consumer = await ch.basicConsume('catalog.products', { noAck: false }, async (msg: AMQPMessage) => {
    try {
      const product = JSON.parse(msg.bodyToString() ?? '{}');
      await upsertProduct(product);
      await msg.ack();
    } catch (err) {
      console.error('product upsert failed', err);
      await msg.nack(false);
    }
  });
  await consumer.wait();
}

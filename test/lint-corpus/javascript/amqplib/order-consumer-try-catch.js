'use strict';

const amqp = require('amqplib');
const { saveOrder } = require('./db/orders');

const QUEUE = process.env.ORDER_QUEUE || 'orders.created';

async function main() {
  const connection = await amqp.connect(process.env.AMQP_URL || 'amqp://localhost');
  const channel = await connection.createChannel();
  await channel.assertQueue(QUEUE, {
    durable: true,
    arguments: { 'x-dead-letter-exchange': 'orders.dlx' },
  });
  await channel.prefetch(10);

  await channel.consume(QUEUE, async (msg) => {
    if (msg === null) {
      console.warn('consumer cancelled by server');
      return;
    }
    try {
      const order = JSON.parse(msg.content.toString('utf8'));
      await saveOrder(order);
      console.info('order %s stored', order.id);
      channel.ack(msg);
    } catch (err) {
      console.error('failed to store order', err);
      channel.nack(msg, false, false);
    }
  });

  process.once('SIGINT', async () => {
    await channel.close();
    await connection.close();
  });
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});

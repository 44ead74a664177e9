'use strict';

const amqp = require('amqplib');
const logger = require('pino')();
const { saveOrder } = require('./db/orders');

async function start() {
  const conn = await amqp.connect(process.env.AMQP_URL);
  const ch = await conn.createChannel();
  await ch.assertQueue('orders.created', { durable: true });
  await ch.prefetch(20);

  ch.consume('orders.created', async (msg) => {
    if (!msg) return;
    try {
      const order = JSON.parse(msg.content.toString());
      await saveOrder(order);
      ch.ack(msg);
    } catch (err) {
      logger.error({ err }, 'could not save order');
    }
  });
}

start();

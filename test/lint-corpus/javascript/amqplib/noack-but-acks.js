#!/usr/bin/env node
// Log receiver that was switched to noAck for speed but still acks.
const amqp = require('amqplib');

(async () => {
  const connection = await amqp.connect('amqp://localhost');
  const channel = await connection.createChannel();
  await channel.assertExchange('logs', 'fanout', { durable: false });
  const q = await channel.assertQueue('', { exclusive: true });
  await channel.bindQueue(q.queue, 'logs', '');

  await channel.consume(q.queue, (msg) => {
    console.log(' [x] %s', msg.content.toString());
    channel.ack(msg);
  }, { noAck: true });
})();

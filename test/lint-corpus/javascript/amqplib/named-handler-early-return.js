// Handler passed by name; a duplicate check returns before the ack.
const amqp = require('amqplib');
const redis = require('./redis');

let channel;

async function onPayment(msg) {
  const payment = JSON.parse(msg.content.toString());
  const seen = await redis.get(`payment:${payment.id}`);
  if (seen) {
    console.log('duplicate payment %s, skipping', payment.id);
    return;
  }
  await redis.set(`payment:${payment.id}`, '1', 'EX', 86400);
  console.log('captured payment %s', payment.id);
  channel.ack(msg);
}

async function main() {
  const conn = await amqp.connect(process.env.AMQP_URL);
  channel = await conn.createChannel();
  await channel.assertQueue('payments', { durable: true });
  await channel.consume('payments', onPayment, { noAck: false });
}

main();

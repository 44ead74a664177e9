// Handler passed by name; the channel lives at module scope.
const amqp = require('amqplib');
const { resizeImage } = require('./images');

let channel;

async function handleResize(msg) {
  const job = JSON.parse(msg.content.toString());
  try {
    await resizeImage(job.path, job.width, job.height);
    channel.ack(msg);
  } catch (err) {
    console.error('resize failed for %s: %s', job.path, err.message);
    channel.reject(msg, false);
  }
}

async function main() {
  const conn = await amqp.connect('amqp://localhost');
  channel = await conn.createChannel();
  await channel.assertQueue('images.resize', { durable: true, deadLetterExchange: 'images.dead' });
  await channel.prefetch(2);
  await channel.consume('images.resize', handleResize);
}

main();

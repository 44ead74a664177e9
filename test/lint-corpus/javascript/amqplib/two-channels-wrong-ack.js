// Consumes on one channel, publishes results on another, and acks on the wrong one.
const amqp = require('amqplib');

async function main() {
  const conn = await amqp.connect(process.env.AMQP_URL || 'amqp://localhost');
  const consumeChannel = await conn.createChannel();
  const publishChannel = await conn.createConfirmChannel();

  await consumeChannel.assertQueue('thumbnails.requested', { durable: true });
  await publishChannel.assertExchange('thumbnails', 'topic', { durable: true });
  await consumeChannel.prefetch(4);

  await consumeChannel.consume('thumbnails.requested', async (msg) => {
    const req = JSON.parse(msg.content.toString());
    const result = { id: req.id, url: `https://cdn.example.com/t/${req.id}.webp` };
    publishChannel.publish('thumbnails', 'thumbnails.ready', Buffer.from(JSON.stringify(result)), { persistent: true });
    await publishChannel.waitForConfirms();
    publishChannel.ack(msg);
  });
}

main();

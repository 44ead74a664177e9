import { AMQPClient } from '@cloudamqp/amqp-client';

async function run() {
  const amqp = new AMQPClient(process.env.CLOUDAMQP_URL || 'amqp://localhost');
  const conn = await amqp.connect();
  const ch = await conn.channel();
  const q = await ch.queue('chat.room.42', { durable: false });
  const consumer = await ch.basicConsume(q.name, { noAck: true }, (msg) => {
    console.log('[chat]', msg.bodyToString());
  });
  await consumer.wait();
  await conn.close();
}

run().catch((err) => {
  console.error('ERROR', err);
  setTimeout(run, 1000);
});

import { AMQPClient } from '@cloudamqp/amqp-client';
import { sendPush } from './push.js';

const client = new AMQPClient(process.env.CLOUDAMQP_URL);
const conn = await client.connect();
const ch = await conn.channel();
await ch.prefetch(10);

await ch.basicConsume('push.outbound', { noAck: false }, async (msg) => {
  const push = JSON.parse(msg.bodyToString());
  try {
    await sendPush(push.token, push.payload);
    await msg.ack();
  } catch (err) {
    console.error('push failed, requeueing', err.message);
    await msg.nack(true);
  }
});

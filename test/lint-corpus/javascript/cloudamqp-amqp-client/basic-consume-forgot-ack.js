import { AMQPClient } from '@cloudamqp/amqp-client';
import { geocode } from './geocode.js';

async function main() {
  const conn = await new AMQPClient(process.env.AMQP_URL).connect();
  const ch = await conn.channel();
  await ch.basicQos(25);
  const consumer = await ch.basicConsume('stores.geocode', { noAck: false }, async (msg) => {
    const store = JSON.parse(msg.bodyToString());
    const pos = await geocode(store.address);
    console.log(`store ${store.id} at ${pos.lat},${pos.lng}`);
  });
  await consumer.wait();
}

main();

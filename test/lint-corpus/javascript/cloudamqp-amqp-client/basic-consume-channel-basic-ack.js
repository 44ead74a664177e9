import { AMQPClient } from '@cloudamqp/amqp-client';
import { archive } from './archive.js';

async function main() {
  const conn = await new AMQPClient(process.env.AMQP_URL).connect();
  const ch = await conn.channel();
  await ch.basicQos(1);
  await ch.basicConsume('logs.archive', { noAck: false }, async (msg) => {
    const entry = msg.bodyToString();
    if (entry === null || entry.length === 0) {
      await ch.basicReject(msg.deliveryTag, false);
      return;
    }
    await archive(entry);
    await ch.basicAck(msg.deliveryTag);
  });
}

main();

// @ts-nocheck
import { AMQPClient } from '@cloudamqp/amqp-client';

export async function startForwarder(url: string): Promise<void> {
  const conn = await new AMQPClient(url).connect();
  const consumeCh = await conn.channel();
  const publishCh = await conn.channel();
  await publishCh.confirmSelect();

  await consumeCh.basicConsume('legacy.events', { noAck: false }, async (msg) => {
    await publishCh.basicPublish('events', msg.routingKey, msg.body, msg.properties);
    await publishCh.basicAck(msg.deliveryTag);
  });
}

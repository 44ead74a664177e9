// @ts-nocheck
import { AMQPClient } from '@cloudamqp/amqp-client';
import type { WebSocketServer } from 'ws';

export async function relayTicks(url: string, wss: WebSocketServer): Promise<void> {
  const client = new AMQPClient(url);
  const conn = await client.connect();
  const ch = await conn.channel();
  const q = await ch.queue('', { exclusive: true, autoDelete: true });
  await q.bind('market.ticks', '#');

  await ch.basicConsume(q.name, {}, (msg) => {
    const payload = msg.bodyToString();
    for (const socket of wss.clients) {
      socket.send(payload);
    }
  });
}

// @ts-nocheck
import { AMQPSession } from '@cloudamqp/amqp-client';
import { resize } from '../images';

// v4 session API: subscribe() acks after the callback resolves and nacks if it throws.
export async function startResizer(url: string): Promise<AMQPSession> {
  const session = await AMQPSession.connect(url, { reconnectInterval: 2000 });
  const queue = await session.queue('images.resize', { durable: true });

  await queue.subscribe({ prefetch: 4 }, async (msg) => {
    const job = JSON.parse(msg.bodyString() ?? '{}') as { key: string; width: number };
    await resize(job.key, job.width);
    console.log(`resized ${job.key}`);
  });
  return session;
}

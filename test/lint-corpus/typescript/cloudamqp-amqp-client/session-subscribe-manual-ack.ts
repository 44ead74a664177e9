// @ts-nocheck
import { AMQPSession } from '@cloudamqp/amqp-client';
import { transcode } from '../video';

export async function startTranscoder(url: string): Promise<void> {
  const session = await AMQPSession.connect(url);
  const queue = await session.queue('video.transcode', { durable: true });

  await queue.subscribe(async (msg) => {
    const job = JSON.parse(msg.bodyString() ?? '{}') as { videoId: string; preset: string };
    await transcode(job.videoId, job.preset);
    await msg.ack();
  });
}

// What the kill -9 tests share: a child `acklab serve --data-dir`, its AMQP URL, and a drain of a queue
// after a restart.
import { join } from 'node:path';
import * as amqp from 'amqplib';
import { run, until, type Child } from '../amqp/helpers';

export const CLI = join(__dirname, '..', '..', '..', 'dist', 'cli.js');

export function serve(dir: string): Child {
  return run(process.execPath, [CLI, 'serve', '--amqp-port', '0', '--data-dir', dir]);
}

export async function url(c: Child): Promise<string> {
  const exitedEarly = c.exited.then((code) => {
    throw new Error(`acklab serve exited (${code}) before listening: ${c.lines.join(' | ')}`);
  });
  const found = until(() => c.lines.some((l) => l.startsWith('AMQP listening on ')), 30_000, `the listening line (got: ${c.lines.join(' | ')})`);
  await Promise.race([found, exitedEarly]);
  return c.lines
    .find((l) => l.startsWith('AMQP listening on '))!
    .slice('AMQP listening on '.length)
    .replace('amqp://', 'amqp://guest:guest@');
}

/** Everything in the queue after a restart: body -> redelivered. Acks all of it. */
export async function drain(amqpUrl: string, queue: string): Promise<Map<string, boolean>[]> {
  const conn = await amqp.connect(amqpUrl);
  const ch = await conn.createChannel();
  const { messageCount } = await ch.assertQueue(queue, { durable: true });
  const seen = new Map<string, boolean>();
  const dups = new Map<string, boolean>();
  let n = 0;
  await ch.prefetch(1000);
  await new Promise<void>((resolve) => {
    if (messageCount === 0) return resolve();
    void ch.consume(queue, (m) => {
      if (!m) return;
      const body = m.content.toString();
      (seen.has(body) ? dups : seen).set(body, m.fields.redelivered);
      ch.ack(m);
      if (++n === messageCount) resolve();
    });
  });
  // channel.close travels behind the acks on the channel (amqplib may send connection.close ahead of them)
  await ch.close();
  await conn.close();
  return [seen, dups];
}

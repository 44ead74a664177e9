// Load generator for `npm run bench:ui` (spawned by bench/ui-host.ts inside the extension host):
// real amqplib clients against the playground's AMQP listener. Commands arrive as JSON lines on
// stdin, answers go out as JSON lines on stdout:
//   {"cmd":"setup","url":"amqp://…","queues":1000}   declare the queues, start one consumer per queue
//   {"cmd":"run","seconds":10,"rate":20000}            publish round-robin at up to `rate` msg/s; report
//   {"cmd":"quit"}
import * as amqp from 'amqplib';
import { createInterface } from 'node:readline';

const body = Buffer.alloc(64, 'x');
let pubConn: amqp.ChannelModel | undefined;
let subConn: amqp.ChannelModel | undefined;
let pub: amqp.Channel | undefined;
let queues: string[] = [];
let consumed = 0;

const reply = (x: unknown) => process.stdout.write(JSON.stringify(x) + '\n');

async function setup(url: string, n: number): Promise<void> {
  pubConn = await amqp.connect(url, { clientProperties: { connection_name: 'bench-publisher' } });
  subConn = await amqp.connect(url, { clientProperties: { connection_name: 'bench-consumer' } });
  pub = await pubConn.createChannel();
  const sub = await subConn.createChannel();
  await sub.prefetch(50);
  queues = Array.from({ length: n }, (_, i) => `bench.q${String(i).padStart(4, '0')}`);
  for (const q of queues) await pub.assertQueue(q, { durable: false });
  for (const q of queues) {
    await sub.consume(q, (m) => {
      if (!m) return;
      consumed++;
      sub.ack(m);
    });
  }
}

async function run(seconds: number, rate: number): Promise<{ published: number; consumed: number; seconds: number }> {
  const ch = pub!;
  const start = performance.now();
  const end = start + seconds * 1000;
  const c0 = consumed;
  let published = 0;
  let qi = 0;
  while (performance.now() < end) {
    // publish what the target rate allows up to now, in slices, yielding to I/O between them
    const due = Math.floor(((performance.now() - start) / 1000) * rate) - published;
    let n = Math.min(due, 500);
    while (n-- > 0) {
      const ok = ch.publish('', queues[qi]!, body);
      qi = qi + 1 === queues.length ? 0 : qi + 1;
      published++;
      if (!ok) {
        await new Promise((r) => ch.once('drain', r));
        break;
      }
    }
    await new Promise((r) => setTimeout(r, due > 0 ? 0 : 2));
  }
  const elapsed = (performance.now() - start) / 1000;
  return { published, consumed: consumed - c0, seconds: elapsed };
}

const rl = createInterface({ input: process.stdin });
rl.on('line', (line) => {
  void (async () => {
    const msg = JSON.parse(line) as { cmd: string; url?: string; queues?: number; seconds?: number; rate?: number };
    try {
      if (msg.cmd === 'setup') {
        await setup(msg.url!, msg.queues ?? 1000);
        reply({ ok: true });
      } else if (msg.cmd === 'run') {
        reply({ ok: true, ...(await run(msg.seconds ?? 10, msg.rate ?? 20_000)) });
      } else if (msg.cmd === 'quit') {
        await pubConn?.close().catch(() => undefined);
        await subConn?.close().catch(() => undefined);
        process.exit(0);
      }
    } catch (err) {
      reply({ ok: false, error: String(err) });
    }
  })();
});

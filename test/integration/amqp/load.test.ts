// Load: 50 concurrent amqplib connections publishing and consuming with manual acks through the listener.
// Every message must be delivered and acked exactly once (no redeliveries, since nothing fails), the queues
// must end empty, and memory must stay bounded. ACKLAB_LOAD_MESSAGES overrides the total (npm test: 50,000; ACKLAB_LONG=1: 200,000 as the issue asks).
import { strict as assert } from 'node:assert';
import * as amqp from 'amqplib';
import { queueCounts, startAcklab, until, type Running } from './helpers';

const TOTAL = Number(process.env.ACKLAB_LOAD_MESSAGES ?? (process.env.ACKLAB_LONG ? 200_000 : 50_000));
const CONNS = 50;
const QUEUES = 10;

describe(`AMQP listener under load: ${CONNS} connections, ${TOTAL.toLocaleString('en')} messages`, function () {
  this.timeout(600_000);
  let s: Running;
  before(async () => {
    s = await startAcklab();
  });
  after(async () => {
    await s?.stop();
  });

  it('delivers and acks every message exactly once, queues end empty, memory stays bounded', async () => {
    const perConn = Math.ceil(TOTAL / CONNS);
    const seen = new Uint8Array(CONNS * perConn);
    let delivered = 0;
    let duplicates = 0;
    let redelivered = 0;
    global.gc?.();
    const heap0 = process.memoryUsage().heapUsed;
    let heapPeak = heap0;
    const sampler = setInterval(() => {
      heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed);
    }, 50);
    const conns: amqp.ChannelModel[] = [];
    const t0 = Date.now();
    try {
      for (let i = 0; i < CONNS; i++) conns.push(await amqp.connect(s.url));
      // consumers first: one consumer channel per connection, prefetch 50, manual ack
      for (let i = 0; i < CONNS; i++) {
        const ch = await conns[i]!.createChannel();
        const q = `load-${i % QUEUES}`;
        await ch.assertQueue(q, { durable: false });
        await ch.prefetch(50);
        await ch.consume(q, (m) => {
          if (!m) return;
          const id = m.content.readUInt32BE(0);
          if (seen[id]) duplicates++;
          seen[id] = 1;
          if (m.fields.redelivered) redelivered++;
          delivered++;
          ch.ack(m);
        });
      }
      // publishers: confirm channels with a bounded window of outstanding confirms
      await Promise.all(
        conns.map(async (c, i) => {
          const ch = await c.createConfirmChannel();
          const q = `load-${i % QUEUES}`;
          const body = Buffer.alloc(64);
          for (let n = 0; n < perConn; n++) {
            const b = Buffer.from(body);
            b.writeUInt32BE(i * perConn + n, 0);
            if (!ch.sendToQueue(q, b)) await new Promise((r) => ch.once('drain', r));
            if (n % 500 === 499) await ch.waitForConfirms();
          }
          await ch.waitForConfirms();
        }),
      );
      await until(() => delivered >= CONNS * perConn, 300_000, 'all deliveries');
      // let the last acks arrive
      await until(
        () => Array.from({ length: QUEUES }, (_, k) => queueCounts(s.broker, `load-${k}`)).every((c) => c && c.ready === 0 && c.unacked === 0),
        10_000,
        'queues to drain',
      );
    } finally {
      clearInterval(sampler);
      await Promise.all(conns.map((c) => c.close().catch(() => undefined)));
    }
    assert.equal(delivered, CONNS * perConn);
    assert.equal(duplicates, 0);
    assert.equal(redelivered, 0);
    assert.equal(
      seen.reduce((a, b) => a + b, 0),
      CONNS * perConn,
      'every id seen',
    );
    const growthMiB = (heapPeak - heap0) / 2 ** 20;
    console.log(`      ${CONNS * perConn} messages in ${((Date.now() - t0) / 1000).toFixed(1)} s; heap peak +${growthMiB.toFixed(0)} MiB`);
    // client and server share this process; 200k × 64 B would be 12 MiB of bodies alone if all were queued
    assert.ok(growthMiB < 400, `heap grew by ${growthMiB.toFixed(0)} MiB`);
    await until(() => s.server.connectionCount === 0, 5000, 'connections to close');
  });
});

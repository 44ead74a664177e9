// Output flow control: a consumer that stops reading its socket is not disconnected. The broker stops
// delivering to it once ~maxOutputBuffer waits for it (RabbitMQ's credit flow), the rest stays ready in the
// queue, other consumers get it, and when the client reads again it receives everything, in order, once.
// Real sockets: a raw node:net client that can stop reading, amqplib publishers and consumers.
import { strict as assert } from 'node:assert';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import * as amqp from 'amqplib';
import { queueCounts, startAcklab, until, type Running } from './helpers';
import { BODY, publish, rawConsumer, type RawConsumer } from './stalled-client';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const MIB = 1024 * 1024;

function statsFor(s: Running, c: RawConsumer) {
  const st = s.server.connectionStats().find((x) => x.remotePort === c.sock.localPort);
  assert.ok(st, 'the raw client has a server connection');
  return st;
}

const range = (n: number, from = 0) => Array.from({ length: n }, (_, i) => from + i);

describe('AMQP listener: a consumer that stops reading (output flow control)', function () {
  this.timeout(180_000);
  let s: Running;
  let raw: RawConsumer | undefined;
  afterEach(async () => {
    raw?.sock.destroy();
    raw = undefined;
    await s?.stop();
    assert.deepEqual(
      s.logs.filter((l) => /internal error|not reading/.test(l)),
      [],
      'no internal errors, no one dropped',
    );
  });

  it('a stalled no-ack consumer is not disconnected; the rest stays ready; buffered output and memory stay bounded; reading again gets every message once, in order', async () => {
    s = await startAcklab(); // defaults: maxOutputBuffer 8 MiB, hardOutputLimit 64 MiB
    const N = 3200; // 200 MiB
    raw = await rawConsumer(s.port, 'q');
    await raw.consumeOk;
    raw.sock.pause(); // the worker stops reading
    const r = raw;
    gc();
    const ab0 = process.memoryUsage().arrayBuffers;
    let peakWaiting = 0;
    const sample = () => {
      if (!r.closed) peakWaiting = Math.max(peakWaiting, statsFor(s, r).bytesWaiting);
    };
    let i = 0;
    await publish(s.url, 'q', N, () => {
      if (++i % 50 === 0) sample();
    });
    sample();
    const st = statsFor(s, r);
    gc();
    await new Promise((res) => setImmediate(res));
    gc();
    const abGrowth = process.memoryUsage().arrayBuffers - ab0;
    const counts = queueCounts(s.broker, 'q')!;
    const sentToRaw = N - counts.ready;
    console.log(
      `      published ${(N * BODY) / MIB} MiB; sent to the stalled client ${sentToRaw} (${((sentToRaw * BODY) / MIB).toFixed(1)} MiB, part in kernel buffers); ` +
        `server buffer peak ${(st.peakBytesWaiting / MIB).toFixed(1)} MiB (sampled ${(peakWaiting / MIB).toFixed(1)}); arrayBuffers +${(abGrowth / MIB).toFixed(0)} MiB`,
    );
    assert.equal(r.closed, false, 'the stalled connection is still open');
    assert.equal(r.closeMethod, undefined);
    assert.equal(st.deliveriesPaused, true, 'deliveries to it are paused');
    // at most maxOutputBuffer plus one message (and a partial batch) waits in the server for it
    assert.ok(st.peakBytesWaiting <= 8 * MIB + 512 * 1024, `server-side buffer peak ${st.peakBytesWaiting}`);
    // the rest is ready in the queue (kernel buffers on loopback hold a few MiB more than the server's)
    assert.equal(counts.consumers, 1);
    assert.equal(counts.unacked, 0);
    assert.ok(counts.ready >= N - Math.ceil((40 * MIB) / BODY), `ready ${counts.ready} of ${N}`);
    // memory: the queued messages themselves plus a bounded margin (without flow control the whole 200 MiB also sat in the socket buffer)
    assert.ok(abGrowth < counts.ready * BODY + 48 * MIB, `arrayBuffers grew ${abGrowth} for ${counts.ready * BODY} bytes of ready messages`);
    // the client reads again: every message exactly once, in order, and the queue empties
    r.sock.resume();
    await until(() => r.received.length >= N, 60_000, 'the client to receive everything');
    assert.deepEqual(r.received, range(N));
    await until(() => queueCounts(s.broker, 'q')?.ready === 0, 5000, 'the queue to empty');
    assert.equal(r.closed, false);
    assert.equal(statsFor(s, r).deliveriesPaused, false);
  });

  it('deliveries never reach the hard limit: with maxOutputBuffer 1 MiB and hardOutputLimit 4 MiB a stalled consumer of a 20 MiB backlog stays connected', async () => {
    s = await startAcklab({ maxOutputBuffer: 1 << 20, hardOutputLimit: 4 << 20 });
    const good = await amqp.connect(s.url);
    try {
      const gch = await good.createChannel();
      await gch.assertQueue('flood', { durable: false });
      const body = Buffer.alloc(1024, 1);
      for (let i = 0; i < 20_000; i++) {
        body.writeUInt32BE(i, 0);
        gch.sendToQueue('flood', body);
      }
      await gch.checkQueue('flood');
      // consuming a long backlog is one broker operation: the listener must stop it part-way, not buffer 20 MiB
      raw = await rawConsumer(s.port, 'flood');
      const r = raw;
      r.sock.pause();
      await until(() => s.server.connectionStats().some((x) => x.remotePort === r.sock.localPort && x.deliveriesPaused), 5000, 'deliveries to pause');
      await new Promise((res) => setTimeout(res, 300));
      const st = statsFor(s, r);
      assert.equal(r.closed, false);
      assert.ok(st.peakBytesWaiting <= (1 << 20) + 64 * 1024, `server-side buffer peak ${st.peakBytesWaiting}`);
      assert.ok(queueCounts(s.broker, 'flood')!.ready > 10_000, 'most of the backlog is still ready');
      r.sock.resume();
      await until(() => r.received.length >= 20_000, 30_000, 'the client to receive everything');
      assert.deepEqual(r.received, range(20_000));
    } finally {
      await good.close();
    }
  });

  it('while one consumer is stalled, a consumer on another connection gets the messages the stalled one cannot take', async () => {
    s = await startAcklab();
    const N = 1600; // 100 MiB
    raw = await rawConsumer(s.port, 'q2');
    await raw.consumeOk;
    raw.sock.pause();
    const r = raw;
    const other = await amqp.connect(s.url);
    const got: number[] = [];
    try {
      const och = await other.createChannel();
      await och.assertQueue('q2', { durable: false });
      await och.consume(
        'q2',
        (m) => {
          if (m) got.push(m.content.readUInt32BE(0));
        },
        { noAck: true },
      );
      await publish(s.url, 'q2', N);
      const stalledShare = () => N - got.length;
      await until(
        () => queueCounts(s.broker, 'q2')?.ready === 0 && got.length + r.received.length >= N - Math.ceil((40 * MIB) / BODY),
        30_000,
        'the other consumer to take the rest',
      );
      // the stalled client got no more than its buffers hold; the other consumer got everything else
      assert.equal(r.closed, false, 'the stalled connection is still open');
      assert.ok(got.length >= N - Math.ceil((40 * MIB) / BODY), `other consumer got ${got.length} of ${N}`);
      assert.ok(stalledShare() > 0, 'the stalled consumer got its share before its buffers filled');
      // in order per consumer, and the stalled one gets its share exactly once when it reads again
      assert.deepEqual(
        [...got].sort((a, b) => a - b),
        got,
        'the other consumer got its messages in order',
      );
      r.sock.resume();
      await until(() => got.length + r.received.length >= N, 30_000, 'the stalled consumer to catch up');
      assert.deepEqual(
        [...r.received].sort((a, b) => a - b),
        r.received,
        'the stalled consumer got its messages in order',
      );
      assert.deepEqual(
        [...got, ...r.received].sort((a, b) => a - b),
        range(N),
        'every message exactly once',
      );
    } finally {
      await other.close();
    }
  });
});

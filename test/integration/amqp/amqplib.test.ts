// Real amqplib clients (and the tutorial's worker.js in child processes) against the listener.
import { strict as assert } from 'node:assert';
import { connect as tcpConnect } from 'node:net';
import { join } from 'node:path';
import * as amqp from 'amqplib';
import { encodeMethodFrame, PROTOCOL_HEADER, FrameReader } from '../../../src/amqp/codec';
import { queueCounts, run, sleep, startAcklab, until, type Running } from './helpers';
import { handshakeFrames } from './stalled-client';

const WORKER = join(__dirname, 'peers', 'worker.js');

function channelError(ch: amqp.Channel): Promise<Error & { code?: number }> {
  return new Promise((resolve) => ch.once('error', resolve));
}

describe('AMQP listener with amqplib', function () {
  this.timeout(30_000);
  let s: Running;
  beforeEach(async () => {
    s = await startAcklab();
  });
  afterEach(async () => {
    await s.stop();
    assert.deepEqual(
      s.logs.filter((l) => /internal error/.test(l)),
      [],
      'no internal errors',
    );
  });

  it('work queue: a worker killed mid-task loses nothing; another worker gets the message redelivered', async () => {
    const url = s.url;
    const conn = await amqp.connect(url);
    const ch = await conn.createChannel();
    await ch.assertQueue('task_queue', { durable: true });
    const w1 = run(process.execPath, [WORKER, url, 'task_queue', 'w1']);
    await until(() => w1.lines.includes('w1 waiting'), 10_000, 'worker 1');
    ch.sendToQueue('task_queue', Buffer.from('long task.....'), { persistent: true });
    ch.sendToQueue('task_queue', Buffer.from('second'), { persistent: true });
    await until(() => w1.lines.some((l) => l.startsWith('w1 received long task')), 5000, 'w1 to receive');
    await until(() => queueCounts(s.broker, 'task_queue')?.ready === 1, 2000, 'second task queued');
    // prefetch 1: the second task waits in the queue while w1 works
    assert.deepEqual(queueCounts(s.broker, 'task_queue'), { ready: 1, unacked: 1, consumers: 1 });
    w1.proc.kill('SIGKILL');
    await w1.exited;
    await until(() => queueCounts(s.broker, 'task_queue')?.consumers === 0, 5000, 'w1 connection to go');
    assert.deepEqual(queueCounts(s.broker, 'task_queue'), { ready: 2, unacked: 0, consumers: 0 });
    const w2 = run(process.execPath, [WORKER, url, 'task_queue', 'w2']);
    try {
      await until(() => w2.lines.includes('w2 done second'), 15_000, 'w2 to finish both');
      assert.deepEqual(
        w2.lines.filter((l) => / received /.test(l)),
        ['w2 received long task..... redelivered=true', 'w2 received second redelivered=false'],
      );
      await until(() => queueCounts(s.broker, 'task_queue')?.unacked === 0, 2000, 'last ack');
      assert.deepEqual(queueCounts(s.broker, 'task_queue'), { ready: 0, unacked: 0, consumers: 1 });
    } finally {
      w2.proc.kill('SIGKILL');
      await w2.exited;
      await conn.close();
    }
  });

  it('prefetch limits unacked deliveries per consumer; each ack releases the next', async () => {
    const conn = await amqp.connect(s.url);
    const ch = await conn.createChannel();
    await ch.assertQueue('pf');
    for (let i = 0; i < 10; i++) ch.sendToQueue('pf', Buffer.from(String(i)));
    await ch.prefetch(3);
    const got: amqp.ConsumeMessage[] = [];
    await ch.consume('pf', (m) => {
      if (m) got.push(m);
    });
    await until(() => got.length === 3);
    await sleep(100);
    assert.equal(got.length, 3);
    ch.ack(got[0]!);
    await until(() => got.length === 4);
    ch.ack(got[3]!, true);
    await until(() => got.length === 7);
    assert.deepEqual(
      got.map((m) => m.content.toString()),
      ['0', '1', '2', '3', '4', '5', '6'],
    );
    assert.deepEqual(queueCounts(s.broker, 'pf'), { ready: 3, unacked: 3, consumers: 1 });
    await conn.close();
  });

  it('publisher confirms: every publish is acked; mandatory unroutable returns first', async () => {
    const conn = await amqp.connect(s.url);
    const ch = await conn.createConfirmChannel();
    await ch.assertQueue('conf');
    const acks: number[] = [];
    for (let i = 1; i <= 100; i++)
      ch.sendToQueue('conf', Buffer.from(`m${i}`), {}, (err) => {
        if (!err) acks.push(i);
      });
    await ch.waitForConfirms();
    assert.equal(acks.length, 100);
    const order: string[] = [];
    ch.on('return', (m: amqp.Message) => order.push(`return ${m.content.toString()}`));
    await new Promise<void>((r) =>
      ch.publish('', 'no-such-queue', Buffer.from('x'), { mandatory: true }, () => {
        order.push('ack');
        r();
      }),
    );
    assert.deepEqual(order, ['return x', 'ack']);
    assert.equal(queueCounts(s.broker, 'conf')?.ready, 100);
    await conn.close();
  });

  it('nack with requeue puts the message back at its position, redelivered', async () => {
    const conn = await amqp.connect(s.url);
    const ch = await conn.createChannel();
    await ch.assertQueue('nq');
    for (const b of ['a', 'b', 'c']) ch.sendToQueue('nq', Buffer.from(b));
    const m1 = await ch.get('nq');
    const m2 = await ch.get('nq');
    assert.ok(m1 && m2);
    ch.nack(m2, false, true);
    ch.nack(m1, false, true);
    const again = [await ch.get('nq', { noAck: true }), await ch.get('nq', { noAck: true }), await ch.get('nq', { noAck: true })];
    assert.deepEqual(
      again.map((m) => m && [m.content.toString(), m.fields.redelivered]),
      [
        ['a', true],
        ['b', true],
        ['c', false],
      ],
    );
    await conn.close();
  });

  it('double ack closes the channel with 406 PRECONDITION_FAILED; the connection stays usable', async () => {
    const conn = await amqp.connect(s.url);
    const ch = await conn.createChannel();
    await ch.assertQueue('da');
    ch.sendToQueue('da', Buffer.from('x'));
    const m = await ch.get('da');
    assert.ok(m);
    const err = channelError(ch);
    ch.ack(m);
    ch.ack(m);
    const e = await err;
    assert.equal(e.code, 406);
    assert.match(e.message, /PRECONDITION_FAILED - unknown delivery tag 1/);
    const ch2 = await conn.createChannel();
    const q = await ch2.checkQueue('da');
    assert.equal(q.messageCount, 0);
    await conn.close();
  });

  it('consumer cancel notify: deleting the queue cancels the consumer (callback gets null)', async () => {
    const conn = await amqp.connect(s.url);
    const ch = await conn.createChannel();
    await ch.assertQueue('cn');
    let cancelled = false;
    await ch.consume('cn', (m) => {
      if (m === null) cancelled = true;
    });
    const other = await conn.createChannel();
    await other.deleteQueue('cn');
    await until(() => cancelled, 3000, 'basic.cancel from the server');
    await conn.close();
  });

  it("passive declare of a missing queue: 404 with RabbitMQ's text", async () => {
    const conn = await amqp.connect(s.url);
    const ch = await conn.createChannel();
    const err = channelError(ch);
    await assert.rejects(ch.checkQueue('missing'));
    assert.match((await err).message, /404 \(NOT-FOUND\) with message "NOT_FOUND - no queue 'missing' in vhost '\/'"/);
    await conn.close();
  });

  it('bodies larger than frame_max are split and reassembled; over max message size is 406', async () => {
    await s.stop();
    s = await startAcklab({ maxMessageSize: 300_000 });
    const conn = await amqp.connect(s.url);
    const ch = await conn.createChannel();
    await ch.assertQueue('big');
    const body = Buffer.alloc(250_000);
    for (let i = 0; i < body.length; i++) body[i] = i % 251;
    ch.sendToQueue('big', body);
    const m = await ch.get('big', { noAck: true });
    assert.ok(m && m.content.equals(body));
    const err = channelError(ch);
    ch.sendToQueue('big', Buffer.alloc(300_001));
    const e = await err;
    assert.equal(e.code, 406);
    assert.match(e.message, /message size 300001 is larger than configured max size 300000/);
    await conn.close();
  });

  it('wrong credentials: 403 ACCESS_REFUSED; configured users can log in', async () => {
    await assert.rejects(
      amqp.connect(s.url.replace('guest:guest', 'guest:nope')),
      /403 \(ACCESS-REFUSED\).*Login was refused using authentication mechanism PLAIN/,
    );
    await s.stop();
    s = await startAcklab({ users: { alice: { password: 's3cret' } } });
    const c = await amqp.connect(`amqp://alice:s3cret@127.0.0.1:${s.port}`);
    await c.close();
    await assert.rejects(amqp.connect(s.url), /ACCESS_REFUSED/);
  });

  it('AMQPLAIN login works; an unsupported mechanism (EXTERNAL) is refused', async () => {
    const opts = { protocol: 'amqp', hostname: '127.0.0.1', port: s.port };
    const ok = await amqp.connect(opts, { credentials: amqp.credentials.amqplain('guest', 'guest') });
    await ok.close();
    await assert.rejects(
      amqp.connect(opts, { credentials: amqp.credentials.amqplain('guest', 'bad') }),
      /ACCESS_REFUSED - Login was refused using authentication mechanism AMQPLAIN/,
    );
    await assert.rejects(amqp.connect(opts, { credentials: amqp.credentials.external() }));
  });

  it('guest may only connect from loopback, like RabbitMQ', async function () {
    const ext = Object.values((await import('node:os')).networkInterfaces())
      .flat()
      .find((i) => i && i.family === 'IPv4' && !i.internal);
    if (!ext) this.skip();
    await s.stop();
    s = await startAcklab({ host: '0.0.0.0', users: { guest: { password: 'guest', remote: false }, bob: { password: 'b' } } });
    // RabbitMQ's client-visible text hides the reason (loopback_users); see auth-netns.test.ts.
    await assert.rejects(
      amqp.connect(`amqp://guest:guest@${ext!.address}:${s.port}`),
      /403 \(ACCESS-REFUSED\).*Login was refused using authentication mechanism PLAIN\. For details see the broker logfile\./,
    );
    const c = await amqp.connect(`amqp://bob:b@${ext!.address}:${s.port}`);
    await c.close();
  });

  it("a wrong protocol header gets AMQP 0-9-1's header back and the socket closed", async () => {
    const got = await new Promise<Buffer>((resolve, reject) => {
      const sock = tcpConnect(s.port, '127.0.0.1', () => sock.write('GET / HTTP/1.1\r\n\r\n'));
      const parts: Buffer[] = [];
      sock.on('data', (d) => parts.push(d));
      sock.on('close', () => resolve(Buffer.concat(parts)));
      sock.on('error', reject);
    });
    assert.deepEqual(got, PROTOCOL_HEADER);
  });

  it('heartbeats: an idle client with heartbeat=1 stays connected; a silent raw client is dropped', async () => {
    const conn = await amqp.connect(`${s.url}?heartbeat=1`);
    let closed = false;
    conn.on('close', () => {
      closed = true;
    });
    await sleep(3500);
    assert.equal(closed, false);
    const ch = await conn.createChannel();
    await ch.assertQueue('hb');
    await conn.close();

    // raw client: handshake with heartbeat 1, then silence
    const frames: number[] = [];
    const dropped = await new Promise<boolean>((resolve) => {
      const sock = tcpConnect(s.port, '127.0.0.1');
      const reader = new FrameReader();
      const timer = setTimeout(() => {
        sock.destroy();
        resolve(false);
      }, 6000);
      sock.on('connect', () => {
        sock.write(PROTOCOL_HEADER);
        sock.write(
          encodeMethodFrame(0, 'connection.start-ok', { clientProperties: {}, mechanism: 'PLAIN', response: Buffer.from('\0guest\0guest'), locale: 'en_US' }),
        );
        sock.write(encodeMethodFrame(0, 'connection.tune-ok', { channelMax: 2047, frameMax: 131072, heartbeat: 1 }));
        sock.write(encodeMethodFrame(0, 'connection.open', { virtualHost: '/' }));
      });
      sock.on('data', (d) => {
        reader.push(d);
        for (let f = reader.next(); f; f = reader.next()) frames.push(f.type);
      });
      sock.on('close', () => {
        clearTimeout(timer);
        resolve(true);
      });
    });
    assert.ok(dropped, 'server closed the silent connection');
    assert.ok(frames.includes(8), 'server sent heartbeats');
  });

  it('memory above the watermark blocks publishers with connection.blocked, then unblocks', async () => {
    await s.stop();
    let used = 0;
    s = await startAcklab({ memoryHighWatermark: 1000, memoryUsed: () => used, memoryCheckMs: 50 });
    const conn = await amqp.connect(s.url);
    const events: string[] = [];
    conn.on('blocked', (reason: string) => events.push(`blocked ${reason}`));
    conn.on('unblocked', () => events.push('unblocked'));
    const ch = await conn.createChannel();
    await ch.assertQueue('mem');
    used = 5000;
    await until(() => events.length === 1, 2000, 'connection.blocked');
    ch.sendToQueue('mem', Buffer.from('held'));
    ch.sendToQueue('mem', Buffer.from('held2'));
    await sleep(300);
    // a publisher is paused while blocked: its message is not routed until memory drops
    assert.ok((queueCounts(s.broker, 'mem')?.ready ?? 0) <= 1);
    used = 0;
    await until(() => events.length === 2, 2000, 'connection.unblocked');
    await until(() => queueCounts(s.broker, 'mem')?.ready === 2, 2000, 'held messages to arrive');
    assert.deepEqual(events, ['blocked low on memory', 'unblocked']);
    await conn.close();
  });

  it('closing the server sends connection.close 320 to clients', async () => {
    const conn = await amqp.connect(s.url);
    const closed = new Promise<Error | undefined>((r) => conn.on('close', r));
    await s.server.close(2000);
    const e = await closed;
    assert.match(String(e?.message), /320 \(CONNECTION-FORCED\) with message "CONNECTION_FORCED - broker forced connection closure with reason 'shutdown'"/);
  });
});

describe('AMQP listener: a client that stops reading', function () {
  this.timeout(60_000);
  // (A consumer that stops reading is not dropped: deliveries pause, see slow-consumer.test.ts. Replies to its
  // own requests are not paused, so the hard limit stays as the last-resort net for a client that keeps asking.)
  it('is dropped once too much output it asked for waits for it (basic.get flood); other connections are unaffected and nothing acked is lost', async () => {
    const s = await startAcklab({ maxOutputBuffer: 1 << 20, hardOutputLimit: 4 << 20 });
    try {
      const good = await amqp.connect(s.url);
      const gch = await good.createChannel();
      await gch.assertQueue('flood');
      await gch.assertQueue('work');
      const body = Buffer.alloc(1024, 1);
      for (let i = 0; i < 20_000; i++) gch.sendToQueue('flood', body);
      await gch.checkQueue('flood');
      // the stuck client: handshake, 20,000 basic.get (no-ack) on `flood`, and never read the answers
      const sock = tcpConnect(s.port, '127.0.0.1');
      await new Promise<void>((r) => sock.on('connect', () => r()));
      sock.write(
        Buffer.concat([...handshakeFrames(), ...Array.from({ length: 20_000 }, () => encodeMethodFrame(1, 'basic.get', { queue: 'flood', noAck: true }))]),
      );
      sock.pause();
      const dropped = new Promise<void>((r) => sock.on('close', () => r()));
      await until(() => s.logs.some((l) => /client is not reading/.test(l)), 20_000, 'the stuck client to be dropped');
      sock.resume(); // let the socket see the close
      await dropped;
      // the other connection still works, and manual acks there are exact
      for (let i = 0; i < 10; i++) gch.sendToQueue('work', Buffer.from(String(i)));
      const got: string[] = [];
      for (let i = 0; i < 10; i++) {
        const m = await gch.get('work');
        assert.ok(m);
        got.push(m.content.toString());
        gch.ack(m);
      }
      assert.deepEqual(got, ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
      await until(() => queueCounts(s.broker, 'work')?.unacked === 0, 2000, 'acks');
      assert.deepEqual(queueCounts(s.broker, 'work'), { ready: 0, unacked: 0, consumers: 0 });
      await good.close();
    } finally {
      await s.stop();
    }
  });
});

// startBroker(): the embeddable test broker, used the way a mocha/jest/vitest suite would, with a
// real amqplib client. expectAllSettled() fails on an ack bug (with file:line when traced), passes
// once the code is right, and reset() starts over.
import { strict as assert } from 'node:assert';
import amqp from 'amqplib';
import { startBroker, type TestBrokerHandle } from '../../../src/testkit/api';

async function until(cond: () => boolean): Promise<void> {
  const end = Date.now() + 5000;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** The line this is called from. */
function lineHere(): number {
  return Number(/:(\d+):\d+\)?$/.exec(new Error().stack!.split('\n')[2]!)![1]);
}

describe('testkit: startBroker()', function () {
  this.timeout(30_000);
  let acks: TestBrokerHandle;
  before(async () => {
    acks = await startBroker({ trace: true });
  });
  after(() => acks.close());
  afterEach(() => acks.reset());

  it('gives a URL amqplib connects to, and passes expectAllSettled() when every delivery is acked', async () => {
    assert.match(acks.url, /^amqp:\/\/guest:guest@127\.0\.0\.1:\d+$/);
    const conn = await amqp.connect(acks.url);
    const ch = await conn.createChannel();
    await ch.assertQueue('api.ok');
    let n = 0;
    await ch.consume('api.ok', (m) => {
      if (m) {
        ch.ack(m);
        n++;
      }
    });
    ch.sendToQueue('api.ok', Buffer.from('a'));
    await until(() => n === 1);
    await acks.expectAllSettled();
    await conn.close();
    await acks.expectAllSettled();
  });

  it('fails expectAllSettled() on an unacked delivery while open, and names the consume line once closed', async () => {
    const conn = await amqp.connect(acks.url, { clientProperties: { connection_name: 'api-worker' } });
    const ch = await conn.createChannel();
    await ch.assertQueue('api.missing');
    let n = 0;
    const consumeLine = lineHere() + 1;
    await ch.consume('api.missing', () => {
      n++;
    });
    ch.sendToQueue('api.missing', Buffer.from('a'));
    await until(() => n === 1);
    acks.expectNoFindings();
    await assert.rejects(acks.expectAllSettled(50), /1 unacknowledged on queue "api\.missing"/);
    await conn.close();
    await until(() => acks.report().findings.length === 1);
    const f = acks.report().findings[0]!;
    assert.equal(f.rule, 'missing-ack');
    assert.equal(f.client.connectionName, 'api-worker');
    assert.match(f.location!.file, /test\/integration\/testkit\/api\.test\.ts$/);
    assert.equal(f.location!.line, consumeLine);
    await assert.rejects(
      acks.expectAllSettled(),
      (e: Error) => e.name === 'AssertionError' && /missing-ack/.test(e.message) && /api\.test\.ts:\d+/.test(e.message),
    );
    acks.reset();
    acks.expectNoFindings();
  });

  it('expectNoFindings() catches a double ack', async () => {
    const conn = await amqp.connect(acks.url);
    const ch = await conn.createChannel();
    ch.on('error', () => {});
    let closed = false;
    ch.on('close', () => {
      closed = true;
    });
    await ch.assertQueue('api.double');
    await ch.consume('api.double', (m) => {
      if (m) {
        ch.ack(m);
        ch.ack(m);
      }
    });
    ch.sendToQueue('api.double', Buffer.from('a'));
    await until(() => closed);
    assert.throws(() => acks.expectNoFindings(), /double-ack/);
    await conn.close();
  });
});

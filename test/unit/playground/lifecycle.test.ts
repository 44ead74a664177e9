// The extension's broker lifecycle in plain Node: real broker, real AMQP listener, real amqplib.
import { strict as assert } from 'node:assert';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as amqp from 'amqplib';
import { Broker, sinkOf } from '../../../src/broker';
import { extensionStateFile, listenerFactory, Playground, readSettings, type LogLevel, type Settings } from '../../../src/playground';

const enc = new TextEncoder();

function freePort(): Promise<number> {
  return new Promise((res) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => res(p));
    });
  });
}
function listen(port: number): Promise<Server> {
  return new Promise((res) => {
    const s = createServer().listen(port, '127.0.0.1', () => res(s));
  });
}

describe('playground/lifecycle (the broker lifecycle of the extension and acklab serve)', function () {
  this.timeout(30_000);
  let dir: string;
  let pg: Playground | undefined;
  const logs: [LogLevel, string][] = [];
  const make = async (over: Partial<Settings> = {}, extra: { portGraceMs?: number; previousPort?: number } = {}) => {
    const settings = { ...readSettings(() => undefined).settings, amqpPort: await freePort(), ...over };
    const store = extensionStateFile(join(dir, 'state', 'broker-state.json'), (l, m) => logs.push([l, m]));
    pg = new Playground({ settings, store, listen: listenerFactory, log: (l, m) => logs.push([l, m]), portGraceMs: 0, ...extra });
    return pg;
  };
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'acklab-pg-'));
    logs.length = 0;
  });
  afterEach(async () => {
    await pg?.dispose();
    pg = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  it('restart keeps durable queues and persistent messages, drops the rest; the state file is written whole', async () => {
    const p = await make();
    await p.start();
    const ch = p.channel();
    ch.queueDeclare({ queue: 'durable', durable: true });
    ch.queueDeclare({ queue: 'transient', durable: false });
    ch.basicPublish({ routingKey: 'durable' }, { deliveryMode: 2 }, enc.encode('keep'));
    ch.basicPublish({ routingKey: 'durable' }, { deliveryMode: 1 }, enc.encode('lose'));
    ch.basicPublish({ routingKey: 'transient' }, { deliveryMode: 2 }, enc.encode('lose too'));
    await p.restart();
    const qs = p.broker!.snapshot().queues;
    assert.deepEqual(
      qs.map((q) => [q.name, q.ready]),
      [['durable', 1]],
    );
    const got = p.channel().basicGet({ queue: 'durable', noAck: true });
    assert.equal(new TextDecoder().decode(got!.body), 'keep');
    assert.deepEqual(readdirSync(join(dir, 'state')), ['acklab-state.log'], 'no temp file left behind');
    assert.match(readFileSync(join(dir, 'state', 'acklab-state.log'), 'utf8'), /^[0-9a-f]{8} \{"t":"acklab-log","v":1,/);
  });

  it('a new Playground on the same file restores the state (a window reload)', async () => {
    const p1 = await make();
    await p1.start();
    p1.channel().queueDeclare({ queue: 'orders', durable: true });
    p1.channel().basicPublish({ routingKey: 'orders' }, { deliveryMode: 2 }, enc.encode('o1'));
    await p1.dispose();
    const p2 = await make();
    await p2.start();
    assert.equal(p2.broker!.snapshot().queues.find((q) => q.name === 'orders')?.ready, 1);
    assert.ok(
      logs.some(([l, m]) => l === 'info' && /Restored 1 durable queue\(s\) with 1 persistent message\(s\)/.test(m)),
      JSON.stringify(logs),
    );
  });

  it('an unreadable state file is set aside with a clear log line, and the broker starts empty', async () => {
    const p = await make();
    const file = join(dir, 'state', 'acklab-state.log');
    await p.start();
    await p.stop();
    writeFileSync(file, '{"version": 1, "queues": [ truncated\n');
    await p.start();
    assert.equal(p.state, 'running');
    assert.deepEqual(p.broker!.snapshot().queues, []);
    const aside = readdirSync(join(dir, 'state')).find((f) => f.startsWith('acklab-state.log.broken-'));
    assert.ok(aside, 'kept aside');
    assert.equal(readFileSync(join(dir, 'state', aside), 'utf8'), '{"version": 1, "queues": [ truncated\n', 'unchanged');
    assert.ok(
      logs.some(([l, m]) => l === 'error' && /Line 1 fails its checksum.*was set aside as .*acklab-state\.log\.broken-\d+; starting empty/.test(m)),
      JSON.stringify(logs),
    );
  });

  it('the old whole-file broker-state.json of the extension is migrated into the state log', async () => {
    const b = new Broker();
    const ch = b.connect({}, sinkOf({})).openChannel(1);
    ch.queueDeclare({ queue: 'old', durable: true });
    ch.basicPublish({ routingKey: 'old' }, { deliveryMode: 2 }, enc.encode('from before'));
    mkdirSync(join(dir, 'state'));
    writeFileSync(join(dir, 'state', 'broker-state.json'), JSON.stringify(b.durableState()));
    const p = await make();
    await p.start();
    assert.equal(new TextDecoder().decode(p.channel().basicGet({ queue: 'old', noAck: true })!.body), 'from before');
    assert.deepEqual(readdirSync(join(dir, 'state')), ['acklab-state.log']);
    assert.ok(
      logs.some(([l, m]) => l === 'info' && /Restored 1 durable queue\(s\) with 1 persistent message\(s\).*migrated from .*broker-state\.json/.test(m)),
      JSON.stringify(logs),
    );
  });

  it('persistState off: nothing is written or restored', async () => {
    const p = await make({ persist: false });
    await p.start();
    p.channel().queueDeclare({ queue: 'd', durable: true });
    await p.restart();
    assert.deepEqual(p.broker!.snapshot().queues, []);
    assert.equal(existsSync(join(dir, 'state', 'broker-state.json')), false);
    assert.equal(existsSync(join(dir, 'state', 'acklab-state.log')), false);
  });

  it('an explicitly chosen busy port fails clearly; new settings retry', async () => {
    const busy = await listen(0);
    const port = (busy.address() as { port: number }).port;
    try {
      const p = await make({ amqpPort: port });
      await assert.rejects(p.start(), new RegExp(`AMQP port ${port} \\(setting acklab.amqp.port\\) is in use`));
      assert.equal(p.state, 'failed');
      const free = await freePort();
      await p.reconfigure({ ...p.settings, amqpPort: free }, { restartBroker: false, restartListener: true });
      assert.equal(p.state, 'running');
      assert.equal(p.port, free);
    } finally {
      busy.close();
    }
  });

  it('waits for a port still held by the previous extension host after a reload', async () => {
    const port = await freePort();
    const blocker = await listen(port);
    setTimeout(() => blocker.close(), 400);
    const p = await make({ amqpPort: port }, { portGraceMs: 5000 });
    await p.start();
    assert.equal(p.port, port);
  });

  it('closing a client connection from the extension requeues its unacked message (a crashed worker)', async () => {
    const p = await make();
    await p.start();
    const conn = await amqp.connect(`amqp://guest:guest@127.0.0.1:${p.port}`, { clientProperties: { connection_name: 'worker' } });
    const closed = new Promise<Error>((r) => conn.once('close', r));
    conn.on('error', () => undefined);
    const ch = await conn.createChannel();
    await ch.assertQueue('tasks', { durable: false });
    let delivered = 0;
    await ch.consume('tasks', () => void delivered++, { noAck: false });
    p.channel().basicPublish({ routingKey: 'tasks' }, {}, enc.encode('job 1'));
    const deadline = Date.now() + 5000;
    while (delivered === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    const q = () => p.broker!.snapshot().queues.find((x) => x.name === 'tasks')!;
    assert.equal(q().unacked, 1);
    const [entry] = p.broker!.queueDetail('/', 'tasks')!.unackedMessages;
    assert.equal(
      new TextDecoder().decode(p.broker!.messageContent(entry!.messageId)!.body),
      'job 1',
      'the body of an unacked delivery is there for its preview',
    );
    const id = p.broker!.snapshot().connections.find((c) => c.name === 'worker')!.id;
    p.closeConnection(id);
    const err = await closed;
    assert.match(String(err), /320|CONNECTION_FORCED/);
    assert.equal(q().ready, 1);
    assert.equal(q().unacked, 0);
    assert.equal(p.broker!.queueDetail('/', 'tasks')!.unackedMessages.length, 0, 'no delivery row (and no preview) once the message is no longer unacked');
    assert.equal(p.channel().basicGet({ queue: 'tasks', noAck: true })!.redelivered, true);
    assert.throws(() => p.closeConnection(id), /Connection \d+ is not open/);
  });

  it('fast-forward fires TTL expiry; commands on a stopped broker say how to start it', async () => {
    const p = await make();
    await p.start();
    p.channel().queueDeclare({ queue: 'ttl', arguments: { 'x-message-ttl': 60_000 } });
    p.channel().basicPublish({ routingKey: 'ttl' }, {}, enc.encode('x'));
    p.fastForward(61_000);
    assert.equal(p.broker!.snapshot().queues[0]!.ready, 0);
    await p.stop();
    assert.throws(() => p.channel(), /not running\. Start it with "AckLab: Start Broker"/);
  });
});

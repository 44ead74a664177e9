// The state file (src/broker/persistence): one log format, confirms only after fsync, compaction,
// migration of the two older whole-file formats, and a state file treated as untrusted input.
import { strict as assert } from 'node:assert';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Broker, VirtualClock, sinkOf, type BrokerChannel } from '../../../src/broker';
import { openDurableStore, StateFileError, type DurableStore } from '../../../src/broker/persistence';
import { encodeLine } from '../../../src/broker/persistence/format';
import { bytes, text } from './harness';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'acklab-persist-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const logPath = () => join(dir, 'state.log');
const open = (extra: { legacy?: string[]; compactBytes?: number } = {}) =>
  openDurableStore({ path: logPath(), broker: { clock: new VirtualClock() }, ...extra });
function channel(b: Broker): BrokerChannel {
  return b.connect({}, sinkOf({})).openChannel(1);
}
const synced = (s: DurableStore) => new Promise<void>((r) => s.barrier.afterSync(r));
/** Like kill -9: the store is abandoned without close(); a new one reads what is on disk. */
const crashAndReopen = async (s: DurableStore) => {
  await synced(s);
  return open();
};

/** A broker state with everything durableState keeps, saved in the extension's old whole-file format. */
function legacyState(): { state: unknown; broker: Broker } {
  const b = new Broker({ clock: new VirtualClock() });
  const ch = channel(b);
  ch.exchangeDeclare({ exchange: 'dx', type: 'direct', durable: true });
  ch.exchangeDeclare({ exchange: 'tx', type: 'direct' });
  ch.queueDeclare({ queue: 'dq', durable: true });
  ch.queueDeclare({ queue: 'tq' });
  ch.queueDeclare({ queue: 'qq', durable: true, arguments: { 'x-queue-type': 'quorum' } });
  ch.queueBind({ queue: 'dq', exchange: 'dx', routingKey: 'k' });
  ch.queueBind({ queue: 'tq', exchange: 'dx', routingKey: 'k' });
  ch.basicPublish(
    { exchange: 'dx', routingKey: 'k' },
    { deliveryMode: 2, headers: { n: 1, bin: new Uint8Array([1, 2]), big: { $type: 'l', value: 2n ** 60n } } },
    bytes('p1'),
  );
  ch.basicPublish({ exchange: 'dx', routingKey: 'k' }, { deliveryMode: 1 }, bytes('t1'));
  ch.basicPublish({ exchange: 'dx', routingKey: 'k' }, { deliveryMode: 2 }, bytes('p2'));
  ch.basicPublish({ routingKey: 'qq' }, {}, bytes('q1'));
  ch.basicGet({ queue: 'dq' }); // p1 unacked at the save
  return { state: JSON.parse(JSON.stringify(b.durableState())), broker: b };
}

function assertLegacyRestored(b2: Broker): void {
  const s = b2.snapshot();
  assert.deepEqual(s.queues.map((q) => [q.name, q.ready]).sort(), [
    ['dq', 2],
    ['qq', 1],
  ]);
  assert.ok(s.exchanges.some((e) => e.name === 'dx') && !s.exchanges.some((e) => e.name === 'tx'));
  assert.deepEqual(
    s.bindings.map((b) => [b.source, b.destination]),
    [['dx', 'dq']],
  );
  const ch2 = channel(b2);
  const g = ch2.basicGet({ queue: 'dq', noAck: true })!;
  assert.deepEqual([text(g.body), g.redelivered], ['p1', true]);
  assert.deepEqual(g.properties.headers, { n: 1, bin: new Uint8Array([1, 2]), big: { $type: 'l', value: 2n ** 60n } });
  assert.equal(text(ch2.basicGet({ queue: 'dq', noAck: true })!.body), 'p2');
}

describe('persistence: the state log', () => {
  it("migrates the extension's old whole-file state (and removes it once it is in the log)", () => {
    const old = join(dir, 'broker-state.json');
    writeFileSync(old, JSON.stringify(legacyState().state));
    const s = open({ legacy: [old] });
    assert.equal(s.restored?.migratedFrom, old);
    assert.equal(s.restored?.messages, 3);
    assert.ok(!existsSync(old), 'the old file is gone');
    s.close();
    assertLegacyRestored(open().broker); // from the new format now
  });

  it("migrates `acklab serve`'s old { format, savedAt, state } file", () => {
    const old = join(dir, 'broker-state.json');
    writeFileSync(old, JSON.stringify({ format: 'acklab-durable-state', savedAt: new Date().toISOString(), state: legacyState().state }));
    assertLegacyRestored(open({ legacy: [old] }).broker);
  });

  it('confirms wait for the fsync; after a crash confirmed messages are back, redelivered, transient ones and non-durable queues are not', async () => {
    const s = open();
    const ch = channel(s.broker);
    ch.queueDeclare({ queue: 'd', durable: true });
    ch.queueDeclare({ queue: 't', durable: false });
    ch.basicPublish({ routingKey: 'd' }, { deliveryMode: 2 }, bytes('kept'));
    ch.basicPublish({ routingKey: 'd' }, { deliveryMode: 1 }, bytes('transient'));
    ch.basicPublish({ routingKey: 't' }, { deliveryMode: 2 }, bytes('non-durable queue'));
    ch.basicPublish({ routingKey: 'd' }, { deliveryMode: 2 }, bytes('acked'));
    let called = false;
    s.barrier.afterSync(() => {
      called = true;
    });
    assert.equal(called, false, 'not before the disk has it');
    ch.basicGet({ queue: 'd' }); // kept: delivered, unacked at the crash
    ch.basicGet({ queue: 'd', noAck: true }); // transient: gone
    const acked = ch.basicGet({ queue: 'd' })!;
    ch.basicAck({ deliveryTag: acked.deliveryTag });
    await synced(s);
    assert.equal(called, true);
    const s2 = await crashAndReopen(s);
    assert.deepEqual(s2.restored && [s2.restored.messages, s2.restored.clean], [1, false]);
    const ch2 = channel(s2.broker);
    const g = ch2.basicGet({ queue: 'd', noAck: true })!;
    assert.deepEqual([text(g.body), g.redelivered], ['kept', true]);
    assert.equal(ch2.basicGet({ queue: 'd' }), null);
    assert.ok(!s2.broker.snapshot().queues.some((q) => q.name === 't'));
  });

  it('an ack made while a write is in flight reaches the disk on its own (no later traffic needed)', async () => {
    const s = open();
    const ch = channel(s.broker);
    ch.queueDeclare({ queue: 'd', durable: true });
    ch.basicPublish({ routingKey: 'd' }, { deliveryMode: 2 }, bytes('x'));
    await new Promise((r) => setImmediate(r)); // the batch with the message is being written now
    ch.basicAck({ deliveryTag: ch.basicGet({ queue: 'd' })!.deliveryTag });
    ch.queueDeclare({ queue: 'later', durable: true });
    await new Promise((r) => setTimeout(r, 300));
    const s2 = open(); // like a crash: nothing waited for the ack
    assert.equal(s2.restored?.messages, 0);
    assert.deepEqual(
      s2.broker
        .snapshot()
        .queues.map((q) => q.name)
        .sort(),
      ['d', 'later'],
    );
  });

  it('with nothing to write, afterSync calls back at once (transient traffic is not slowed)', () => {
    const s = open();
    const ch = channel(s.broker);
    ch.queueDeclare({ queue: 't' });
    return synced(s).then(() => {
      ch.basicPublish({ routingKey: 't' }, { deliveryMode: 2 }, bytes('x'));
      let called = false;
      s.barrier.afterSync(() => {
        called = true;
      });
      assert.equal(called, true);
    });
  });

  it('a clean stop writes a compact file that says so; only delivered messages come back redelivered', async () => {
    const s = open();
    const ch = channel(s.broker);
    ch.queueDeclare({ queue: 'd', durable: true });
    for (const b of ['a', 'b']) ch.basicPublish({ routingKey: 'd' }, { deliveryMode: 2 }, bytes(b));
    ch.basicGet({ queue: 'd' });
    await synced(s);
    s.close();
    const lines = readFileSync(logPath(), 'utf8').trim().split('\n');
    assert.match(lines.at(-1)!, /^[0-9a-f]{8} \{"t":"end"\}$/);
    const s2 = open();
    assert.equal(s2.restored?.clean, true);
    const ch2 = channel(s2.broker);
    assert.deepEqual(
      [ch2.basicGet({ queue: 'd', noAck: true }), ch2.basicGet({ queue: 'd', noAck: true })].map((g) => [text(g!.body), g!.redelivered]),
      [
        ['a', true],
        ['b', false],
      ],
    );
  });

  it('compaction keeps the log bounded while messages come and go, and keeps the live ones', async () => {
    const s = open({ compactBytes: 20_000 });
    const ch = channel(s.broker);
    ch.queueDeclare({ queue: 'd', durable: true });
    ch.basicPublish({ routingKey: 'd' }, { deliveryMode: 2 }, bytes('first, never acked'));
    ch.basicGet({ queue: 'd' }); // stays unacked all along
    let biggest = 0;
    for (let round = 0; round < 40; round++) {
      for (let i = 0; i < 50; i++) ch.basicPublish({ routingKey: 'd' }, { deliveryMode: 2 }, bytes(`m${round}-${i}`.padEnd(100, '.')));
      for (let i = 0; i < 50; i++) ch.basicAck({ deliveryTag: ch.basicGet({ queue: 'd' })!.deliveryTag });
      await synced(s);
      await synced(s); // the batch after the compaction
      biggest = Math.max(biggest, statSync(logPath()).size);
    }
    assert.ok(biggest < 60_000, `the log stayed small (${biggest} bytes for ~${40 * 50 * 200} bytes of traffic)`);
    const s2 = await crashAndReopen(s);
    assert.equal(s2.restored?.messages, 1);
    assert.equal(text(channel(s2.broker).basicGet({ queue: 'd', noAck: true })!.body), 'first, never acked');
  });
});

describe('persistence: a state file is untrusted', () => {
  /** A valid log with one durable queue and two messages, as text lines. */
  async function validLog(): Promise<string[]> {
    rmSync(logPath(), { force: true });
    const s = open();
    const ch = channel(s.broker);
    ch.queueDeclare({ queue: 'd', durable: true });
    ch.basicPublish({ routingKey: 'd' }, { deliveryMode: 2 }, bytes('one'));
    ch.basicPublish({ routingKey: 'd' }, { deliveryMode: 2 }, bytes('two'));
    await synced(s);
    return readFileSync(logPath(), 'utf8').split('\n');
  }
  function refused(pattern: RegExp): void {
    const before = existsSync(logPath()) && statSync(logPath()).isFile() ? readFileSync(logPath()) : undefined;
    assert.throws(
      () => open(),
      (e: unknown) => {
        assert.ok(e instanceof StateFileError, String(e));
        assert.match(e.message, pattern);
        assert.ok(!e.message.includes('\n'), 'one line');
        assert.match(e.message, /^\/.*: .*to start fresh, move the file away/);
        return true;
      },
    );
    if (before) assert.deepEqual(readFileSync(logPath()), before, 'the file is not touched');
  }

  it('a deleted line is noticed by the checksum chain', async () => {
    const lines = await validLog();
    const i = lines.findIndex((l) => l.includes('"t":"add"'));
    writeFileSync(logPath(), [...lines.slice(0, i), ...lines.slice(i + 1)].join('\n'));
    refused(/line \d+ fails its checksum/);
  });

  it('an edited line is noticed by its checksum', async () => {
    const lines = await validLog();
    writeFileSync(logPath(), lines.join('\n').replace('"routingKey":"d"', '"routingKey":"e"'));
    refused(/fails its checksum/);
  });

  /** Re-chains the CRCs after `edit`, so only the schema can catch what was changed. */
  async function forged(edit: (rec: Record<string, unknown>) => unknown): Promise<void> {
    const lines = (await validLog()).filter((l) => l);
    let crc = 0;
    const out = lines.map((l) => {
      const rec = JSON.parse(l.slice(9)) as Record<string, unknown>;
      const json = JSON.stringify(edit(rec) ?? rec);
      const e = encodeLine(json, crc);
      crc = e.crc;
      return e.line;
    });
    writeFileSync(logPath(), out.join(''));
  }

  it('null queue entries and wrong types are refused by the schema', async () => {
    await forged((r) => {
      if (r.t === 'topology') (r.queues as unknown[])[0] = null;
    });
    refused(/\/queues\/0 must be object/);
    await forged((r) => {
      if (r.t === 'add') r.redelivered = 'yes';
    });
    refused(/\/redelivered must be boolean/);
  });

  it('a body stored as { length: 1e9 } is refused at once, without allocating it', async () => {
    await forged((r) => {
      if (r.t === 'add') r.body = { length: 1e9 };
    });
    const rss = process.memoryUsage().rss;
    const t0 = Date.now();
    refused(/\/body must be string/);
    assert.ok(Date.now() - t0 < 2000, 'quick');
    assert.ok(process.memoryUsage().rss - rss < 200 * 2 ** 20, 'no huge allocation');
  });

  it('the same holds for the old formats (migration validates the whole file)', () => {
    const old = join(dir, 'broker-state.json');
    const { state } = legacyState() as { state: { queues: unknown[] } };
    state.queues[0] = null;
    writeFileSync(old, JSON.stringify(state));
    assert.throws(() => open({ legacy: [old] }), /broker-state\.json: is not a valid AckLab state: \/queues\/0 must be object/);
    writeFileSync(old, '{"format":"acklab-durable-state","state":{"vers');
    assert.throws(() => open({ legacy: [old] }), /is not complete JSON/);
    writeFileSync(old, '{"hello": 1}');
    assert.throws(() => open({ legacy: [old] }), StateFileError);
    assert.ok(existsSync(old), 'kept');
  });

  it('the data path being a directory is one clear error', () => {
    mkdirSync(logPath());
    refused(/is a directory, not a state file/);
  });

  it('a torn tail (a crash mid-append) loads; temp files of an interrupted save are removed', async () => {
    const lines = await validLog();
    writeFileSync(logPath(), lines.join('\n') + '0123abcd {"t":"add","id":9,"vho');
    writeFileSync(join(dir, '.state.log.123.456.tmp'), 'half a save');
    writeFileSync(join(dir, 'broker-state.json.tmp-77'), 'half an old save');
    const s = open({ legacy: [join(dir, 'broker-state.json')] });
    assert.equal(s.restored?.messages, 2);
    assert.deepEqual(s.restored?.removedTemps.sort(), ['.state.log.123.456.tmp', 'broker-state.json.tmp-77']);
    assert.deepEqual(readdirSync(dir), ['state.log']);
  });
});

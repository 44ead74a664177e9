// The durability promise for transactions under kill -9: tx.commit-ok for persistent messages to a
// durable queue is sent only once they are on disk (rule 45), so every batch whose commit-ok the
// publisher got must be in the queue after the server is SIGKILLed and restarted; a batch whose
// commit was in flight may be there whole or not at all, never in part (a transaction is atomic).
import { strict as assert } from 'node:assert';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import * as amqp from 'amqplib';
import { sleep, type Child } from '../amqp/helpers';
import { CLI, drain, serve, url } from './serve';

// amqplib's channel model has no tx methods; its generic rpc speaks them (its package exports hide lib/).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const defs = require(join(dirname(require.resolve('amqplib')), 'lib', 'defs.js'));

const QUEUE = 'tx-crash-test';
const ROUNDS = Number(process.env.ACKLAB_CRASH_ROUNDS ?? (process.env.ACKLAB_LONG === '1' ? 100 : 8));
const BATCH = 25;

interface TxRound {
  committed: string[][];
  /** the batch whose commit was sent but not answered when the server died */
  inFlight?: string[];
}

type RpcChannel = amqp.Channel & { rpc(method: number, fields: object, expect: number): Promise<unknown> };

/** Publishes batches of persistent messages in a transaction until the server is killed after `lifeMs`. */
async function load(c: Child, amqpUrl: string, round: number, lifeMs: number): Promise<TxRound> {
  const r: TxRound = { committed: [] };
  const conn = await amqp.connect(amqpUrl);
  conn.on('error', () => undefined);
  const ch = (await conn.createChannel()) as RpcChannel;
  ch.on('error', () => undefined);
  await ch.assertQueue(QUEUE, { durable: true });
  await ch.rpc(defs.TxSelect, {}, defs.TxSelectOk);
  let alive = true;
  const killer = sleep(lifeMs).then(() => {
    alive = false;
    c.proc.kill('SIGKILL');
  });
  for (let b = 0; alive; b++) {
    const batch = Array.from({ length: BATCH }, (_, i) => `t${round}-${b}-${i}`);
    try {
      for (const body of batch) ch.sendToQueue(QUEUE, Buffer.from(body), { persistent: true });
      r.inFlight = batch;
      await ch.rpc(defs.TxCommit, {}, defs.TxCommitOk);
      r.committed.push(batch);
      r.inFlight = undefined;
    } catch {
      break; // the server died under the commit
    }
  }
  await killer;
  await c.exited;
  return r;
}

describe('durability: kill -9 while committing transactions (tx.commit-ok after fsync)', function () {
  this.timeout(ROUNDS * 15_000 + 30_000);
  let dir: string;
  let child: Child | undefined;
  before(function () {
    if (!existsSync(CLI)) throw new Error(`${CLI} missing: run node scripts/build.mjs first`);
    dir = mkdtempSync(join(tmpdir(), 'acklab-txcrash-'));
  });
  after(async () => {
    if (child) {
      child.proc.kill('SIGKILL');
      await child.exited;
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it(`${ROUNDS} rounds: every committed batch is back whole; an in-flight batch is all or nothing`, async () => {
    let seed = 0x5eed;
    const rnd = () => (seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32;
    let committed = 0;
    let lost = 0;
    let partial = 0;
    let previous: TxRound | undefined;
    for (let round = 0; round <= ROUNDS; round++) {
      const c = serve(dir);
      child = c;
      const u = await url(c);
      const [present] = await drain(u, QUEUE);
      if (previous) {
        for (const batch of previous.committed) {
          committed += batch.length;
          lost += batch.filter((b) => !present.has(b)).length;
        }
        const flight = previous.inFlight?.filter((b) => present.has(b)).length ?? 0;
        if (flight !== 0 && flight !== BATCH) partial++;
        for (const body of present.keys()) assert.match(body, new RegExp(`^t${round - 1}-\\d+-\\d+$`), `only the last round's messages come back, got ${body}`);
      }
      if (round === ROUNDS) break;
      previous = await load(c, u, round, 150 + Math.floor(rnd() * 600));
      child = undefined;
    }
    child!.proc.kill('SIGINT');
    await child!.exited;
    child = undefined;
    console.log(`      tx crash test: ${ROUNDS} rounds, ${committed} messages committed, ${lost} lost, ${partial} partial batches`);
    assert.ok(committed > ROUNDS * BATCH, `the publisher got commit-oks (${committed} messages)`);
    assert.equal(lost, 0, 'messages of committed transactions lost');
    assert.equal(partial, 0, 'transactions that came back in part');
  });
});

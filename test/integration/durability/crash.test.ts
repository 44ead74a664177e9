// The durability promise under kill -9, as a user would test it: a child `acklab serve --data-dir`,
// a confirming publisher (persistent messages, durable queue) and an acking consumer, the server
// SIGKILLed at a random moment, restarted on the same directory, the queue drained and compared.
// Every confirmed message that was not acked must be back (marked redelivered if it had been
// delivered); an acked message may come back only if its ack was sent just before the kill
// (at-least-once); the state always loads. 20 rounds here; ACKLAB_LONG=1 runs 200.
import { strict as assert } from 'node:assert';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as amqp from 'amqplib';
import { sleep, type Child } from '../amqp/helpers';
import { CLI, drain, serve, url } from './serve';

const QUEUE = 'crash-test';
const ROUNDS = Number(process.env.ACKLAB_CRASH_ROUNDS ?? (process.env.ACKLAB_LONG === '1' ? 200 : 20));
/** An ack sent this long before the kill may not have reached the server's disk: it may come back. */
const ACK_GRACE_MS = 2000;
/** Messages one round publishes at most (keeps the drains short). */
const PER_ROUND = 3000;

interface Round {
  confirmed: Set<string>;
  /** body -> time of the client's ack call */
  acked: Map<string, number>;
  delivered: Set<string>;
  killedAt: number;
}

/** Publishes and consumes until the server is killed after `lifeMs`. */
async function load(c: Child, amqpUrl: string, round: number, lifeMs: number, rnd: () => number): Promise<Round> {
  const r: Round = { confirmed: new Set(), acked: new Map(), delivered: new Set(), killedAt: 0 };
  const pubConn = await amqp.connect(amqpUrl);
  const subConn = await amqp.connect(amqpUrl);
  for (const conn of [pubConn, subConn]) {
    conn.on('error', () => undefined);
  }
  const pub = await pubConn.createConfirmChannel();
  pub.on('error', () => undefined);
  await pub.assertQueue(QUEUE, { durable: true });
  const sub = await subConn.createChannel();
  sub.on('error', () => undefined);
  await sub.prefetch(50);
  await sub.consume(QUEUE, (m) => {
    if (!m) return;
    const body = m.content.toString();
    r.delivered.add(body);
    // most are acked; some stay unacked (they must come back, redelivered)
    if (rnd() < 0.9) {
      r.acked.set(body, Date.now());
      sub.ack(m);
    }
  });
  let alive = true;
  const killer = sleep(lifeMs).then(() => {
    r.killedAt = Date.now();
    alive = false;
    c.proc.kill('SIGKILL');
  });
  let outstanding = 0;
  let seq = 0;
  while (alive && seq < PER_ROUND) {
    if (outstanding >= 500) {
      await sleep(1);
      continue;
    }
    const body = `r${round}-${seq++}`;
    outstanding++;
    try {
      pub.publish('', QUEUE, Buffer.from(body), { persistent: true }, (err) => {
        outstanding--;
        if (!err) r.confirmed.add(body);
      });
    } catch {
      break;
    }
    if (seq % 50 === 0) await new Promise((res) => setImmediate(res));
  }
  await killer;
  await c.exited;
  return r;
}

describe('durability: kill -9 while publishing with confirms and acking', function () {
  this.timeout(ROUNDS * 15_000 + 30_000);
  let dir: string;
  let child: Child | undefined;
  before(function () {
    if (!existsSync(CLI)) throw new Error(`${CLI} missing: run node scripts/build.mjs first`);
    dir = mkdtempSync(join(tmpdir(), 'acklab-crash-'));
  });
  after(async () => {
    if (child) {
      child.proc.kill('SIGKILL');
      await child.exited;
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it(`${ROUNDS} rounds: no confirmed message is lost, unacked ones come back redelivered, acked ones only within at-least-once`, async () => {
    let seed = 0x2545f491;
    const rnd = () => (seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32;
    let totalConfirmed = 0,
      lost = 0,
      notRedelivered = 0,
      ackedBack = 0,
      lateAckedBack = 0,
      dups = 0;
    let previous: Round | undefined;
    for (let round = 0; round <= ROUNDS; round++) {
      const c = serve(dir);
      child = c;
      const u = await url(c); // the state always loads
      const [present, dup] = await drain(u, QUEUE);
      dups += dup.size;
      if (previous) {
        const p = previous;
        for (const body of p.confirmed) {
          const acked = p.acked.get(body);
          if (acked === undefined) {
            if (!present.has(body)) lost++;
            else if (p.delivered.has(body) && present.get(body) !== true) notRedelivered++;
          } else if (present.has(body)) {
            ackedBack++;
            if (acked < p.killedAt - ACK_GRACE_MS) lateAckedBack++;
          }
        }
        for (const body of present.keys()) assert.match(body, new RegExp(`^r${round - 1}-\\d+$`), `only messages of the last round come back, got ${body}`);
        totalConfirmed += p.confirmed.size;
      }
      if (round === ROUNDS) break;
      previous = await load(c, u, round, 100 + Math.floor(rnd() * 900), rnd);
      child = undefined;
    }
    const last = child!;
    last.proc.kill('SIGINT');
    await last.exited;
    child = undefined;
    console.log(
      `      crash test: ${ROUNDS} rounds, ${totalConfirmed} confirmed, ${lost} lost, ${notRedelivered} back without redelivered, ${ackedBack} acked came back (${lateAckedBack} acked > ${ACK_GRACE_MS} ms before the kill), ${dups} duplicates`,
    );
    assert.ok(totalConfirmed > ROUNDS * 10, `the publisher got confirms (${totalConfirmed})`);
    assert.equal(lost, 0, 'confirmed messages lost');
    assert.equal(notRedelivered, 0, 'delivered, unacked messages back without redelivered=true');
    assert.equal(lateAckedBack, 0, 'acked messages that came back although acked long before the kill');
    assert.equal(dups, 0, 'duplicate copies after restart');
  });
});

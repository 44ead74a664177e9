// Property: under random publish / basic.get / ack / nack-requeue / reject-requeue sequences, a priority
// queue hands out exactly what a tiny independent model says, and its ready list (what the tree view
// shows) is in that order after every step.
// Classic (x-max-priority N): highest priority first, FIFO (publish order) within a priority, a requeued
// message back at its original place in its priority. Quorum (RabbitMQ 4.x): returns first, then high
// (priority > 4) and normal 2:1, every third pick taking the older of the two heads (rabbit_fifo_q).
import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { Harness, bytes, text } from './harness';

type Op = { k: 'pub'; p: number | undefined } | { k: 'get' } | { k: 'ack' | 'nack' | 'reject'; i: number };
interface M {
  body: string;
  lvl: number;
  seq: number;
}

interface Model {
  publish(m: M): void;
  take(): M | undefined;
  giveBack(m: M): void;
  order(): M[];
}

function classicModel(): Model {
  let ready: M[] = [];
  const sorted = () => [...ready].sort((a, b) => b.lvl - a.lvl || a.seq - b.seq);
  return {
    publish(m) {
      ready.push(m);
    },
    take() {
      const m = sorted()[0];
      if (m) ready = ready.filter((x) => x !== m);
      return m;
    },
    giveBack(m) {
      ready.push(m);
    },
    order: sorted,
  };
}

function quorumModel(): Model {
  const returns: M[] = [];
  const hi: M[] = [],
    no: M[] = [];
  let counter = 0;
  const pick = (h: M[], n: M[], c: number): 'hi' | 'no' => (h.length > 0 && (n.length === 0 || c !== 2 || h[0]!.seq < n[0]!.seq) ? 'hi' : 'no');
  return {
    publish(m) {
      (m.lvl === 1 ? hi : no).push(m);
    },
    take() {
      if (returns.length > 0) return returns.shift();
      if (hi.length + no.length === 0) return undefined;
      const which = pick(hi, no, counter);
      counter = counter === 2 ? 0 : counter + 1;
      return (which === 'hi' ? hi : no).shift();
    },
    giveBack(m) {
      returns.push(m);
    },
    order() {
      const out = [...returns];
      const h = [...hi],
        n = [...no];
      let c = counter;
      while (h.length + n.length > 0) {
        out.push((pick(h, n, c) === 'hi' ? h : n).shift()!);
        c = c === 2 ? 0 : c + 1;
      }
      return out;
    },
  };
}

const opArb = (maxP: number): fc.Arbitrary<Op> =>
  fc.oneof(
    { weight: 4, arbitrary: fc.option(fc.integer({ min: 0, max: maxP + 3 }), { nil: undefined }).map((p) => ({ k: 'pub' as const, p })) },
    { weight: 3, arbitrary: fc.constant({ k: 'get' as const }) },
    { weight: 2, arbitrary: fc.record({ k: fc.constantFrom('ack' as const, 'nack' as const, 'reject' as const), i: fc.nat(20) }) },
  );

function run(kind: 'classic' | 'quorum', maxP: number, ops: Op[]): void {
  const h = new Harness();
  const ch = h.client().channel();
  ch.queueDeclare(
    kind === 'classic'
      ? { queue: 'q', arguments: { 'x-max-priority': maxP } }
      : { queue: 'q', durable: true, arguments: { 'x-queue-type': 'quorum', 'x-delivery-limit': -1 } },
  );
  const model = kind === 'classic' ? classicModel() : quorumModel();
  const level = (p: number | undefined): number => (kind === 'quorum' ? (p !== undefined && p > 4 ? 1 : 0) : Math.min(p ?? 0, maxP));
  const unacked: { tag: number; m: M }[] = [];
  let seq = 0;
  ops.forEach((op, step) => {
    const where = `step ${step} (${JSON.stringify(op)}) of ${JSON.stringify(ops)}`;
    if (op.k === 'pub') {
      const m: M = { body: `m${seq}`, lvl: level(op.p), seq: seq++ };
      ch.basicPublish({ exchange: '', routingKey: 'q' }, op.p === undefined ? {} : { priority: op.p }, bytes(m.body));
      model.publish(m);
    } else if (op.k === 'get') {
      const want = model.take();
      const got = ch.basicGet({ queue: 'q' });
      assert.equal(got === null ? null : text(got.body), want ? want.body : null, where);
      if (got && want) unacked.push({ tag: got.deliveryTag, m: want });
    } else if (unacked.length > 0) {
      const [u] = unacked.splice(op.i % unacked.length, 1);
      if (op.k === 'ack') ch.basicAck({ deliveryTag: u!.tag });
      else {
        if (op.k === 'nack') ch.basicNack({ deliveryTag: u!.tag, requeue: true });
        else ch.basicReject({ deliveryTag: u!.tag, requeue: true });
        model.giveBack(u!.m);
      }
    }
    assert.deepEqual(
      h.readyBodies('q').map((b) => b.replace('*', '')),
      model.order().map((m) => m.body),
      `ready order after ${where}`,
    );
  });
}

describe('priority queues: property (random publish/get/ack/nack/reject vs an independent model)', function () {
  this.timeout(120_000);

  it('classic x-max-priority: highest first, FIFO within a priority, requeue back to its place (300 sequences)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 6 }).chain((maxP) => fc.tuple(fc.constant(maxP), fc.array(opArb(maxP), { minLength: 1, maxLength: 80 }))),
        ([maxP, ops]) => run('classic', maxP, ops),
      ),
      { numRuns: 300 },
    );
  });

  it('quorum (4.x): returns first, then high/normal 2:1 with the older head on every third pick (300 sequences)', () => {
    fc.assert(
      fc.property(fc.array(opArb(6), { minLength: 1, maxLength: 80 }), (ops) => run('quorum', 0, ops)),
      { numRuns: 300 },
    );
  });

  it('the model is not vacuous: it catches a FIFO-only queue', () => {
    assert.throws(() => {
      const h = new Harness();
      const ch = h.client().channel();
      ch.queueDeclare({ queue: 'q' }); // no x-max-priority: plain FIFO
      const model = classicModel();
      ch.basicPublish({ exchange: '', routingKey: 'q' }, { priority: 0 }, bytes('a'));
      model.publish({ body: 'a', lvl: 0, seq: 0 });
      ch.basicPublish({ exchange: '', routingKey: 'q' }, { priority: 3 }, bytes('b'));
      model.publish({ body: 'b', lvl: 3, seq: 1 });
      assert.equal(text(ch.basicGet({ queue: 'q' })!.body), model.take()!.body);
    });
  });
});

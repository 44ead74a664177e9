// Model-based property tests: random operation sequences run on the real broker (public API,
// recording ConnectionSink, VirtualClock) and on the independent reference model in ./model/,
// compared after every operation (see model/harness.ts for what is compared). Disagreements that
// are broker bugs are written up in model/FINDINGS.md and kept here as named regression examples.
//
// npm test: 1,000 sequences × 100 operations; ACKLAB_LONG=1 (npm run test:long): 20× more.
import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { Discrepancy, replay, runAndCompare, shrinkOps } from './model/harness';
import type { Op } from './model/harness';
import { scenarioArb } from './model/arbitraries';
import type { ModelConfig } from './model/model';

const LONG = process.env['ACKLAB_LONG'] === '1';
const RUNS = LONG ? 20_000 : 1_000;
const OPS = 100;
/** Reproduce a failure: ACKLAB_SEED=<seed printed by fast-check>. */
const SEED = process.env['ACKLAB_SEED'] ? Number(process.env['ACKLAB_SEED']) : undefined;
// fast-check stops at the first failure (it cannot shorten fixed-length op lists; shrinkOps does
// that and puts the shrunk ops in the message).
const params = (numRuns: number): fc.Parameters<[{ cfg: ModelConfig; ops: Op[] }]> => ({
  numRuns,
  ...(SEED !== undefined ? { seed: SEED } : {}),
  endOnFailure: true,
});

/** Runs a sequence on broker + model, then replays it on a fresh broker: the event logs must be identical. */
function check(cfg: ModelConfig, ops: Op[]): void {
  let run;
  try {
    run = runAndCompare(cfg, ops);
  } catch (e) {
    if (!(e instanceof Discrepancy)) throw e;
    const small = shrinkOps(cfg, ops);
    throw new Discrepancy(
      `${small.message}\n\nshrunk counterexample (${small.ops.length} of ${ops.length} ops):\n  cfg: ${JSON.stringify(cfg)}\n  ops: ${JSON.stringify(small.ops)}`,
    );
  }
  const again = replay(cfg, run.steps);
  if (again !== run.eventLog)
    throw new Discrepancy(
      `determinism: the same steps gave a different event log on a fresh broker\n  cfg: ${JSON.stringify(cfg)}\n  ops: ${JSON.stringify(ops)}`,
    );
}

describe('broker vs reference model (docs/semantics.md; fast-check, model-based)', function () {
  this.timeout(LONG ? 3_600_000 : 180_000);

  it(`agrees after every operation: ${RUNS} sequences × ${OPS} ops (classic+TTL+DLX, quorum+delivery limit+DLX, short consumer timeouts, lavinmq), identical event logs on replay`, () => {
    fc.assert(
      fc.property(scenarioArb(OPS), ({ cfg, ops }) => check(cfg, ops)),
      params(RUNS),
    );
  });
});

// Counterexamples found by the property test (FINDINGS.md), shrunk. Each runs the ops on broker +
// model and fails with the first disagreement. F1 and F2a/b were fixed in 8c04331, F2c in
// 5acd290; they stay as regression tests.
describe('regression examples from the property test (FINDINGS.md)', () => {
  const run = (cfg: ModelConfig, ops: Op[]): void => {
    runAndCompare(cfg, ops);
  };

  it("F1a rule 17/31: connection.close must not hand a manual-ack channel's unacked to an auto-ack consumer on the same connection (message lost)", () => {
    run({ profile: 'rabbitmq', type: 'classic', dlx: false }, [
      { k: 'consume', s: 0, noAck: false },
      { k: 'consume', s: 1, noAck: true },
      { k: 'publish', s: 0 },
      { k: 'closeConnection', c: 0 },
    ]);
  });

  it('F1b rule 14/17: connection.close returns a QQ message once (delivery limit 1: not dead-lettered)', () => {
    run({ profile: 'rabbitmq', type: 'quorum', deliveryLimit: 1, dlx: true }, [
      { k: 'consume', s: 0, noAck: false },
      { k: 'consume', s: 1, noAck: false },
      { k: 'publish', s: 0 },
      { k: 'closeConnection', c: 0 },
    ]);
  });

  it('F2a rule 25 (classic): a consumer found full rejoins the round-robin behind consumers added meanwhile', () => {
    run({ profile: 'rabbitmq', type: 'classic', dlx: false }, [
      { k: 'qos', s: 1, n: 2 },
      { k: 'consume', s: 1, noAck: false },
      { k: 'publish', s: 0 },
      { k: 'publish', s: 0 },
      { k: 'consume', s: 2, noAck: false },
      { k: 'publish', s: 0 },
      { k: 'ack', s: 1, t: 'zero', i: 0, multiple: true },
      { k: 'publish', s: 0 },
    ]);
  });

  it('F2b rule 25 (quorum): a consumer whose credit ran out rejoins the service queue at the tail', () => {
    run({ profile: 'rabbitmq', type: 'quorum', dlx: false }, [
      { k: 'qos', s: 0, n: 1 },
      { k: 'consume', s: 2, noAck: true },
      { k: 'consume', s: 0, noAck: false },
      { k: 'publish', s: 2 },
      { k: 'publish', s: 0 },
      { k: 'publish', s: 2 },
      { k: 'ack', s: 0, t: 'out', i: 0, multiple: false },
      { k: 'publish', s: 0 },
    ]);
  });

  it('F2c rule 25 (classic): consumers that get room in one ack rejoin in the order they were set aside, not in tag order', () => {
    run({ profile: 'rabbitmq', type: 'classic', dlx: false }, [
      { k: 'qos', s: 0, n: 2 },
      { k: 'consume', s: 0, noAck: false },
      { k: 'qos', s: 0, n: 1 },
      { k: 'consume', s: 0, noAck: false },
      { k: 'publish', s: 0 },
      { k: 'publish', s: 0 },
      { k: 'publish', s: 0 },
      { k: 'publish', s: 0 },
      { k: 'ack', s: 0, t: 'zero', i: 0, multiple: true },
    ]);
  });

  it('quorum queue, delivery limit 0: one ack frees a cancelled and two live consumers; they rejoin the service queue in settle order (found by test:long against a work-in-progress broker)', () => {
    run({ profile: 'rabbitmq', type: 'quorum', deliveryLimit: 0, dlx: false }, [
      { k: 'publish', s: 1 },
      { k: 'publish', s: 1 },
      { k: 'publish', s: 3 },
      { k: 'qos', s: 1, n: 3 },
      { k: 'consume', s: 1, noAck: false },
      { k: 'consume', s: 1, noAck: false },
      { k: 'publish', s: 2 },
      { k: 'publish', s: 0 },
      { k: 'publish', s: 2 },
      { k: 'publish', s: 0 },
      { k: 'publish', s: 3 },
      { k: 'consume', s: 1, noAck: false },
      { k: 'nack', s: 1, t: 'out', i: 2, multiple: false, requeue: true },
      { k: 'cancel', s: 1, pick: 2 },
      { k: 'publish', s: 3 },
      { k: 'ack', s: 1, t: 'out', i: 7, multiple: true },
      { k: 'publish', s: 3 },
    ]);
  });

  it('the harness reports a disagreement (guards against a vacuous comparison)', () => {
    // Same ops, but the model is told the queue has a delivery limit of 0 while the broker's
    // quorum queue has the default 20: the first requeue must be flagged.
    const ops: Op[] = [
      { k: 'publish', s: 0 },
      { k: 'get', s: 0, dlq: false, noAck: false },
      { k: 'nack', s: 0, t: 'out', i: 0, multiple: false, requeue: true },
    ];
    assert.throws(() => runAndCompare({ profile: 'rabbitmq', type: 'quorum', dlx: false }, ops, { deliveryLimit: 0 }), Discrepancy);
    assert.doesNotThrow(() => runAndCompare({ profile: 'rabbitmq', type: 'quorum', dlx: false }, ops));
  });
});

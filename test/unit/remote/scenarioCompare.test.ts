import { strict as assert } from 'node:assert';
import {
  amqpUrlWithPassword,
  compareRuns,
  countDifferences,
  diffLines,
  normaliseRun,
  PrefixedBackend,
  uniquePrefix,
} from '../../../src/remote/scenarioCompare';
import { findScenario } from '../../../src/scenarios/catalog';
import { PlaygroundBackend } from '../../../src/scenarios/playground';
import { runScenario, type RunResult } from '../../../src/scenarios/runner';
import type { Scenario } from '../../../src/scenarios/types';

const scenario = (name: string): Scenario => {
  const s = findScenario(name);
  if (!s) throw new Error(`no scenario ${name}`);
  return s;
};

async function playgroundRun(name: string, prefix?: string): Promise<{ run: RunResult; queues: string[]; exchanges: string[] }> {
  const pg = new PlaygroundBackend();
  const backend = prefix ? new PrefixedBackend(pg, prefix) : pg;
  try {
    const run = await runScenario(scenario(name), backend);
    const snap = pg.broker.snapshot();
    return { run, queues: snap.queues.map((q) => q.name), exchanges: snap.exchanges.map((x) => x.name) };
  } finally {
    await pg.dispose();
  }
}

describe('remote: scenario comparison (run scenario on this broker)', () => {
  it('diffLines / countDifferences: one change block per run of changed lines', () => {
    const ops = diffLines(['a', 'b', 'c', 'd', 'e'], ['a', 'x', 'c', 'd', 'y', 'z']);
    assert.deepEqual(
      ops.filter((o) => o.op !== 'same').map((o) => `${o.op} ${o.line}`),
      ['del b', 'add x', 'del e', 'add y', 'add z'],
    );
    assert.equal(countDifferences(ops), 2);
    assert.equal(countDifferences(diffLines(['a'], ['a'])), 0);
    assert.equal(countDifferences(diffLines([], ['a', 'b'])), 1);
  });

  it('the prefix goes on every declared queue and exchange on the wire, and the run still meets its expectations', async () => {
    const prefix = uniquePrefix();
    assert.match(prefix, /^acklab-[a-z0-9]{6}\.$/);
    // Fanout exchange + bindings, and the RPC tutorial (reply_to through the default exchange).
    for (const name of ['tutorial-3-publish-subscribe', 'tutorial-6-rpc']) {
      const { run, queues, exchanges } = await playgroundRun(name, prefix);
      assert.ok(
        run.passed,
        `${name}: ${run.checks
          .filter((c) => !c.ok)
          .map((c) => c.actual)
          .join('; ')}`,
      );
      const declared = run.scenario.steps.flatMap((s) => (s.do === 'declareQueue' ? [s.queue] : []));
      for (const q of declared) assert.ok(queues.includes(prefix + q), `${name}: queue ${prefix + q} on the broker (has ${queues.join(', ')})`);
      assert.ok(
        queues.every((q) => q.startsWith(prefix) || q.startsWith('amq.')),
        `${name}: no unprefixed queue: ${queues.join(', ')}`,
      );
      for (const s of run.scenario.steps) if (s.do === 'declareExchange') assert.ok(exchanges.includes(prefix + s.exchange));
      // The runner's trace shows the scenario's own names, not the prefix.
      assert.ok(
        run.steps.every((s) => s.log.every((l) => !l.includes(prefix))),
        `${name}: prefix leaked into the trace`,
      );
    }
  });

  it('channel-error texts and dead-letter headers come back without the prefix', async () => {
    const prefix = 'acklab-test01.';
    const { run } = await playgroundRun('pitfall-double-ack', prefix);
    assert.ok(run.passed);
    const errs = [...run.actors.values()].flatMap((a) => a.errors.map((e) => e.text));
    assert.ok(errs.length > 0 && errs.every((t) => !t.includes(prefix)));
  });

  it('two runs of the same scenario on the playground compare equal; a changed outcome is a counted difference', async () => {
    const a = (await playgroundRun('tutorial-2-work-queues')).run;
    const b = (await playgroundRun('tutorial-2-work-queues', uniquePrefix())).run;
    const same = compareRuns(a, b);
    assert.equal(same.differences, 0, same.changes.join('\n'));
    assert.equal(same.left, same.right);
    assert.match(same.left, /^# 2\. Work queues/);
    assert.match(same.left, /## Expected outcomes\n {2}✓ /);

    // The same run with one delivery redelivered and one check failed: the diff shows exactly those.
    const changed: RunResult = {
      ...b,
      passed: false,
      steps: b.steps.map((s, i) => (i === b.steps.length - 1 ? { ...s, log: s.log.map((l, k) => (k === 0 ? `${l} redelivered` : l)) } : s)),
      checks: b.checks.map((c, i) => (i === 0 ? { ...c, ok: false, actual: '["other"]' } : c)),
    } as RunResult;
    const diff = compareRuns(a, changed);
    assert.equal(diff.differences, 2, diff.changes.join('\n'));
    assert.ok(diff.changes.some((l) => l.startsWith('+ ') && l.endsWith(' redelivered')));
    assert.ok(diff.changes.some((l) => l.startsWith('+   ✗ ') && l.includes('got ["other"]')));
    assert.equal(diff.rightPassed, false);
  });

  it('checks skipped on one side (unacked counts over AMQP) are shown alike on both sides, not as differences', async () => {
    const a = (await playgroundRun('pitfall-forgotten-ack')).run;
    const idx = a.checks.findIndex((c) => c.expectation.type === 'unacked');
    assert.ok(idx >= 0, 'the scenario checks an unacked count');
    const b = {
      ...a,
      backend: 'amqp',
      checks: a.checks.map((c, i) => (i === idx ? { ...c, skipped: 'unacked count not observable over AMQP' } : c)),
    } as RunResult;
    const cmp = compareRuns(a, b);
    assert.equal(cmp.differences, 0, cmp.changes.join('\n'));
    assert.match(normaliseRun(a, b).join('\n'), /· queue \S+ has \d+ unacked — not compared/);
  });

  it('timing on a real broker (a delivery landing in the next step, other connections interleaved) is not a difference', async () => {
    const a = (await playgroundRun('tutorial-5-topics')).run;
    const i = a.steps.findIndex((s) => new Set(s.log.filter((l) => l.includes(' ← ')).map((l) => l.split(' ')[0])).size >= 2);
    assert.ok(i >= 0 && i < a.steps.length - 1, 'a step with deliveries, not the last one');
    const actor = (l: string) => l.split(' ')[0]!;
    // The deliveries arrive during the next step, the other connection's first (stable sort keeps per-actor order).
    const late = a.steps[i]!.log.filter((l) => l.includes(' ← ')).sort((x, y) => actor(y).localeCompare(actor(x)));
    assert.notDeepEqual(
      late,
      a.steps[i]!.log.filter((l) => l.includes(' ← ')),
      'the interleaving really differs',
    );
    const shifted = {
      ...a,
      steps: a.steps.map((s, k) => (k === i ? { ...s, log: s.log.filter((l) => !l.includes(' ← ')) } : k === i + 1 ? { ...s, log: [...late, ...s.log] } : s)),
    } as RunResult;
    const cmp = compareRuns(a, shifted);
    assert.equal(cmp.differences, 0, cmp.changes.join('\n'));
    // …while a delivery an actor did not get is a difference.
    const lost = { ...a, steps: a.steps.map((s, k) => (k === i ? { ...s, log: s.log.filter((l) => l !== late[0]) } : s)) } as RunResult;
    assert.equal(compareRuns(a, lost).differences, 1);
  });

  it('broker-generated names are normalised', async () => {
    const a = (await playgroundRun('tutorial-1-hello-world')).run;
    const b = { ...a, steps: a.steps.map((s) => ({ ...s, log: [...s.log, 'x declared queue amq.gen-AbC_12-x'] })) } as RunResult;
    const c = { ...a, steps: a.steps.map((s) => ({ ...s, log: [...s.log, 'x declared queue amq.gen-zzz'] })) } as RunResult;
    assert.equal(compareRuns(b, c).differences, 0);
  });

  it('refuses to compare different scenarios and bad prefixes', async () => {
    const a = (await playgroundRun('tutorial-1-hello-world')).run;
    const b = (await playgroundRun('pitfall-forgotten-ack')).run;
    assert.throws(() => compareRuns(a, b), /different scenarios/);
    assert.throws(() => new PrefixedBackend(new PlaygroundBackend(), 'bad prefix!'), /must be letters/);
  });

  it('amqpUrlWithPassword puts the SecretStorage password (and the user) into the URL', () => {
    assert.equal(amqpUrlWithPassword('amqp://127.0.0.1:5672', 'guest', 'p@ss/w:rd'), 'amqp://guest:p%40ss%2Fw%3Ard@127.0.0.1:5672');
    assert.equal(amqpUrlWithPassword('amqps://alice@mq.example:5671/prod', 'bob', 'x'), 'amqps://alice:x@mq.example:5671/prod');
    assert.throws(() => amqpUrlWithPassword('http://x', 'u', 'p'), /amqp:\/\//);
  });
});

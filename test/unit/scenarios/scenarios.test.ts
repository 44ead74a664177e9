import assert from 'node:assert/strict';
import { SCENARIOS, declaredNames, findScenario } from '../../../src/scenarios/catalog';
import { PlaygroundBackend } from '../../../src/scenarios/playground';
import { describeExpectation, runScenario, versionLess } from '../../../src/scenarios/runner';
import type { Scenario } from '../../../src/scenarios/types';
import { Timeline } from '../../../webview/model/timeline';
import { readyInOrder } from '../../../webview/model/state';
import { parseScenarioArgs, runAndRender } from '../../../src/cli/commands/scenario';

/** The stepper's reducer must agree with the broker itself at every step of every scenario. */
function assertReducerMatchesBroker(backend: PlaygroundBackend, where: string): void {
  const tl = new Timeline(8);
  tl.append(backend.trace);
  const state = tl.stateAt(tl.length);
  for (const q of backend.broker.snapshot().queues) {
    const detail = backend.broker.queueDetail(q.vhost, q.name)!;
    const mine = state.queues.get(q.name);
    assert.ok(mine, `${where}: the stepper knows queue ${q.name}`);
    assert.deepEqual(
      readyInOrder(mine),
      detail.readyMessages.map((r) => r.messageId),
      `${where}: ready list of ${q.name} in delivery order`,
    );
    const brokerUnacked = detail.unackedMessages.map((u) => `${u.messageId}@${u.deliveryTag}`).sort();
    const stepperUnacked = [...mine.unacked.values()].map((u) => `${u.msg}@${u.tag}`).sort();
    assert.deepEqual(stepperUnacked, brokerUnacked, `${where}: unacked entries of ${q.name}`);
    for (const u of mine.unacked.values()) {
      const b = detail.unackedMessages.find((x) => x.messageId === u.msg)!;
      assert.equal(u.redelivered, b.redelivered, `${where}: redelivered flag of m${u.msg}`);
      assert.equal(u.deliveryCount, b.deliveryCount, `${where}: delivery count of m${u.msg}`);
    }
  }
}

describe('scenarios (src/scenarios) against the broker core', () => {
  it('the catalog has RabbitMQ tutorials 1-7 and every ack pitfall of the issue', () => {
    const names = SCENARIOS.map((s) => s.name);
    assert.equal(new Set(names).size, names.length, 'names are unique');
    for (const n of [1, 2, 3, 4, 5, 6, 7])
      assert.ok(
        names.some((x) => x.startsWith(`tutorial-${n}-`)),
        `tutorial ${n}`,
      );
    for (const p of [
      'worker-dies',
      'forgotten-ack',
      'multiple-ack',
      'nack-requeue-order',
      'double-ack',
      'poison-message',
      'consumer-timeout',
      'cancel-leaves-unacked',
      'auto-ack-loss',
      'prefetch-starvation',
    ]) {
      assert.ok(names.includes(`pitfall-${p}`), p);
    }
    for (const s of SCENARIOS) {
      assert.match(s.docUrl, /^https:\/\/www\.rabbitmq\.com\//, s.name);
      for (const st of s.steps) {
        if ('actor' in st) assert.ok(s.actors.includes(st.actor), `${s.name}: step actor ${st.actor} is declared`);
        if (st.doc) assert.match(st.doc, /^https:\/\/www\.rabbitmq\.com\//, `${s.name}: ${st.title}`);
        assert.ok(st.say.length > 5, `${s.name}: step "${st.title}" has narration`);
      }
      for (const e of s.expect) if (e.after !== undefined) assert.ok(e.after < s.steps.length, `${s.name}: expectation after step ${e.after}`);
      assert.ok(s.expect.length > 0, `${s.name} has expected outcomes`);
    }
  });

  for (const s of SCENARIOS) {
    it(`${s.name}: every expected outcome holds in the playground, and the stepper's state matches the broker at each step`, async () => {
      const backend = new PlaygroundBackend();
      const result = await runScenario(s, backend, {
        afterStep: (i) => assertReducerMatchesBroker(backend, `${s.name} step ${i + 1} (${s.steps[i]!.title})`),
      });
      const failed = result.checks.filter((c) => !c.ok).map((c) => `${describeExpectation(c.expectation)}: got ${c.actual}`);
      assert.deepEqual(failed, []);
      assert.deepEqual(
        result.steps.filter((x) => x.error).map((x) => `${x.step.title}: ${x.error}`),
        [],
      );
      assert.ok(result.checks.filter((c) => !c.skipped).length > 0);
      assert.ok(backend.trace.length > 0, 'the run left a trace for the stepper');
      await backend.dispose();
    });
  }

  it('the checker can fail: a wrong expectation is reported with what actually happened', async () => {
    const base = findScenario('pitfall-worker-dies')!;
    const wrong: Scenario = {
      ...base,
      expect: [
        { type: 'received', actor: 'worker-B', bodies: ['task 2'], why: 'deliberately wrong' },
        { type: 'delivery', actor: 'worker-B', nth: 1, redelivered: false, why: 'deliberately wrong' },
      ],
    };
    const result = await runScenario(wrong, new PlaygroundBackend());
    assert.equal(result.passed, false);
    assert.deepEqual(
      result.checks.map((c) => c.ok),
      [false, false],
    );
    assert.equal(result.checks[0]!.actual, '["task 2","task 1"]');
    assert.match(result.checks[1]!.actual, /redelivered=true/);
  });

  it('message bodies reach the stepper trace, including dead-letter headers', async () => {
    const backend = new PlaygroundBackend();
    await runScenario(findScenario('pitfall-poison-message')!, backend);
    const bodies = [...backend.messages.values()].map((m) => m.body);
    assert.ok(bodies.includes('poison'));
    const dead = [...backend.messages.values()].find((m) => m.headers && 'x-death' in m.headers);
    assert.ok(dead, 'the dead-lettered copy carries x-death');
    assert.match(JSON.stringify(dead!.headers), /delivery_limit/);
  });

  it('RabbitMQ version gates: 4.x-only outcomes are skipped on an older server, never on the playground', async () => {
    assert.equal(versionLess('3.10.8', '4.0'), true);
    assert.equal(versionLess('4.2.1', '4.0'), false);
    assert.equal(versionLess('4.0', '4.0.0'), false);
    const s = findScenario('pitfall-nack-requeue-order')!;
    const gated = s.expect.filter((e) => e.sinceRabbit);
    assert.equal(gated.length, 2);
    const result = await runScenario(s, new PlaygroundBackend());
    assert.ok(
      result.checks.every((c) => !c.skipped),
      'the playground checks every outcome',
    );
  });

  it('acklab scenario: arguments are validated with clear errors', () => {
    assert.deepEqual(parseScenarioArgs(['list']), { action: 'list', quiet: false });
    assert.deepEqual(parseScenarioArgs(['run', 'pitfall-double-ack', '--amqp-url', 'amqp://localhost:5699']), {
      action: 'run',
      name: 'pitfall-double-ack',
      amqpUrl: 'amqp://localhost:5699',
      quiet: false,
    });
    assert.throws(() => parseScenarioArgs(['run']), /run needs a scenario name/);
    assert.throws(() => parseScenarioArgs(['run', 'nope']), /unknown scenario 'nope'; known scenarios:\n {2}tutorial-1-hello-world\n/);
    assert.throws(
      () => parseScenarioArgs(['run', 'tutorial-6-rpc', '--amqp-url', 'http://x']),
      /--amqp-url must be an amqp:\/\/ or amqps:\/\/ URL, got 'http:\/\/x'/,
    );
    assert.throws(() => parseScenarioArgs(['run', 'tutorial-6-rpc', '--amqp-url']), /needs a value/);
    assert.throws(() => parseScenarioArgs(['dance']), /unknown action 'dance'/);
  });

  it('acklab scenario run prints a readable trace: the redelivery to the other worker is visible', async () => {
    const { text, result } = await runAndRender('pitfall-worker-dies', undefined);
    assert.ok(result.passed);
    assert.match(text, /7\. Worker A dies/);
    assert.match(text, /requeue m1 \(connection-closed\)\s+in task_queue/);
    assert.match(text, /deliver tag 2 m1 redelivered \(delivery 2\)\s+task_queue → worker-B/);
    assert.match(text, /✔ worker-B's delivery #2 is "task 1" redelivered=true/);
    assert.match(text, /All expected outcomes hold\./);
    assert.deepEqual(declaredNames(findScenario('tutorial-3-publish-subscribe')!), { queues: ['logs.receive-1', 'logs.receive-2'], exchanges: ['logs'] });
  });
});

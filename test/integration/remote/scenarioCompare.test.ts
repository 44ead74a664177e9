// "Run scenario on this broker" end to end against Debian's RabbitMQ (private node): the same scenarios run
// with prefixed names over amqplib on RabbitMQ and on the in-process playground; the expected outcomes hold on
// both, the normalised traces are compared, and nothing the run declared is left on the broker.
//
// Known, reasoned differences (see docs/real-brokers.md):
// - `clock` steps are skipped over AMQP (no virtual clock on a real broker): the consumer-timeout scenario
//   differs by design (its outcome is checked on the playground only) — the last test pins that diff.
// - unacked counts are not observable over AMQP: such checks are shown "not compared" on both sides.
// - between different connections the interleaving of deliveries is not deterministic on a real broker:
//   the normalised trace groups a step's lines by actor.
import assert from 'node:assert/strict';
import * as amqp from 'amqplib';
import { compareRuns, PrefixedBackend, uniquePrefix } from '../../../src/remote/scenarioCompare';
import { AmqpBackend } from '../../../src/scenarios/amqp';
import { declaredNames, findScenario } from '../../../src/scenarios/catalog';
import { PlaygroundBackend } from '../../../src/scenarios/playground';
import { runScenario } from '../../../src/scenarios/runner';
import { rabbitmqAvailable, startRabbitMQ, type RabbitMQNode } from '../../support/rabbitmq';

const RUN = rabbitmqAvailable() && process.env.ACKLAB_SKIP_RABBITMQ !== '1';

(RUN ? describe : describe.skip)('remote: run scenario on a real RabbitMQ and compare with the playground', function () {
  this.timeout(300_000);
  let rmq: RabbitMQNode;
  before(async function () {
    this.timeout(240_000);
    rmq = await startRabbitMQ();
  });
  after(async function () {
    this.timeout(60_000);
    await rmq?.stop();
  });

  async function exists(kind: 'queue' | 'exchange', name: string): Promise<boolean> {
    const conn = await amqp.connect(rmq.amqpUrl);
    try {
      const ch = await conn.createChannel();
      ch.on('error', () => undefined);
      try {
        if (kind === 'queue') await ch.checkQueue(name);
        else await ch.checkExchange(name);
        return true;
      } catch {
        return false;
      }
    } finally {
      await conn.close().catch(() => undefined);
    }
  }

  // Fanout + bindings; RPC with reply_to through the default exchange; a crashed worker's redelivery.
  for (const name of ['tutorial-3-publish-subscribe', 'tutorial-6-rpc', 'pitfall-worker-dies']) {
    it(`${name}: expected outcomes hold on both, traces match, the broker is left clean`, async () => {
      const scenario = findScenario(name)!;
      const pg = new PlaygroundBackend();
      const local = await runScenario(scenario, pg);
      await pg.dispose();

      const prefix = uniquePrefix();
      const backend = new PrefixedBackend(new AmqpBackend(rmq.amqpUrl), prefix);
      let remote;
      try {
        remote = await runScenario(scenario, backend);
        // While the run's connections are still open, its queues exist on the broker under the prefix.
        const durable = scenario.steps.find((s) => s.do === 'declareQueue' && !s.exclusive && !s.autoDelete);
        if (durable && durable.do === 'declareQueue') {
          assert.ok(await exists('queue', prefix + durable.queue), `${prefix + durable.queue} on the broker during the run`);
          assert.ok(!(await exists('queue', durable.queue)), 'the unprefixed name is not used');
        }
      } finally {
        await backend.cleanup(scenario);
      }

      const failed = (r: typeof local) => [
        ...r.checks.filter((c) => !c.ok).map((c) => `${c.expectation.type}: ${c.actual}`),
        ...r.steps.filter((s) => s.error).map((s) => `step ${s.step.title}: ${s.error}`),
      ];
      assert.deepEqual(failed(local), [], 'playground');
      assert.deepEqual(failed(remote), [], `RabbitMQ ${backend.server?.version}`);
      assert.ok(
        remote.checks.some((c) => !c.skipped),
        'something was checked on RabbitMQ',
      );

      const cmp = compareRuns(local, remote);
      assert.deepEqual(cmp.changes, [], `${cmp.differences} difference(s)`);
      assert.equal(cmp.differences, 0);

      const n = declaredNames(scenario);
      for (const q of n.queues) assert.ok(!(await exists('queue', prefix + q)), `queue ${prefix + q} deleted after the run`);
      for (const x of n.exchanges) assert.ok(!(await exists('exchange', prefix + x)), `exchange ${prefix + x} deleted after the run`);
    });
  }

  it('pitfall-consumer-timeout: the known difference (no virtual clock on a real broker) is what the diff shows', async () => {
    const scenario = findScenario('pitfall-consumer-timeout')!;
    const pg = new PlaygroundBackend();
    const local = await runScenario(scenario, pg);
    await pg.dispose();
    const backend = new PrefixedBackend(new AmqpBackend(rmq.amqpUrl), uniquePrefix());
    let remote;
    try {
      remote = await runScenario(scenario, backend);
    } finally {
      await backend.cleanup(scenario);
    }
    const cmp = compareRuns(local, remote);
    // The 31-minute fast-forward is skipped on RabbitMQ, so the 406 channel close happens only on the playground.
    assert.equal(cmp.differences, 2, cmp.changes.join('\n'));
    assert.ok(
      cmp.changes.some((l) => l.startsWith('+ ') && /Fast-forward 31 minutes \(skipped: /.test(l)),
      cmp.changes.join('\n'),
    );
    assert.ok(
      cmp.changes.some((l) => l.startsWith('- ') && /worker ✖ channel closed by the broker: 406 .*timed out/.test(l)),
      cmp.changes.join('\n'),
    );
    assert.ok(
      cmp.changes.every((l) => /Fast-forward|clock \+|406/.test(l)),
      cmp.changes.join('\n'),
    );
    assert.ok(cmp.leftPassed && cmp.rightPassed, 'its playground-only outcomes are not compared on RabbitMQ');
  });
});

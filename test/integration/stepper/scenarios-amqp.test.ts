// The scenarios over AMQP (amqplib adapter): against the playground's own AMQP listener, and against a
// real RabbitMQ (Debian's 3.10, a private node from test/support/rabbitmq.ts). The same expected outcomes
// must hold on both: this is how the tutorials and pitfalls are checked against RabbitMQ itself.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { AmqpServer } from '../../../src/amqp/server';
import { Broker } from '../../../src/broker';
import { AmqpBackend } from '../../../src/scenarios/amqp';
import { SCENARIOS, declaredNames } from '../../../src/scenarios/catalog';
import { describeExpectation, runScenario } from '../../../src/scenarios/runner';
import { rabbitmqAvailable, startRabbitMQ, type RabbitMQNode } from '../../support/rabbitmq';

async function runAll(url: string): Promise<void> {
  const failures: string[] = [];
  for (const s of SCENARIOS) {
    const backend = new AmqpBackend(url);
    try {
      const r = await runScenario(s, backend);
      for (const c of r.checks) if (!c.ok) failures.push(`${s.name}: ${describeExpectation(c.expectation)} — got ${c.actual}`);
      for (const st of r.steps) if (st.error) failures.push(`${s.name}: step "${st.step.title}" failed: ${st.error}`);
      const checked = r.checks.filter((c) => !c.skipped).length;
      assert.ok(checked > 0 || s.expect.every((e) => e.where === 'playground'), `${s.name}: something was checked`);
    } finally {
      const n = declaredNames(s);
      await backend.dispose(n.queues, n.exchanges);
    }
  }
  assert.deepEqual(failures, []);
}

describe('scenarios over AMQP: the playground listener (amqplib adapter)', function () {
  this.timeout(120_000);
  let server: AmqpServer;
  before(async () => {
    server = new AmqpServer(new Broker(), { port: 0 });
    await server.listen();
  });
  after(async () => {
    await server?.close();
  });

  it("every scenario's expected outcomes hold when driven over the wire", async () => {
    await runAll(`amqp://guest:guest@127.0.0.1:${server.address!.port}`);
  });

  it("each tutorial's example code runs against the playground's AMQP port and prints its result", async () => {
    const url = `amqp://guest:guest@127.0.0.1:${server.address!.port}`;
    for (const s of SCENARIOS.filter((x) => x.example)) {
      const out = await new Promise<string>((resolve) => {
        const p = spawn(process.execPath, ['-e', s.example!], { cwd: join(__dirname, '../../..'), env: { ...process.env, AMQP_URL: url } });
        let text = '';
        p.stdout.on('data', (d: Buffer) => {
          text += d.toString();
        });
        p.stderr.on('data', (d: Buffer) => {
          text += d.toString();
        });
        const timer = setTimeout(() => p.kill('SIGKILL'), 4000); // consumers run forever, like the tutorials'
        p.on('exit', () => {
          clearTimeout(timer);
          resolve(text);
        });
      });
      assert.match(out, /\[x\] |\[\.\] Got 832040|all 5 messages confirmed/, `${s.name} printed: ${out}`);
      assert.doesNotMatch(out, /[A-Za-z]*Error\b|Unhandled/, `${s.name} printed: ${out}`);
    }
  });
});

const RUN_RABBIT = rabbitmqAvailable() && process.env.ACKLAB_SKIP_RABBITMQ !== '1';

(RUN_RABBIT ? describe : describe.skip)('scenarios over AMQP: a real RabbitMQ 3.10 (differential)', function () {
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

  it("every scenario's expected outcomes hold on RabbitMQ too (virtual-clock ones are skipped there)", async () => {
    await runAll(rmq.amqpUrl);
  });
});

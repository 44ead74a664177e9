import { strict as assert } from 'node:assert';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { amqpAnswers, startRabbitMQ, type RabbitMQNode } from '../../support/rabbitmq';

// The shared harness itself: a private node with the management plugin comes up on its own ports,
// answers AMQP and the HTTP API, and stop() leaves no process and no directory behind.
describe('test harness: private RabbitMQ node', function () {
  let rmq: RabbitMQNode | undefined;
  before(async function () {
    this.timeout(150_000);
    rmq = await startRabbitMQ({ management: true });
  });
  after(async function () {
    this.timeout(60_000);
    await rmq?.stop();
  });

  it('answers AMQP and the management HTTP API with the given credentials', async function () {
    this.timeout(30_000);
    const node = rmq!;
    assert.ok(await amqpAnswers(node.port));
    const res = await fetch(`${node.managementUrl}/api/overview`, {
      headers: { authorization: 'Basic ' + Buffer.from(`${node.user}:${node.password}`).toString('base64') },
    });
    assert.equal(res.status, 200);
    const body = (await res.json()) as { node: string; rabbitmq_version: string; listeners: { protocol: string; port: number }[] };
    assert.equal(body.node, node.nodename);
    assert.match(body.rabbitmq_version, /^3\./);
    assert.ok(body.listeners.some((l) => l.protocol === 'amqp' && l.port === node.port));
    assert.equal(node.amqpUrl, `amqp://guest:guest@127.0.0.1:${node.port}`);
  });

  it('rabbitmqctl talks to this node', async function () {
    this.timeout(60_000);
    const out = await rmq!.ctlAsync(['list_vhosts', '--quiet']);
    assert.match(out, /^\/$/m);
  });

  it('stop() removes the node processes and its directory', async function () {
    this.timeout(60_000);
    const node = rmq!;
    rmq = undefined;
    await node.stop();
    assert.equal(existsSync(node.dir), false);
    assert.equal(await amqpAnswers(node.port, '127.0.0.1', 1_000), false);
    assert.deepEqual(processesMentioning(node.nodename), []);
  });
});

describe('test harness: a node that cannot start', function () {
  it('rejects with the reason and the log tail, and leaves nothing behind', async function () {
    this.timeout(150_000);
    const err = await startRabbitMQ({ config: ['this_is_not_a_setting = 1'] }).then(
      () => assert.fail('a node with an invalid rabbitmq.conf must not start'),
      (e: unknown) => e as Error,
    );
    assert.match(err.message, /exited during start|did not answer/);
    assert.match(err.message, /this_is_not_a_setting/);
    const nodename = /RabbitMQ node (\S+@localhost)/.exec(err.message)?.[1];
    assert.ok(nodename, 'the error names the node');
    assert.deepEqual(processesMentioning(nodename), []);
  });
});

function processesMentioning(needle: string): string[] {
  return readdirSync('/proc').filter((p) => {
    if (!/^\d+$/.test(p)) return false;
    try {
      return readFileSync(`/proc/${p}/cmdline`, 'latin1').includes(needle);
    } catch {
      return false;
    }
  });
}

import { strict as assert } from 'node:assert';
import { parseServeArgs, queueTable } from '../../../src/cli/commands/serve';
import { UsageError } from '../../../src/cli/command';

describe('acklab serve: arguments and queue table', () => {
  it('defaults: port 5672-with-fallback, loopback, rabbitmq profile, guest loopback-only', () => {
    const a = parseServeArgs([]);
    assert.ok(a !== 'help');
    assert.deepEqual(
      [a.port, a.bind, a.profile, a.dataDir, a.users],
      [undefined, '127.0.0.1', 'rabbitmq', undefined, { guest: { password: 'guest', remote: false } }],
    );
  });
  it('parses every option, in both --opt value and --opt=value forms', () => {
    const a = parseServeArgs(['--amqp-port=0', '--bind', '0.0.0.0', '--profile', 'lavinmq', '--data-dir', '/tmp/x', '--user', 'alice:pa:ss']);
    assert.ok(a !== 'help');
    assert.equal(a.port, 0);
    assert.equal(a.bind, '0.0.0.0');
    assert.equal(a.profile, 'lavinmq');
    assert.equal(a.dataDir, '/tmp/x');
    assert.deepEqual(a.users.alice, { password: 'pa:ss' });
    assert.equal(parseServeArgs(['--help']), 'help');
  });
  it('--ui and --ui-port turn on the stepper page; a bad --ui-port is a usage error', () => {
    const plain = parseServeArgs([]);
    assert.ok(plain !== 'help' && plain.ui === false);
    const ui = parseServeArgs(['--ui']);
    assert.ok(ui !== 'help' && ui.ui === true && ui.uiPort === 0);
    const port = parseServeArgs(['--ui-port=8123']);
    assert.ok(port !== 'help' && port.ui === true && port.uiPort === 8123);
    assert.throws(
      () => parseServeArgs(['--ui-port', 'x']),
      (e: unknown) => e instanceof UsageError && /--ui-port must be a port number/.test(e.message),
    );
  });

  it('rejects bad values with a message naming the option', () => {
    for (const [args, re] of [
      [['--amqp-port', '70000'], /--amqp-port must be a port number/],
      [['--amqp-port', 'x'], /--amqp-port must be a port number/],
      [['--profile', 'kafka'], /--profile must be one of rabbitmq, rabbitmq-3, lavinmq, got 'kafka'/],
      [['--user', 'nopass'], /--user must be NAME:PASSWORD/],
      [['--bind'], /--bind needs a value/],
      [['--frobnicate'], /unknown option '--frobnicate'/],
    ] as const) {
      assert.throws(
        () => parseServeArgs([...args]),
        (e: unknown) => e instanceof UsageError && re.test(e.message),
      );
    }
  });
  it('formats the table like rabbitmqctl list_queues name messages_ready messages_unacknowledged consumers', () => {
    const q = (name: string, ready: number, unacked: number, consumers: number, vhost = '/') => ({
      vhost,
      name,
      ready,
      unacked,
      consumers,
      messages: ready + unacked,
      type: 'classic' as const,
      durable: false,
      exclusive: false,
      autoDelete: false,
      arguments: {},
    });
    assert.deepEqual(queueTable([q('task_queue', 12, 3, 2), q('q', 0, 0, 0, 'dev')]), [
      'name        ready  unacked  consumers',
      'task_queue     12        3          2',
      'dev q           0        0          0',
    ]);
  });
});

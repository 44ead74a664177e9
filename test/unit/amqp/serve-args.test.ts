import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
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
  it('--port is --amqp-port; --user repeats and may replace guest; giving both ports or a stray word is a usage error', () => {
    const a = parseServeArgs(['--port', '5999', '--user', 'ann:1', '--user=guest:g', '-h']);
    assert.equal(a, 'help');
    const b = parseServeArgs(['--port', '5999', '--user', 'ann:1', '--user=guest:g']);
    assert.ok(b !== 'help');
    assert.equal(b.port, 5999);
    assert.deepEqual(b.users, { guest: { password: 'g' }, ann: { password: '1' } });
    for (const [args, re] of [
      [['--port', '1', '--amqp-port', '2'], /^give --amqp-port or --port, not both$/],
      [['--port', '-1'], /^--port needs a value \(N\)$/],
      [['--ui=yes'], /^--ui takes no value, got 'yes'$/],
      [['5672'], /^unexpected argument '5672'; see 'acklab serve --help'$/],
    ] as const) {
      assert.throws(
        () => parseServeArgs([...args]),
        (e: unknown) => e instanceof UsageError && re.test(e.message),
      );
    }
  });
  it('acklab serve --help is generated from the option table, one line per option', () => {
    const r = spawnSync('node', ['--import', 'tsx', 'src/cli/main.ts', 'serve', '--help'], { encoding: 'utf8' });
    assert.equal(r.status, 0);
    assert.match(r.stdout, /^Usage: acklab serve \[options\]\n/);
    for (const opt of ['--amqp-port N', '--port N', '--bind ADDR', '--profile P', '--data-dir DIR', '--user NAME:PASS', '--ui', '--ui-port N', '-h, --help']) {
      assert.match(r.stdout, new RegExp(`\\n  (    )?${opt.replace(/[-]/g, '\\-')} +\\S`), `no line for ${opt} in:\n${r.stdout}`);
    }
    assert.match(r.stdout, /--profile P +broker semantics: rabbitmq, rabbitmq-3, lavinmq/);
    assert.match(r.stdout, /--user NAME:PASS .*\(repeatable\)/);
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

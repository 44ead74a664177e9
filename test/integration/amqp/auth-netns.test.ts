// Auth from a real non-loopback peer: guest is refused with RabbitMQ's text, a configured user is
// accepted. Where Debian's rabbitmq-server is installed, a private RabbitMQ node bound to the same
// address answers the same three clients first, and AckLab must answer each one exactly as it did. The only non-loopback peer this test uses is one it makes itself: a network namespace
// joined to this one by a veth pair, with addresses the test assigns; `acklab serve --bind` listens on
// this side's address and the clients run inside the namespace (`ip netns exec`). Needs root (or
// CAP_NET_ADMIN) and iproute2; skipped, saying why, where namespaces are not permitted.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { run, until, type Child } from './helpers';
import { rabbitmqAvailable, startRabbitMQ, type RabbitMQNode } from '../../support/rabbitmq';

const ROOT = join(__dirname, '..', '..', '..');
const CLI = join(ROOT, 'dist', 'cli.js');
const tag = process.pid % 100_000;
const NS = `acklab-auth-${tag}`;
const HOST_IF = `ackv${tag}h`;
const NS_IF = `ackv${tag}n`;
// a /30 of our own in 10.237.0.0/16, picked by pid so parallel runs do not collide
const NET = `10.237.${tag % 250}`;
const SERVER_ADDR = `${NET}.1`;
const PEER_ADDR = `${NET}.2`;

function ip(...args: string[]): { ok: boolean; err: string } {
  const r = spawnSync('ip', args, { encoding: 'utf8' });
  return { ok: r.status === 0, err: (r.stderr || r.error?.message || '').trim() };
}

/** Creates the namespace and the veth pair; returns why not when it cannot. */
function setUp(): string | undefined {
  if (spawnSync('ip', ['-V']).status !== 0) return 'iproute2 (`ip`) is not installed';
  const add = ip('netns', 'add', NS);
  if (!add.ok) return `network namespaces are not permitted here (ip netns add: ${add.err})`;
  const steps = [
    ['link', 'add', HOST_IF, 'type', 'veth', 'peer', 'name', NS_IF],
    ['link', 'set', NS_IF, 'netns', NS],
    ['addr', 'add', `${SERVER_ADDR}/30`, 'dev', HOST_IF],
    ['link', 'set', HOST_IF, 'up'],
    ['netns', 'exec', NS, 'ip', 'addr', 'add', `${PEER_ADDR}/30`, 'dev', NS_IF],
    ['netns', 'exec', NS, 'ip', 'link', 'set', NS_IF, 'up'],
    ['netns', 'exec', NS, 'ip', 'link', 'set', 'lo', 'up'],
  ];
  for (const s of steps) {
    const r = ip(...s);
    if (!r.ok) return `could not set up the veth pair (ip ${s.join(' ')}: ${r.err})`;
  }
  return undefined;
}

function tearDown(): void {
  ip('link', 'del', HOST_IF); // deletes both ends
  ip('netns', 'del', NS);
}

/** Runs an amqplib client inside the namespace; returns what it printed (one JSON line). */
interface Outcome {
  ok: boolean;
  error?: string;
  body?: string;
}

function clientInNamespace(url: string): Outcome {
  const script = `
    const amqp = require('amqplib');
    (async () => {
      try {
        const c = await amqp.connect(${JSON.stringify(url)});
        const ch = await c.createChannel();
        const q = await ch.assertQueue('', { exclusive: true });
        ch.sendToQueue(q.queue, Buffer.from('from the namespace'));
        let m = false;
        for (let i = 0; i < 100 && !m; i++) { m = await ch.get(q.queue, { noAck: true }); if (!m) await new Promise((r) => setTimeout(r, 20)); }
        await c.close();
        console.log(JSON.stringify({ ok: true, body: m && m.content.toString() }));
      } catch (e) { console.log(JSON.stringify({ ok: false, error: e.message })); }
    })();`;
  const r = spawnSync('ip', ['netns', 'exec', NS, process.execPath, '-e', script], { cwd: ROOT, encoding: 'utf8', timeout: 20_000 });
  const line = r.stdout.trim().split('\n').at(-1) ?? '';
  try {
    return JSON.parse(line);
  } catch {
    return { ok: false, error: `client printed ${JSON.stringify(r.stdout)} ${r.stderr}` };
  }
}

describe("auth from a non-loopback peer (a network namespace of the test's own)", function () {
  this.timeout(60_000);
  let why: string | undefined;
  let serve: Child | undefined;
  before(function () {
    if (!existsSync(CLI)) throw new Error(`${CLI} missing: run node scripts/build.mjs first`);
    why = setUp();
    if (why) {
      tearDown();
      console.log(`      skipped: ${why}`);
      this.skip();
    }
  });
  after(async () => {
    if (serve) {
      serve.proc.kill('SIGKILL');
      await serve.exited;
    }
    if (!why) tearDown();
  });

  /** The three clients of this test, run against a server at `port`: guest, a configured user, a wrong password. */
  function threeClients(port: number | string): Outcome[] {
    return [
      clientInNamespace(`amqp://guest:guest@${SERVER_ADDR}:${port}`),
      clientInNamespace(`amqp://alice:s3cret@${SERVER_ADDR}:${port}`),
      clientInNamespace(`amqp://alice:nope@${SERVER_ADDR}:${port}`),
    ];
  }

  let rabbit: Outcome[] | undefined;
  it(`RabbitMQ 3.10 (a private node bound to ${SERVER_ADDR}) answers the same clients first`, async function () {
    if (!rabbitmqAvailable()) {
      console.log('      skipped: rabbitmq-server is not installed (AckLab is then checked against the texts below only)');
      this.skip();
    }
    this.timeout(180_000);
    let node: RabbitMQNode | undefined;
    try {
      node = await startRabbitMQ({ bind: SERVER_ADDR });
      await node.ctlAsync(['add_user', 'alice', 's3cret']);
      await node.ctlAsync(['set_permissions', '-p', '/', 'alice', '.*', '.*', '.*']);
      rabbit = threeClients(node.port);
    } finally {
      await node?.stop();
    }
    assert.equal(rabbit[0].ok, false, 'RabbitMQ refuses guest from another host (loopback_users)');
    assert.deepEqual(rabbit[1], { ok: true, body: 'from the namespace' });
    assert.equal(rabbit[2].ok, false);
  });

  it(`guest is refused with RabbitMQ's text; a --user is accepted (acklab serve --bind ${SERVER_ADDR})`, async () => {
    serve = run(process.execPath, [CLI, 'serve', '--amqp-port', '0', '--bind', SERVER_ADDR, '--user', 'alice:s3cret']);
    const c = serve;
    await until(() => c.lines.some((l) => l.startsWith('AMQP listening on ')), 20_000, `the listening line (got: ${c.lines.join(' | ')})`);
    const port = /:(\d+)$/.exec(c.lines.find((l) => l.startsWith('AMQP listening on '))!)![1];
    const [guest, alice, wrong] = threeClients(port);

    assert.equal(guest.ok, false, 'guest must not log in from another host');
    // What amqplib reports for RabbitMQ's connection.close 403: amqplib announces the
    // authentication_failure_close capability, so RabbitMQ sends its "safe" text (rabbit_reader auth_fail)
    // rather than the reason, which goes to its log only.
    assert.equal(
      guest.error,
      'Handshake terminated by server: 403 (ACCESS-REFUSED) with message "ACCESS_REFUSED - Login was refused using authentication mechanism PLAIN. For details see the broker logfile."',
    );
    assert.deepEqual(alice, { ok: true, body: 'from the namespace' });
    assert.equal(wrong.ok, false);
    assert.equal(wrong.error, guest.error, 'a wrong password reads the same as guest from afar, as on RabbitMQ');
    if (rabbit) assert.deepEqual([guest, alice, wrong], rabbit, 'AckLab answers each client exactly as RabbitMQ 3.10 did');
  });
});

// Auth from a real non-loopback peer: guest is refused with RabbitMQ's text, a configured user is
// accepted. The only non-loopback peer this test uses is one it makes itself: a network namespace
// joined to this one by a veth pair, with addresses the test assigns; `acklab serve --bind` listens on
// this side's address and the clients run inside the namespace (`ip netns exec`). Needs root (or
// CAP_NET_ADMIN) and iproute2; skipped, saying why, where namespaces are not permitted.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { run, until, type Child } from './helpers';

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
function clientInNamespace(url: string): { ok: boolean; error?: string; peer?: string; body?: string } {
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

  it(`guest is refused with RabbitMQ's text; a --user is accepted (acklab serve --bind ${SERVER_ADDR})`, async () => {
    serve = run(process.execPath, [CLI, 'serve', '--amqp-port', '0', '--bind', SERVER_ADDR, '--user', 'alice:s3cret']);
    const c = serve;
    await until(() => c.lines.some((l) => l.startsWith('AMQP listening on ')), 20_000, `the listening line (got: ${c.lines.join(' | ')})`);
    const port = /:(\d+)$/.exec(c.lines.find((l) => l.startsWith('AMQP listening on '))!)![1];

    const guest = clientInNamespace(`amqp://guest:guest@${SERVER_ADDR}:${port}`);
    assert.equal(guest.ok, false, 'guest must not log in from another host');
    // what amqplib reports for RabbitMQ's connection.close 403 (loopback_users)
    assert.equal(
      guest.error,
      'Handshake terminated by server: 403 (ACCESS-REFUSED) with message "ACCESS_REFUSED - user \'guest\' can only connect via localhost"',
    );

    const alice = clientInNamespace(`amqp://alice:s3cret@${SERVER_ADDR}:${port}`);
    assert.deepEqual(alice, { ok: true, body: 'from the namespace' });

    const wrong = clientInNamespace(`amqp://alice:nope@${SERVER_ADDR}:${port}`);
    assert.equal(wrong.ok, false);
    assert.match(wrong.error ?? '', /403 \(ACCESS-REFUSED\) with message "ACCESS_REFUSED - Login was refused using authentication mechanism PLAIN/);
  });
});

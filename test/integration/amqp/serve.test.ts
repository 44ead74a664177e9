// `acklab serve` as a user runs it: a child process, real amqplib clients, SIGINT to stop.
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as amqp from 'amqplib';
import { run, until, type Child } from './helpers';

const ROOT = join(__dirname, '..', '..', '..');
function serve(args: string[]): Child {
  return run(process.execPath, ['--import', 'tsx', join(ROOT, 'src', 'cli', 'main.ts'), 'serve', ...args], { cwd: ROOT });
}
async function listening(c: Child): Promise<string> {
  await until(() => c.lines.some((l) => l.startsWith('AMQP listening on ')), 20_000, `the listening line (got: ${c.lines.join(' | ')})`);
  const m = /^AMQP listening on (amqp:\/\/127\.0\.0\.1:(\d+))$/.exec(c.lines.find((l) => l.startsWith('AMQP listening on '))!);
  assert.ok(m, 'line format');
  return m[1]!.replace('amqp://', 'amqp://guest:guest@');
}

describe('acklab serve', function () {
  this.timeout(60_000);
  const children: Child[] = [];
  afterEach(async () => {
    for (const c of children.splice(0)) {
      c.proc.kill('SIGKILL');
      await c.exited;
    }
  });

  it('prints the URL, shows the queue table (plain lines when not a TTY), and Ctrl-C closes clients with connection.close and exits 0', async () => {
    const c = serve(['--amqp-port', '0']);
    children.push(c);
    const url = await listening(c);
    const conn = await amqp.connect(url);
    const closed = new Promise<Error | undefined>((r) => conn.on('close', r));
    const ch = await conn.createChannel();
    await ch.assertQueue('serve-q');
    ch.sendToQueue('serve-q', Buffer.from('a'));
    ch.sendToQueue('serve-q', Buffer.from('b'));
    await ch.get('serve-q');
    // rabbitmqctl list_queues name messages_ready messages_unacknowledged consumers
    await until(() => c.lines.some((l) => /^serve-q\s+1\s+1\s+0$/.test(l)), 5000, `the table row (got: ${c.lines.join(' | ')})`);
    assert.ok(c.lines.some((l) => /^name\s+ready\s+unacked\s+consumers$/.test(l)));
    c.proc.kill('SIGINT');
    assert.equal(await c.exited, 0);
    assert.match(String((await closed)?.message), /320 \(CONNECTION-FORCED\)/);
  });

  it('--ui serves the stepper page and its bundle on loopback, under a strict CSP', async () => {
    const c = serve(['--amqp-port', '0', '--ui']);
    children.push(c);
    await listening(c);
    await until(() => c.lines.some((l) => l.startsWith('Stepper UI: ')), 20_000, `the UI line (got: ${c.lines.join(' | ')})`);
    const ui = /^Stepper UI: (http:\/\/127\.0\.0\.1:\d+\/)$/.exec(c.lines.find((l) => l.startsWith('Stepper UI: '))!);
    assert.ok(ui, 'UI line format');
    const page = await fetch(ui[1]!);
    assert.equal(page.status, 200);
    const html = await page.text();
    assert.match(html, /Content-Security-Policy" content="default-src 'none';/);
    assert.match(html, /script-src 'nonce-[A-Za-z0-9+/=]+'/);
    const js = await fetch(new URL('webview.js', ui[1]!));
    assert.equal(js.status, 200);
    assert.ok((await js.arrayBuffer()).byteLength > 10_000, 'the webview bundle is served');
    c.proc.kill('SIGINT');
    assert.equal(await c.exited, 0);
  });

  it('uses 5672 when free, otherwise says it is taken and uses the first free port from 5673', async () => {
    let blocker: Server | undefined;
    try {
      blocker = await new Promise<Server | undefined>((resolve) => {
        const s = createServer();
        s.once('error', () => resolve(undefined)); // already taken by someone else: fine, same situation
        s.listen(5672, '127.0.0.1', () => resolve(s));
      });
      const c = serve([]);
      children.push(c);
      const url = await listening(c);
      const port = Number(/:(\d+)$/.exec(url)![1]);
      assert.ok(port >= 5673 && port <= 5772, `port ${port}`);
      assert.ok(
        c.lines.some((l) => /Port 5672 is taken \(a RabbitMQ is probably running there\); using \d+ instead\./.test(l)),
        c.lines.join('\n'),
      );
      c.proc.kill('SIGINT');
      assert.equal(await c.exited, 0);
    } finally {
      blocker?.close();
    }
  });

  it('refuses bad arguments with exit code 2 and a clear message', async () => {
    const c = serve(['--profile', 'kafka']);
    assert.equal(await c.exited, 2);
    assert.ok(
      c.lines.some((l) => l.includes("--profile must be one of rabbitmq, rabbitmq-3, lavinmq, got 'kafka'")),
      c.lines.join('\n'),
    );
  });

  it('--data-dir keeps durable queues and persistent messages across a restart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'acklab-serve-'));
    try {
      const a = serve(['--amqp-port', '0', '--data-dir', dir]);
      children.push(a);
      const conn = await amqp.connect(await listening(a));
      conn.on('error', () => undefined);
      const ch = await conn.createChannel();
      await ch.assertQueue('kept', { durable: true });
      await ch.assertQueue('gone', { durable: false });
      ch.sendToQueue('kept', Buffer.from('persistent'), { persistent: true });
      ch.sendToQueue('kept', Buffer.from('transient'), { persistent: false });
      await ch.checkQueue('kept');
      a.proc.kill('SIGINT');
      assert.equal(await a.exited, 0);

      const b = serve(['--amqp-port', '0', '--data-dir', dir]);
      children.push(b);
      const conn2 = await amqp.connect(await listening(b));
      const ch2 = await conn2.createChannel();
      const m = await ch2.get('kept', { noAck: true });
      assert.ok(m);
      assert.equal(m.content.toString(), 'persistent');
      assert.equal(await ch2.get('kept'), false);
      const err = new Promise<Error>((r) => ch2.on('error', r));
      await assert.rejects(ch2.checkQueue('gone'));
      assert.match((await err).message, /NOT_FOUND/);
      await conn2.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a damaged state file in --data-dir is reported (exit 2), not half-loaded', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'acklab-serve-'));
    try {
      writeFileSync(join(dir, 'broker-state.json'), '{"format":"acklab-durable-state","state":{"vers');
      const c = serve(['--amqp-port', '0', '--data-dir', dir]);
      assert.equal(await c.exited, 2);
      assert.ok(
        c.lines.some((l) => /broker-state\.json: is not complete JSON .*Nothing was changed; to start fresh, move the file away/.test(l)),
        c.lines.join('\n'),
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

// Starts Debian's rabbitmq-server (3.10.x here) as a private node for tests: free ports, its own
// data/log dir under the OS temp dir, its own node name, so it runs beside any other RabbitMQ
// (and beside other test runs). `stop()` stops the node and removes the directory.
//
//   const rmq = await startRabbitMQ({ management: true });
//   ... amqplib.connect(rmq.url) ... fetch(`${rmq.managementUrl}/api/overview`, { headers: { authorization: rmq.basicAuth } })
//   await rmq.stop();
//
// Start takes ~10-15 s on the 2-core machines. Root runs the server as the `rabbitmq` user, so the
// directory is chowned to it. Use `rabbitmqAvailable()` to skip cleanly where it is not installed.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync, readFileSync } from 'node:fs';
import { createServer, connect as tcpConnect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface RabbitMQOptions {
  /** Enable rabbitmq_management (HTTP API). `true` picks a free port; a number uses that port. */
  management?: boolean | number;
  /** AMQP port; default: a free port. */
  port?: number;
  /** Max time to wait for the node to accept connections (ms). Default 60 000. */
  startTimeoutMs?: number;
  /** Extra lines for the node's rabbitmq.conf (new-style config), e.g. 'consumer_timeout = 5000'. */
  config?: string[];
}

export interface RabbitMQNode {
  /** amqp://guest:guest@127.0.0.1:PORT */
  readonly url: string;
  readonly port: number;
  readonly nodename: string;
  /** Directory holding mnesia, logs and config of this node. */
  readonly dir: string;
  /** Set when started with `management`. */
  readonly managementPort?: number;
  /** http://127.0.0.1:PORT (no trailing slash); the API lives under /api. */
  readonly managementUrl?: string;
  /** `Basic …` header value for guest/guest. */
  readonly basicAuth: string;
  /** Runs rabbitmqctl against this node; returns stdout (throws on non-zero exit). */
  ctl(args: string[], timeoutMs?: number): string;
  /** Stops the node (rabbitmqctl stop, then SIGKILL if needed) and removes its directory. Idempotent. */
  stop(): Promise<void>;
}

const SERVER = '/usr/sbin/rabbitmq-server';
const CTL = '/usr/sbin/rabbitmqctl';

/** True when the Debian rabbitmq-server package is installed. */
export function rabbitmqAvailable(): boolean {
  return existsSync(SERVER) && existsSync(CTL);
}

/** A TCP port that was free a moment ago (bind 0, read, close). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.unref();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const addr = s.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      s.close(() => resolve(port));
    });
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** Resolves true when something answers an AMQP protocol header on the port with `AMQP` or connection.start. */
function probeAmqp(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const sock = tcpConnect({ host: '127.0.0.1', port });
    const done = (ok: boolean) => { sock.destroy(); resolve(ok); };
    const timer = setTimeout(() => done(false), 2000);
    sock.on('error', () => { clearTimeout(timer); done(false); });
    sock.on('connect', () => sock.write(Buffer.from('AMQP\x00\x00\x09\x01', 'latin1')));
    sock.on('data', (d) => { clearTimeout(timer); done(d.length > 0 && d[0] === 1); });
  });
}

function probeHttp(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const sock = tcpConnect({ host: '127.0.0.1', port });
    const timer = setTimeout(() => { sock.destroy(); resolve(false); }, 2000);
    sock.on('error', () => { clearTimeout(timer); resolve(false); });
    sock.on('connect', () => sock.write('GET /api/overview HTTP/1.0\r\nAuthorization: Basic Z3Vlc3Q6Z3Vlc3Q=\r\n\r\n'));
    sock.on('data', (d) => { clearTimeout(timer); sock.destroy(); resolve(/^HTTP\/1\.[01] 200/.test(d.toString('latin1'))); });
  });
}

function chownRecursive(path: string, uid: number, gid: number): void {
  chownSync(path, uid, gid);
  if (statSync(path).isDirectory()) for (const f of readdirSync(path)) chownRecursive(join(path, f), uid, gid);
}

function rabbitIds(): { uid: number; gid: number } | undefined {
  const r = spawnSync('id', ['rabbitmq'], { encoding: 'utf8' });
  const uid = /uid=(\d+)/.exec(r.stdout)?.[1];
  const gid = /gid=(\d+)/.exec(r.stdout)?.[1];
  return uid && gid ? { uid: Number(uid), gid: Number(gid) } : undefined;
}

/** Starts a private RabbitMQ node and resolves once it accepts AMQP (and HTTP, with management). */
export async function startRabbitMQ(opts: RabbitMQOptions = {}): Promise<RabbitMQNode> {
  if (!rabbitmqAvailable()) throw new Error(`rabbitmq-server is not installed (${SERVER}); run scripts/ensure-system-deps.sh`);
  const port = opts.port ?? (await freePort());
  const distPort = await freePort();
  const mgmtPort = opts.management === undefined || opts.management === false ? undefined
    : opts.management === true ? await freePort() : opts.management;
  const dir = mkdtempSync(join(tmpdir(), 'acklab-rmq-'));
  const tag = `${process.pid}${Math.floor(Math.random() * 1e6)}`;
  const nodename = `acklab${tag}@localhost`;
  writeFileSync(join(dir, 'enabled_plugins'), mgmtPort !== undefined ? '[rabbitmq_management].\n' : '[].\n');
  const confLines = ['loopback_users.guest = true', ...(opts.config ?? [])];
  if (mgmtPort !== undefined) confLines.push(`management.tcp.port = ${mgmtPort}`, 'management.tcp.ip = 127.0.0.1');
  writeFileSync(join(dir, 'rabbitmq.conf'), confLines.join('\n') + '\n');
  const ids = process.getuid?.() === 0 ? rabbitIds() : undefined;
  if (ids) chownRecursive(dir, ids.uid, ids.gid);

  const env: NodeJS.ProcessEnv = {
    ...process.env,
    RABBITMQ_NODENAME: nodename,
    RABBITMQ_NODE_PORT: String(port),
    RABBITMQ_NODE_IP_ADDRESS: '127.0.0.1',
    RABBITMQ_DIST_PORT: String(distPort),
    RABBITMQ_MNESIA_BASE: join(dir, 'mnesia'),
    RABBITMQ_LOG_BASE: join(dir, 'log'),
    RABBITMQ_ENABLED_PLUGINS_FILE: join(dir, 'enabled_plugins'),
    RABBITMQ_CONFIG_FILE: join(dir, 'rabbitmq.conf'),
    RABBITMQ_ADVANCED_CONFIG_FILE: join(dir, 'advanced.config'),
    RABBITMQ_PID_FILE: join(dir, 'pid'),
    RABBITMQ_LOGS: join(dir, 'log', 'node.log'),
  };
  const ctlEnv: NodeJS.ProcessEnv = { ...process.env };
  const child: ChildProcess = spawn(SERVER, [], { env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let output = '';
  const keep = (d: Buffer) => { output = (output + d.toString()).slice(-8000); };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  let exited = false;
  child.on('exit', () => { exited = true; });

  const ctl = (args: string[], timeoutMs = 30_000): string => {
    const r = spawnSync(CTL, ['-n', nodename, ...args], { env: ctlEnv, encoding: 'utf8', timeout: timeoutMs });
    if (r.status !== 0) throw new Error(`rabbitmqctl ${args.join(' ')} failed (${r.status}): ${r.stderr || r.stdout}`);
    return r.stdout;
  };

  let stopped = false;
  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    if (!exited) {
      spawnSync(CTL, ['-n', nodename, 'stop'], { env: ctlEnv, encoding: 'utf8', timeout: 30_000 });
      for (let i = 0; i < 100 && !exited; i++) await sleep(100);
      if (!exited && child.pid) {
        try { process.kill(-child.pid, 'SIGKILL'); } catch { /* already gone */ }
      }
    }
    // The node runs as `rabbitmq` under su; make sure the beam for this node is gone.
    const pidFile = join(dir, 'pid');
    if (existsSync(pidFile)) {
      const pid = Number(readFileSync(pidFile, 'utf8').trim());
      if (pid > 0) { try { process.kill(pid, 'SIGKILL'); } catch { /* already gone */ } }
    }
    rmSync(dir, { recursive: true, force: true });
  };

  const deadline = Date.now() + (opts.startTimeoutMs ?? 60_000);
  try {
    for (;;) {
      if (exited) throw new Error(`rabbitmq-server exited during start:\n${output}`);
      if (Date.now() > deadline) throw new Error(`rabbitmq-server did not start within ${opts.startTimeoutMs ?? 60_000} ms:\n${output}`);
      if (await probeAmqp(port)) {
        if (mgmtPort === undefined || (await probeHttp(mgmtPort))) break;
      }
      await sleep(300);
    }
  } catch (err) {
    await stop();
    throw err;
  }
  return {
    url: `amqp://guest:guest@127.0.0.1:${port}`,
    port,
    nodename,
    dir,
    managementPort: mgmtPort,
    managementUrl: mgmtPort !== undefined ? `http://127.0.0.1:${mgmtPort}` : undefined,
    basicAuth: 'Basic ' + Buffer.from('guest:guest').toString('base64'),
    ctl,
    stop,
  };
}

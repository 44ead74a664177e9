/**
 * Shared test harness: a private, throw-away RabbitMQ node (Debian's `rabbitmq-server`, 3.10.x here).
 *
 * ```ts
 * import { startRabbitMQ, type RabbitMQNode } from '../../support/rabbitmq';
 * let rmq: RabbitMQNode;
 * before(async function () { this.timeout(150_000); rmq = await startRabbitMQ({ management: true }); });
 * after(async function () { this.timeout(60_000); await rmq?.stop(); });
 * // rmq.amqpUrl (= rmq.url) 'amqp://guest:guest@127.0.0.1:PORT'; rmq.managementUrl 'http://127.0.0.1:PORT';
 * // rmq.user / rmq.password 'guest'; rmq.basicAuth 'Basic …'; rmq.ctl(['list_queues']) runs rabbitmqctl.
 * ```
 *
 * Each call starts its own node: unique `RABBITMQ_NODENAME`, free AMQP / distribution / management ports,
 * its own temp dir holding mnesia, logs, rabbitmq.conf and the enabled-plugins file. So it runs beside any
 * other RabbitMQ on the machine (the system service, other test runs). Starting takes ~12 s on an idle
 * machine, much more on a busy one: start at most ONE node per suite file, in `before`/`after` hooks.
 *
 * - `stop()` always cleans up and never throws: `rabbitmqctl -n NODE stop`, then SIGKILL of whatever still
 *   carries the node's unique name on its command line (beam, erl_child_setup), then removes the dir.
 *   Idempotent. A process `exit` hook also kills leftover nodes should a run die before `after` hooks.
 * - A node that fails to start throws an Error with the tail of its log file and console output.
 * - EPMD: the node needs the Erlang port mapper (4369). We run `epmd -daemon` first (a no-op when one runs);
 *   it is shared by all nodes on the machine, so it is deliberately never stopped.
 * - Run as root (CI, these machines) the node goes through Debian's wrapper, which drops to the `rabbitmq`
 *   user: the dir is chown'ed to it and the shared /var/lib/rabbitmq/.erlang.cookie is used. As another
 *   user, the node runs from /usr/lib/rabbitmq/bin with HOME set to its dir (its own cookie).
 * - User guest/guest, loopback only (what we connect from). `rabbitmqAvailable()` tells whether it's installed.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, connect as tcpConnect, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface RabbitMQOptions {
  /** Enable rabbitmq_management (HTTP API). `true` picks a free port; a number uses that port. */
  management?: boolean | number;
  /** AMQP port; default: a free port. */
  port?: number;
  /** Max time to wait for the node to answer AMQP (and HTTP). Default 120 000 ms (shared, slow machines). */
  startTimeoutMs?: number;
  /** Extra lines for the node's rabbitmq.conf (new-style config), e.g. 'consumer_timeout = 5000'. */
  config?: string[];
  /**
   * Address the AMQP listener binds (default 127.0.0.1). '::' = IPv6 and IPv4 (used inside a private network namespace).
   * A specific address (e.g. a veth address of the test's own) is also the one `url` uses and the start waits on.
   */
  bind?: string;
}

export interface RabbitMQNode {
  /** amqp://guest:guest@127.0.0.1:PORT (default vhost "/"). Same as `url`. */
  readonly amqpUrl: string;
  /** amqp://guest:guest@127.0.0.1:PORT */
  readonly url: string;
  readonly port: number;
  readonly nodename: string;
  /** Directory holding mnesia, logs and config of this node. */
  readonly dir: string;
  readonly user: string;
  readonly password: string;
  /** Set when started with `management`. */
  readonly managementPort?: number;
  /** http://127.0.0.1:PORT (no trailing slash); the API lives under /api. Set when started with `management`. */
  readonly managementUrl?: string;
  /** `Basic …` header value for guest/guest. */
  readonly basicAuth: string;
  /** Runs rabbitmqctl against this node; returns stdout (throws with stderr on non-zero exit). Blocks. */
  ctl(args: string[], timeoutMs?: number): string;
  /** Same as `ctl` without blocking the event loop. */
  ctlAsync(args: string[], timeoutMs?: number): Promise<string>;
  /** The last `lines` lines of the node's log file(s) and console output. */
  logTail(lines?: number): string;
  /** Stops the node (rabbitmqctl stop, then SIGKILL if needed) and removes its directory. Idempotent, never throws. */
  stop(): Promise<void>;
}
/** Alias used by some suites. */
export type RabbitMQ = RabbitMQNode;

const SERVER = '/usr/sbin/rabbitmq-server';
const CTL = '/usr/sbin/rabbitmqctl';
const LIB_BIN = '/usr/lib/rabbitmq/bin';
const HOST = '127.0.0.1';

const isRoot = (): boolean => process.getuid?.() === 0;

/** True when the Debian rabbitmq-server package is installed. */
export function rabbitmqAvailable(): boolean {
  return existsSync(SERVER) && existsSync(CTL) && existsSync(join(LIB_BIN, 'rabbitmq-server'));
}

/** A TCP port that was free a moment ago (bind 0, read, close). */
export async function freePort(): Promise<number> {
  return (await freePorts(1))[0]!;
}

/** `n` distinct TCP ports that were free a moment ago (all held open together, then released). */
export async function freePorts(n: number): Promise<number[]> {
  const servers: Server[] = [];
  try {
    const ports: number[] = [];
    for (let i = 0; i < n; i++) {
      const s = createServer();
      servers.push(s);
      await new Promise<void>((resolve, reject) => {
        s.once('error', reject);
        s.listen(0, HOST, () => resolve());
      });
      const addr = s.address();
      if (addr === null || typeof addr === 'string') throw new Error('could not read a free port');
      ports.push(addr.port);
    }
    return ports;
  } finally {
    await Promise.all(servers.map((s) => new Promise<void>((r) => s.close(() => r()))));
  }
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Resolves true when an AMQP 0-9-1 server on the port answers the protocol header with connection.start. */
export function amqpAnswers(port: number, host = HOST, timeoutMs = 2_000): Promise<boolean> {
  return new Promise((resolve) => {
    const sock = tcpConnect({ host, port });
    let done = false;
    const finish = (ok: boolean): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      sock.destroy();
      resolve(ok);
    };
    const timer = setTimeout(() => finish(false), timeoutMs);
    sock.once('error', () => finish(false));
    sock.once('close', () => finish(false));
    sock.once('connect', () => sock.write(Buffer.from('AMQP\x00\x00\x09\x01', 'latin1')));
    sock.once('data', (d: Buffer) => finish(d.length > 0 && d[0] === 1));
  });
}

async function managementAnswers(url: string, basicAuth: string): Promise<boolean> {
  try {
    const res = await fetch(`${url}/api/overview`, { headers: { authorization: basicAuth }, signal: AbortSignal.timeout(3_000) });
    await res.arrayBuffer();
    return res.status === 200;
  } catch {
    return false;
  }
}

/** Node names started by this process and not yet stopped, for the exit hook. */
const live = new Map<string, string>(); // nodename -> dir
let exitHookInstalled = false;

/** Pids of processes whose command line mentions `needle` (our unique node name). */
function pidsMentioning(needle: string): number[] {
  const out: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      if (readFileSync(`/proc/${entry}/cmdline`, 'latin1').includes(needle)) out.push(Number(entry));
    } catch {
      // exited meanwhile
    }
  }
  return out;
}

function killNode(nodename: string, dir: string): void {
  const pids = new Set(pidsMentioning(nodename));
  try {
    const pid = Number(readFileSync(join(dir, 'pid'), 'utf8').trim());
    if (pid > 0) pids.add(pid);
  } catch {
    // no pid file
  }
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const [nodename, dir] of live) {
      try {
        killNode(nodename, dir);
        rmSync(dir, { recursive: true, force: true });
      } catch {
        // best effort at exit
      }
    }
  });
}

function chownRecursive(path: string, uid: number, gid: number): void {
  chownSync(path, uid, gid);
  if (statSync(path).isDirectory()) for (const f of readdirSync(path)) chownRecursive(join(path, f), uid, gid);
}

function rabbitIds(): { uid: number; gid: number } {
  const r = spawnSync('id', ['rabbitmq'], { encoding: 'utf8' });
  const uid = /uid=(\d+)/.exec(r.stdout ?? '')?.[1];
  const gid = /gid=(\d+)/.exec(r.stdout ?? '')?.[1];
  if (uid === undefined || gid === undefined) throw new Error("user 'rabbitmq' not found; is the rabbitmq-server package installed?");
  return { uid: Number(uid), gid: Number(gid) };
}

function runAsync(cmd: string, args: string[], env: NodeJS.ProcessEnv, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve(out);
      else reject(new Error(`rabbitmqctl ${args.join(' ')} failed (${signal ?? `exit ${code}`}): ${(err || out).trim().slice(-2000)}`));
    });
  });
}

/**
 * Starts a private RabbitMQ node; resolves once it answers AMQP (and the HTTP API, with `management`).
 * Throws a clear error with the log tail if it exits or does not answer within `startTimeoutMs`.
 */
export async function startRabbitMQ(opts: RabbitMQOptions = {}): Promise<RabbitMQNode> {
  if (!rabbitmqAvailable()) throw new Error(`rabbitmq-server is not installed (${SERVER}); run scripts/ensure-system-deps.sh`);
  try {
    return await startOnce(opts);
  } catch (e) {
    // One retry, only when a port we reserved was taken before the node bound it (parallel test runs).
    if (opts.port === undefined && typeof opts.management !== 'number' && e instanceof Error && /eaddrinuse/i.test(e.message)) {
      return startOnce(opts);
    }
    throw e;
  }
}

async function startOnce(opts: RabbitMQOptions): Promise<RabbitMQNode> {
  const root = isRoot();
  const [p1, p2, p3] = (await freePorts(3)) as [number, number, number];
  const port = opts.port ?? p1;
  const distPort = p2;
  const mgmtPort = opts.management === undefined || opts.management === false ? undefined : opts.management === true ? p3 : opts.management;
  const startTimeoutMs = opts.startTimeoutMs ?? 120_000;
  const dir = mkdtempSync(join(tmpdir(), 'acklab-rmq-'));
  const nodename = `acklab${process.pid}x${Math.random().toString(36).slice(2, 8)}@localhost`;
  mkdirSync(join(dir, 'mnesia'));
  mkdirSync(join(dir, 'log'));
  writeFileSync(join(dir, 'enabled_plugins'), mgmtPort !== undefined ? '[rabbitmq_management].\n' : '[].\n');
  const confLines = ['loopback_users.guest = true', ...(opts.config ?? [])];
  writeFileSync(join(dir, 'rabbitmq.conf'), confLines.join('\n') + '\n');
  if (root) {
    const ids = rabbitIds();
    chownRecursive(dir, ids.uid, ids.gid);
  }

  const env: NodeJS.ProcessEnv = {
    ...process.env,
    RABBITMQ_NODENAME: nodename,
    RABBITMQ_NODE_PORT: String(port),
    RABBITMQ_NODE_IP_ADDRESS: opts.bind ?? HOST,
    RABBITMQ_DIST_PORT: String(distPort),
    RABBITMQ_MNESIA_BASE: join(dir, 'mnesia'),
    RABBITMQ_LOG_BASE: join(dir, 'log'),
    RABBITMQ_LOGS: join(dir, 'log', 'node.log'),
    RABBITMQ_ENABLED_PLUGINS_FILE: join(dir, 'enabled_plugins'),
    RABBITMQ_CONFIG_FILE: join(dir, 'rabbitmq.conf'),
    RABBITMQ_ADVANCED_CONFIG_FILE: join(dir, 'advanced.config'),
    RABBITMQ_PID_FILE: join(dir, 'pid'),
    ERL_CRASH_DUMP: join(dir, 'erl_crash.dump'),
    RABBITMQ_SERVER_START_ARGS: mgmtPort !== undefined ? `-rabbitmq_management tcp_config [{port,${mgmtPort}}]` : '',
  };
  if (!root) env.HOME = dir;
  const serverCmd = root ? SERVER : join(LIB_BIN, 'rabbitmq-server');
  const ctlCmd = root ? CTL : join(LIB_BIN, 'rabbitmqctl');
  const ctlEnv: NodeJS.ProcessEnv = root ? { ...process.env } : { ...process.env, HOME: dir };

  spawnSync('epmd', ['-daemon'], { stdio: 'ignore', timeout: 10_000 });
  installExitHook();
  live.set(nodename, dir);

  const child: ChildProcess = spawn(serverCmd, [], { env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let head = ''; // the first errors usually name the cause; the tail shows the crash
  let output = '';
  const keep = (d: Buffer): void => {
    if (head.length < 16_000) head += d.toString();
    output = (output + d.toString()).slice(-16_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  let exited: string | undefined;
  const exitedP = new Promise<void>((resolve) => {
    child.once('exit', (code, signal) => {
      exited = signal ?? `exit code ${code}`;
      resolve();
    });
    child.once('error', (e) => {
      exited = `spawn error: ${e.message}`;
      resolve();
    });
  });

  const logTail = (lines = 40): string => {
    let log = '';
    try {
      for (const f of readdirSync(join(dir, 'log')).filter((f) => f.endsWith('.log'))) {
        log += `--- ${f}\n${readFileSync(join(dir, 'log', f), 'utf8')
          .split('\n')
          .slice(-lines)
          .join('\n')}\n`;
      }
    } catch {
      // dir already removed
    }
    const firstErrors = head
      .split('\n')
      .filter((l) => /\[error\]|BOOT FAILED|eaddrinuse/i.test(l))
      .slice(0, 12);
    return `${log}--- console, first errors\n${firstErrors.join('\n')}\n--- console, last lines\n${output.split('\n').slice(-lines).join('\n')}`;
  };

  const ctl = (args: string[], timeoutMs = 60_000): string => {
    const r = spawnSync(ctlCmd, ['-n', nodename, ...args], { env: ctlEnv, encoding: 'utf8', timeout: timeoutMs });
    if (r.status !== 0) throw new Error(`rabbitmqctl ${args.join(' ')} failed (${r.signal ?? r.status}): ${r.stderr || r.stdout}`);
    return r.stdout;
  };
  const ctlAsync = (args: string[], timeoutMs = 60_000): Promise<string> => runAsync(ctlCmd, ['-n', nodename, ...args], ctlEnv, timeoutMs);

  let stopped = false;
  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    try {
      if (exited === undefined) {
        await ctlAsync(['stop'], 30_000).catch(() => undefined);
        await Promise.race([exitedP, sleep(15_000)]);
      }
    } finally {
      killNode(nodename, dir);
      if (exited === undefined && child.pid !== undefined) {
        try {
          process.kill(-child.pid, 'SIGKILL');
        } catch {
          // group already gone
        }
      }
      child.stdout?.destroy();
      child.stderr?.destroy();
      live.delete(nodename);
      rmSync(dir, { recursive: true, force: true });
    }
  };

  // A node bound to one specific address answers only there (the auth test binds a veth address).
  const amqpHost = opts.bind && opts.bind !== '::' && opts.bind !== '0.0.0.0' ? opts.bind : HOST;
  const url = `amqp://guest:guest@${amqpHost}:${port}`;
  const basicAuth = 'Basic ' + Buffer.from('guest:guest').toString('base64');
  const managementUrl = mgmtPort !== undefined ? `http://${HOST}:${mgmtPort}` : undefined;
  const deadline = Date.now() + startTimeoutMs;
  let amqpUp = false;
  let httpUp = managementUrl === undefined;
  for (;;) {
    if (exited !== undefined) {
      const tail = logTail();
      await stop();
      throw new Error(`RabbitMQ node ${nodename} exited during start (${exited}).\n${tail}`);
    }
    if (Date.now() > deadline) {
      const tail = logTail();
      await stop();
      throw new Error(
        `RabbitMQ node ${nodename} did not answer within ${startTimeoutMs} ms (AMQP port ${port}: ${amqpUp ? 'up' : 'no answer'}` +
          (managementUrl ? `, management port ${mgmtPort}: ${httpUp ? 'up' : 'no answer'}` : '') +
          `).\n${tail}`,
      );
    }
    if (!amqpUp) amqpUp = await amqpAnswers(port, amqpHost);
    if (amqpUp && !httpUp && managementUrl) httpUp = await managementAnswers(managementUrl, basicAuth);
    if (amqpUp && httpUp) break;
    await sleep(300);
  }

  return {
    amqpUrl: url,
    url,
    port,
    nodename,
    dir,
    user: 'guest',
    password: 'guest',
    managementPort: mgmtPort,
    managementUrl,
    basicAuth,
    ctl,
    ctlAsync,
    logTail,
    stop,
  };
}

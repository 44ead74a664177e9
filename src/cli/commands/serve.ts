// `acklab serve`: the broker plus its AMQP 0-9-1 listener in a terminal, with a live queue table.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PROFILE_NAMES, type Profile, type QueueSnapshot } from '../../broker';
import { StateFileError } from '../../broker/persistence';
import type { AmqpUser } from '../../amqp/server';
import { amqpListener, dataDirStore, DEFAULT_AMQP_PORT, Playground, readSettings, type Settings } from '../../playground';
import { UsageError, type Command } from '../command';
import { bad, choice, commandHelp, flag, option, parseCommandArgs, port, repeated } from '../args';
import { version } from '../version';
import { startStepperServer, type StepperServer } from '../../stepper/server';

const SPEC = {
  name: 'serve',
  summary: 'run the broker with an AMQP 0-9-1 listener and a live queue table',
  description: 'Real clients (amqplib, pika, Go, Java…) connect to the URL it prints.',
  options: {
    'amqp-port': option('N', 'port to listen on (default 5672; if taken, the first free port from 5673). 0 = any free port', port),
    port: option('N', 'same as --amqp-port', port),
    bind: option('ADDR', 'address to bind (default 127.0.0.1; guest/guest may only log in from loopback)'),
    profile: option('P', `broker semantics: ${PROFILE_NAMES.join(', ')} (default rabbitmq = RabbitMQ 4.2)`, choice(PROFILE_NAMES)),
    'data-dir': option('DIR', 'keep durable queues, exchanges, bindings and persistent messages in DIR across restarts'),
    user: repeated('NAME:PASS', 'add a user; unlike guest, such users may also connect from other hosts', parseUser),
    ui: flag('also serve the delivery stepper as a web page on 127.0.0.1 (live mode + scenarios)'),
    'ui-port': option('N', 'port for the --ui page (default: any free port); implies --ui', port),
  },
  footer: 'Ctrl-C closes client connections (connection.close) and exits.',
} as const;

/** parse for --user: NAME:PASSWORD, split at the first colon (the password may hold more). */
function parseUser(raw: string, flagName: string): { name: string; password: string } {
  const i = raw.indexOf(':');
  if (i <= 0) throw bad(flagName, 'NAME:PASSWORD', raw);
  return { name: raw.slice(0, i), password: raw.slice(i + 1) };
}

interface ServeArgs {
  port: number | undefined;
  bind: string;
  profile: Profile;
  dataDir: string | undefined;
  users: Record<string, AmqpUser>;
  ui: boolean;
  uiPort: number;
}

export function parseServeArgs(args: string[]): ServeArgs | 'help' {
  const { help, values: v } = parseCommandArgs(SPEC, args);
  if (help) return 'help';
  if (v['amqp-port'] !== undefined && v.port !== undefined) throw new UsageError('give --amqp-port or --port, not both');
  const users: Record<string, AmqpUser> = { guest: { password: 'guest', remote: false } };
  for (const u of v.user) users[u.name] = { password: u.password };
  return {
    port: v['amqp-port'] ?? v.port,
    bind: v.bind ?? '127.0.0.1',
    profile: v.profile ?? 'rabbitmq',
    dataDir: v['data-dir'],
    users,
    ui: v.ui || v['ui-port'] !== undefined,
    uiPort: v['ui-port'] ?? 0,
  };
}

/** The folder with the webview bundle: dist/ above the CLI's chunk (dist/cli/serve.js), or the repo's dist/ when run
 *  from source. */
function webviewDist(): string {
  for (const d of [join(__dirname, '..'), resolve(__dirname, '../../../dist')]) if (existsSync(join(d, 'webview.js'))) return d;
  throw new UsageError('--ui needs the webview bundle (dist/webview.js): run `npm run build` first');
}

/** The playground (src/playground) as `acklab serve` runs it: the same lifecycle as the extension. */
function servePlayground(a: ServeArgs, say: (s: string) => void): Playground {
  const defaults = readSettings(() => undefined).settings;
  const settings: Settings = {
    ...defaults,
    amqpPort: a.port ?? DEFAULT_AMQP_PORT,
    bindAddress: a.bind,
    profile: a.profile,
    consumerTimeoutMs: a.profile === 'lavinmq' ? 0 : defaults.consumerTimeoutMs,
    persist: a.dataDir !== undefined,
  };
  return new Playground({
    settings,
    ...(a.dataDir !== undefined ? { store: dataDirStore(a.dataDir) } : {}),
    listen: amqpListener({ version, users: a.users, closeGraceMs: 2000 }),
    log: (level, msg) => {
      if (level === 'error' || level === 'warn') process.stderr.write(msg + '\n');
    },
    notice: say,
    portGraceMs: 0,
    portOrigin: '--amqp-port',
  });
}

/** Starts it and prints the URL; a busy port or a damaged state file is a usage error (exit 2) with the reason. */
async function start(pg: Playground, a: ServeArgs, say: (s: string) => void): Promise<void> {
  try {
    await pg.start();
  } catch (e) {
    if (e instanceof StateFileError) throw new UsageError(e.message);
    const msg = (e as Error).message;
    throw new UsageError(
      a.port !== undefined && /is in use/.test(msg) ? `port ${a.port} on ${a.bind} is already in use` : `cannot listen on ${a.bind}: ${msg}`,
    );
  }
  say(`AMQP listening on amqp://${a.bind.includes(':') ? `[${a.bind}]` : a.bind}:${pg.port}`);
}

/** The rows of `rabbitmqctl list_queues name messages_ready messages_unacknowledged consumers`. */
export function queueTable(queues: QueueSnapshot[]): string[] {
  const rows = queues.map((q) => [q.vhost === '/' ? q.name : `${q.vhost} ${q.name}`, String(q.ready), String(q.unacked), String(q.consumers)]);
  const head = ['name', 'ready', 'unacked', 'consumers'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const fmt = (r: string[]) =>
    r
      .map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [fmt(head), ...rows.map(fmt)];
}

/** Redraws the queue table while the broker runs (in place on a TTY, as dated blocks otherwise); returns the stop. */
function drawQueueTable(out: NodeJS.WriteStream, pg: Playground): () => void {
  const tty = out.isTTY === true;
  let lastTable = '';
  let drawnLines = 0;
  const draw = () => {
    let lines: string[];
    try {
      lines = queueTable(pg.broker?.snapshot().queues ?? []);
    } catch {
      return;
    }
    const text = lines.join('\n');
    if (text === lastTable) return;
    lastTable = text;
    if (tty) {
      if (drawnLines > 0) out.write(`\x1b[${drawnLines}A\x1b[J`);
      out.write(text + '\n');
      drawnLines = lines.length;
    } else {
      out.write(`-- queues ${new Date().toISOString()}\n${text}\n`);
    }
  };
  draw();
  const timer = setInterval(draw, tty ? 250 : 1000);
  return () => clearInterval(timer);
}

export const command: Command = {
  name: SPEC.name,
  summary: SPEC.summary,
  async run(args: string[]): Promise<number> {
    const parsed = parseServeArgs(args);
    if (parsed === 'help') {
      process.stdout.write(commandHelp(SPEC));
      return 0;
    }
    const out = process.stdout;
    const say = (s: string) => out.write(s + '\n');
    // Ctrl-C is caught from the start, so a signal during startup still closes clients cleanly.
    const signalled = new Promise<void>((resolve) => {
      process.once('SIGINT', () => resolve());
      process.once('SIGTERM', () => resolve());
    });
    const pg = servePlayground(parsed, say);
    await start(pg, parsed, say);
    let ui: StepperServer | undefined;
    if (parsed.ui) {
      ui = await startStepperServer({
        distDir: webviewDist(),
        port: parsed.uiPort,
        liveBroker: () => pg.broker,
        log: (level, text) => {
          if (level === 'error') process.stderr.write(`stepper: ${text}\n`);
        },
      });
      say(`Stepper UI: ${ui.url}`);
    }
    say(
      `profile ${parsed.profile}; users ${Object.keys(parsed.users).join(', ')} (guest: loopback only)${parsed.dataDir ? `; data in ${parsed.dataDir}` : ''}. Ctrl-C to stop.`,
    );
    const stopTable = drawQueueTable(out, pg);
    await signalled;
    stopTable();
    say(`\nclosing ${pg.clientConnections} client connection(s)…`);
    if (ui) await ui.close();
    // closes the clients (connection.close, 320), saves the durable state, shuts the broker down
    await pg.stop();
    say('stopped.');
    return 0;
  },
};

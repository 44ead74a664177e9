// Every AckLab command. Each takes either a tree node (from a view's menu), an options object
// (programmatic use and host tests), or nothing (the Command Palette: it then asks). Errors are
// shown once, with the broker's own AMQP text, and logged; the command then returns undefined.
import * as vscode from 'vscode';
import { AmqpError, type BasicProperties, type FieldTable, type GetOk } from '../broker';
import { nameError, parseDuration, parseKeyValues, QUEUE_ARGUMENTS } from './args';
import { bodyPreview, channelOfConnectionNode, channelOfNode, connectionOfNode, queueOfNode, type Playground } from '../playground';
import type { ConnectionsTreeProvider } from './connectionsTree';
import type { PlaygroundQueueSource } from './queuesTree';

export interface Services {
  playground: Playground;
  queues: PlaygroundQueueSource;
  connections: ConnectionsTreeProvider;
  log: vscode.LogOutputChannel;
  queuesView: vscode.TreeView<unknown>;
  /** The last error a command showed (host tests read it). */
  lastError?: string;
  /** Starts the broker if it has not been started yet (and the user did not stop it). */
  ensureBroker(): Promise<void>;
  /** Set by Stop Broker: nothing restarts the broker by itself until Start / Restart. */
  userStopped: boolean;
}

/** Commands that work without (or manage) the running broker: they do not start it on their own. */
const NO_AUTOSTART: ReadonlySet<string> = new Set(['startBroker', 'stopBroker', 'restartBroker', 'switchProfile', 'showLog', 'refresh']);

export interface DeclareQueueOptions {
  name: string;
  type?: 'classic' | 'quorum';
  durable?: boolean;
  exclusive?: boolean;
  autoDelete?: boolean;
  arguments?: FieldTable | string;
}
export interface PublishOptions {
  exchange?: string;
  routingKey?: string;
  queue?: string;
  body: string;
  persistent?: boolean;
  properties?: BasicProperties;
  headers?: FieldTable | string;
}
export type GetMode = 'ack' | 'requeue' | 'reject';

const enc = new TextEncoder();

function describeError(err: unknown): string {
  if (err instanceof AmqpError) return `${err.replyText} (AMQP ${err.code})`;
  return err instanceof Error ? err.message : String(err);
}

type Handler = (s: Services, ...args: any[]) => unknown;

const handlers: Record<string, Handler> = {
  startBroker: async (s) => {
    s.userStopped = false;
    await s.playground.start();
    return s.playground.state;
  },
  stopBroker: async (s) => {
    s.userStopped = true;
    await s.playground.stop();
    return s.playground.state;
  },
  restartBroker: async (s) => {
    s.userStopped = false;
    await s.playground.restart();
    vscode.window.setStatusBarMessage('$(debug-restart) AckLab broker restarted: durable queues and persistent messages kept', 5000);
    return s.playground.state;
  },

  copyAmqpUrl: async (s) => {
    const url = s.playground.url;
    if (!url) throw new Error(s.playground.state === 'running' ? 'The AMQP listener is off (setting acklab.amqp.enabled).' : 'The AckLab broker is not running.');
    await vscode.env.clipboard.writeText(url);
    vscode.window.setStatusBarMessage(`$(copy) Copied ${url}`, 3000);
    return url;
  },

  openTerminal: (s) => {
    const url = s.playground.url;
    if (!url) throw new Error('The AMQP listener is not running, so there is no AMQP_URL to give the terminal.');
    const t = vscode.window.createTerminal({ name: 'AckLab', env: { AMQP_URL: url }, iconPath: new vscode.ThemeIcon('broadcast') });
    t.show();
    return t.name;
  },

  declareQueue: async (s, arg?: unknown) => {
    // from a view's title bar VS Code passes the selected tree item: only an options object skips the prompts
    const o = isOptions<DeclareQueueOptions>(arg, 'name') ? arg : await askQueue();
    if (!o) return undefined;
    const bad = nameError(o.name, 'queue');
    if (bad) throw new Error(bad);
    const args: FieldTable = typeof o.arguments === 'string' ? parseKeyValues(o.arguments) : { ...(o.arguments ?? {}) };
    if (o.type === 'quorum') args['x-queue-type'] = 'quorum';
    const ok = s.playground.channel().queueDeclare({
      queue: o.name, durable: o.durable ?? o.type === 'quorum', exclusive: o.exclusive ?? false, autoDelete: o.autoDelete ?? false, arguments: args,
    });
    s.log.info(`Declared queue ${ok.queue}${Object.keys(args).length ? ` ${JSON.stringify(args)}` : ''}`);
    await reveal(s, ok.queue);
    return ok.queue;
  },

  declareExchange: async (s, arg?: unknown) => {
    let o = isOptions<{ name: string; type?: string; durable?: boolean }>(arg, 'name') ? arg : undefined;
    if (!o) {
      const name = await vscode.window.showInputBox({ ignoreFocusOut: true, title: 'Declare Exchange (1/2)', prompt: 'Exchange name', validateInput: (v) => nameError(v, 'exchange') });
      if (name === undefined) return undefined;
      const type = await vscode.window.showQuickPick(['direct', 'fanout', 'topic', 'headers'], { ignoreFocusOut: true, title: 'Declare Exchange (2/2)', placeHolder: 'Exchange type' });
      if (!type) return undefined;
      o = { name, type, durable: true };
    }
    const bad = nameError(o.name, 'exchange');
    if (bad) throw new Error(bad);
    s.playground.channel().exchangeDeclare({ exchange: o.name, type: o.type ?? 'direct', durable: o.durable ?? true });
    s.log.info(`Declared ${o.type ?? 'direct'} exchange ${o.name}`);
    return o.name;
  },

  bindQueue: async (s, arg?: unknown) => {
    let o = isPlain(arg) && 'exchange' in arg ? (arg as { queue: string; exchange: string; routingKey?: string }) : undefined;
    if (!o) {
      const queue = queueOfNode(arg)?.name ?? (await pickQueue(s, 'Bind which queue?'));
      if (!queue) return undefined;
      const exchanges = (s.playground.requireBroker().snapshot().exchanges ?? []).filter((e) => e.name && e.vhost === '/').map((e) => ({ label: e.name, description: e.type }));
      const ex = await vscode.window.showQuickPick(exchanges, { ignoreFocusOut: true, title: `Bind ${queue} to exchange`, placeHolder: exchanges.length ? 'Exchange' : 'No exchanges: declare one first' });
      if (!ex) return undefined;
      const routingKey = await vscode.window.showInputBox({ ignoreFocusOut: true, title: `Bind ${queue} to ${ex.label}`, prompt: 'Routing key (binding key; topic patterns use * and #)', value: queue });
      if (routingKey === undefined) return undefined;
      o = { queue, exchange: ex.label, routingKey };
    }
    s.playground.channel().queueBind({ queue: o.queue, exchange: o.exchange, routingKey: o.routingKey ?? '' });
    s.log.info(`Bound queue ${o.queue} to exchange ${o.exchange} with key "${o.routingKey ?? ''}"`);
    return true;
  },

  publish: async (s, arg?: unknown) => {
    let o = isPlain(arg) && 'body' in arg ? (arg as unknown as PublishOptions) : undefined;
    if (!o) {
      const queue = queueOfNode(arg)?.name;
      const routingKey = await vscode.window.showInputBox({ ignoreFocusOut: true,
        title: 'Publish Message (1/3)',
        prompt: queue ? `Routing key (default exchange: the queue name delivers to ${queue})` : 'Routing key (on the default exchange this is the queue name)',
        value: queue ?? '',
      });
      if (routingKey === undefined) return undefined;
      const body = await vscode.window.showInputBox({ ignoreFocusOut: true, title: 'Publish Message (2/3)', prompt: 'Message body (text)', value: 'Hello World!' });
      if (body === undefined) return undefined;
      const mode = await vscode.window.showQuickPick(
        [
          { label: 'Persistent', description: 'delivery_mode 2: survives a broker restart in a durable queue', persistent: true },
          { label: 'Transient', description: 'delivery_mode 1: gone after a restart', persistent: false },
        ],
        { ignoreFocusOut: true, title: 'Publish Message (3/3)' },
      );
      if (!mode) return undefined;
      o = { routingKey, body, persistent: mode.persistent };
    }
    const headers = typeof o.headers === 'string' ? parseKeyValues(o.headers, 'header') : o.headers;
    const props: BasicProperties = { ...(o.properties ?? {}) };
    if (o.persistent !== undefined) props.deliveryMode = o.persistent ? 2 : 1;
    if (headers && Object.keys(headers).length) props.headers = headers;
    const routingKey = o.routingKey ?? o.queue ?? '';
    const ch = s.playground.channel();
    ch.basicPublish({ exchange: o.exchange ?? '', routingKey, mandatory: false }, props, enc.encode(o.body));
    s.log.info(`Published ${bodyPreview(enc.encode(o.body))} to ${o.exchange ? `exchange ${o.exchange}` : 'the default exchange'} with routing key "${routingKey}"`);
    s.queues.flushNow();
    return true;
  },

  getMessage: async (s, arg?: unknown, modeArg?: unknown) => {
    let queue: string | undefined;
    // from a tree item's menu the second argument is the list of selected items, not a mode
    let mode = isGetMode(modeArg) ? modeArg : undefined;
    if (isPlain(arg) && 'queue' in arg && !('kind' in arg)) {
      queue = String((arg as { queue: string }).queue);
      const m = (arg as { mode?: unknown }).mode;
      if (isGetMode(m)) mode = m;
    } else {
      queue = queueOfNode(arg)?.name ?? (await pickQueue(s, 'Get a message from which queue?'));
    }
    if (!queue) return undefined;
    if (!mode) {
      const pick = await vscode.window.showQuickPick(
        [
          { label: 'Ack', description: 'take the message off the queue', mode: 'ack' as const },
          { label: 'Nack, requeue', description: 'peek: the message goes back, marked redelivered', mode: 'requeue' as const },
          { label: 'Reject, no requeue', description: 'dead-letter it (or drop it when the queue has no DLX)', mode: 'reject' as const },
        ],
        { ignoreFocusOut: true, title: `Get Message from ${queue}`, placeHolder: 'What to do with the message' },
      );
      if (!pick) return undefined;
      mode = pick.mode;
    }
    const ch = s.playground.channel();
    const got: GetOk | null = ch.basicGet({ queue, noAck: false });
    if (!got) {
      vscode.window.showInformationMessage(`Queue ${queue} is empty (basic.get-empty).`);
      return null;
    }
    if (mode === 'ack') ch.basicAck({ deliveryTag: got.deliveryTag });
    else if (mode === 'requeue') ch.basicNack({ deliveryTag: got.deliveryTag, requeue: true });
    else ch.basicReject({ deliveryTag: got.deliveryTag, requeue: false });
    const text = new TextDecoder().decode(got.body);
    const what = { ack: 'acked', requeue: 'requeued', reject: 'rejected' }[mode];
    const readyNow = s.playground.broker?.snapshot().queues.find((q) => q.vhost === '/' && q.name === queue)?.ready ?? got.messageCount;
    const msg = `${queue}: ${bodyPreview(got.body, 200)}${got.redelivered ? ' (redelivered)' : ''} — ${what}; ${readyNow} ready now.`;
    s.log.info(`Get from ${queue}: ${msg}`);
    s.queues.flushNow();
    if (!isGetMode(modeArg) && !(isPlain(arg) && 'queue' in arg)) void vscode.window.showInformationMessage(msg);
    return { body: text, redelivered: got.redelivered, messageCount: got.messageCount, routingKey: got.routingKey, properties: got.properties };
  },

  purgeQueue: async (s, arg?: unknown) => {
    const queue = queueArg(arg) ?? (await pickQueue(s, 'Purge which queue?'));
    if (!queue) return undefined;
    if (!isForced(arg)) {
      const ok = await vscode.window.showWarningMessage(`Purge all ready messages from ${queue}? Unacked messages stay with their consumers.`, { modal: true }, 'Purge');
      if (ok !== 'Purge') return undefined;
    }
    const { messageCount } = s.playground.channel().queuePurge({ queue });
    s.log.info(`Purged ${messageCount} message(s) from ${queue}`);
    s.queues.flushNow();
    return messageCount;
  },

  deleteQueue: async (s, arg?: unknown) => {
    const queue = queueArg(arg) ?? (await pickQueue(s, 'Delete which queue?'));
    if (!queue) return undefined;
    if (!isForced(arg)) {
      const ok = await vscode.window.showWarningMessage(`Delete queue ${queue} and its messages? Its consumers are cancelled.`, { modal: true }, 'Delete');
      if (ok !== 'Delete') return undefined;
    }
    const { messageCount } = s.playground.channel().queueDelete({ queue });
    s.log.info(`Deleted queue ${queue} (${messageCount} message(s))`);
    s.queues.flushNow();
    return messageCount;
  },

  closeChannel: async (s, arg?: unknown) => {
    let target = channelOfNode(arg) ?? channelOfConnectionNode(arg);
    if (!target && isPlain(arg) && 'connectionId' in arg && 'channel' in arg) target = arg as { connectionId: number; channel: number };
    if (!target) target = await pickChannel(s);
    if (!target) return undefined;
    s.playground.closeChannel(target.connectionId, target.channel);
    s.log.info(`Closed channel ${target.channel} of connection ${target.connectionId}: its unacked messages are requeued`);
    s.queues.flushNow();
    s.connections.flushNow();
    return true;
  },

  closeConnection: async (s, arg?: unknown) => {
    let id = connectionOfNode(arg) ?? channelOfNode(arg)?.connectionId;
    if (id === undefined && isPlain(arg) && 'connectionId' in arg) id = Number((arg as { connectionId: number }).connectionId);
    if (id === undefined) id = (await pickChannel(s, true))?.connectionId;
    if (id === undefined) return undefined;
    s.playground.closeConnection(id);
    s.log.info(`Closed connection ${id}: its unacked messages are requeued (as when a worker dies)`);
    s.queues.flushNow();
    s.connections.flushNow();
    return true;
  },

  switchProfile: async (s, profileArg?: unknown) => {
    let profile = typeof profileArg === 'string' ? profileArg : undefined;
    if (!profile) {
      const current = s.playground.settings.profile;
      const pick = await vscode.window.showQuickPick(
        [
          { label: 'rabbitmq', description: 'RabbitMQ 4.2 behaviour', picked: current === 'rabbitmq' },
          { label: 'lavinmq', description: "LavinMQ's differences", picked: current === 'lavinmq' },
        ],
        { ignoreFocusOut: true, title: `Broker profile (now ${current}); switching restarts the broker` },
      );
      profile = pick?.label;
    }
    if (!profile) return undefined;
    if (profile !== 'rabbitmq' && profile !== 'lavinmq') throw new Error(`Unknown profile "${profile}": use rabbitmq or lavinmq.`);
    const cfg = vscode.workspace.getConfiguration('acklab');
    const inspect = cfg.inspect('profile');
    const target = inspect?.workspaceValue !== undefined ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
    await cfg.update('profile', profile, target);
    return profile;
  },

  fastForward: async (s, arg?: number | string | { ms: number }) => {
    let ms: number | undefined;
    if (typeof arg === 'number') ms = arg;
    else if (typeof arg === 'string') ms = parseDuration(arg);
    else if (isPlain(arg) && 'ms' in arg) ms = Number((arg as { ms: number }).ms);
    if (ms === undefined) {
      const timeout = s.playground.settings.consumerTimeoutMs;
      const items = [
        { label: '1 minute', ms: 60_000 },
        { label: '5 minutes', ms: 300_000 },
        ...(timeout > 0 ? [{ label: `${Math.round(timeout / 60_000)} minutes`, description: 'past the consumer timeout', ms: timeout + 60_000 }] : []),
        { label: '1 hour', ms: 3_600_000 },
        { label: 'Other…', ms: -1 },
      ];
      const pick = await vscode.window.showQuickPick(items, { ignoreFocusOut: true, title: 'Fast-forward the broker clock', placeHolder: 'TTLs expire and consumer timeouts fire as if this much time passed' });
      if (!pick) return undefined;
      if (pick.ms < 0) {
        const text = await vscode.window.showInputBox({ ignoreFocusOut: true,
          prompt: 'How far? e.g. 90s, 30m, 2h',
          validateInput: (v) => {
            try {
              parseDuration(v);
              return undefined;
            } catch (e) {
              return (e as Error).message;
            }
          },
        });
        if (text === undefined) return undefined;
        ms = parseDuration(text);
      } else ms = pick.ms;
    }
    if (!(ms >= 0) || !Number.isFinite(ms)) throw new Error(`Cannot fast-forward by ${ms} ms.`);
    s.playground.fastForward(ms);
    s.log.info(`Fast-forwarded the broker clock by ${ms} ms`);
    s.queues.flushNow();
    s.connections.flushNow();
    return ms;
  },

  showQueues: async (s) => {
    await vscode.commands.executeCommand('acklab.queues.focus');
    if (!s.queuesView.visible) {
      // the visibility event comes from the workbench a moment later
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, 3000);
        const sub = s.queuesView.onDidChangeVisibility((e) => e.visible && done());
        function done() {
          clearTimeout(timer);
          sub.dispose();
          resolve();
        }
      });
    }
    return s.queuesView.visible;
  },
  showLog: (s) => {
    s.log.show(true);
  },
  refresh: (s) => {
    s.queues.flushNow();
    s.connections.flushNow();
  },
};

export const COMMAND_IDS = Object.keys(handlers).map((k) => `acklab.${k}`);

export function registerCommands(s: Services): vscode.Disposable[] {
  return Object.entries(handlers).map(([name, fn]) =>
    vscode.commands.registerCommand(`acklab.${name}`, async (...args: unknown[]) => {
      try {
        if (!NO_AUTOSTART.has(name)) await s.ensureBroker();
        return await fn(s, ...args);
      } catch (err) {
        const text = describeError(err);
        s.lastError = text;
        s.log.error(`${name}: ${text}`);
        void vscode.window.showErrorMessage(`AckLab: ${text}`);
        return undefined;
      }
    }),
  );
}

// ---------------------------------------------------------------- prompts

function isPlain(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}
function isGetMode(x: unknown): x is GetMode {
  return x === 'ack' || x === 'requeue' || x === 'reject';
}
/** An options object from a programmatic caller (not a tree node), with a string `key`. */
function isOptions<T>(x: unknown, key: string): x is T {
  return isPlain(x) && typeof x[key] === 'string' && !('kind' in x);
}
function queueArg(arg: unknown): string | undefined {
  if (typeof arg === 'string') return arg;
  if (isPlain(arg) && typeof arg.queue === 'string') return arg.queue;
  return queueOfNode(arg)?.name;
}
function isForced(arg: unknown): boolean {
  return isPlain(arg) && arg.force === true;
}

async function reveal(s: Services, queue: string): Promise<void> {
  s.queues.flushNow();
  const node = s.queues.queueNode(queue);
  if (node && s.queuesView.visible) await s.queuesView.reveal(node, { select: true, focus: false }).then(undefined, () => undefined);
}

async function askQueue(): Promise<DeclareQueueOptions | undefined> {
  const name = await vscode.window.showInputBox({ ignoreFocusOut: true,
    title: 'Declare Queue (1/4)',
    prompt: 'Queue name',
    placeHolder: 'task_queue',
    validateInput: (v) => (v.trim() ? nameError(v, 'queue') : 'Give the queue a name'),
  });
  if (!name) return undefined;
  const type = await vscode.window.showQuickPick(
    [
      { label: 'classic', description: 'requeued messages go back to their original position' },
      { label: 'quorum', description: 'replicated; requeued messages go to the back; delivery limit 20 by default' },
    ],
    { ignoreFocusOut: true, title: 'Declare Queue (2/4)', placeHolder: 'Queue type' },
  );
  if (!type) return undefined;
  let durable = true;
  if (type.label === 'classic') {
    const d = await vscode.window.showQuickPick(
      [
        { label: 'Durable', description: 'survives a broker restart (window reload)', durable: true },
        { label: 'Transient', description: 'gone after a restart', durable: false },
      ],
      { ignoreFocusOut: true, title: 'Declare Queue (3/4)' },
    );
    if (!d) return undefined;
    durable = d.durable;
  }
  const known = Object.entries(QUEUE_ARGUMENTS).map(([k, v]) => `${k} (${v.help})`).join('; ');
  const args = await vscode.window.showInputBox({ ignoreFocusOut: true,
    title: 'Declare Queue (4/4)',
    prompt: 'Arguments, optional: key=value, … e.g. x-dead-letter-exchange=dlx, x-message-ttl=60000',
    placeHolder: 'x-delivery-limit=3, x-dead-letter-exchange=dlx',
    validateInput: (v) => {
      try {
        parseKeyValues(v);
        return undefined;
      } catch (e) {
        return `${(e as Error).message}. Known: ${known}`;
      }
    },
  });
  if (args === undefined) return undefined;
  return { name: name.trim(), type: type.label as 'classic' | 'quorum', durable, arguments: args };
}

async function pickQueue(s: Services, title: string): Promise<string | undefined> {
  s.queues.flushNow();
  const items = s.queues.queueNodes().filter((n) => n.snap.vhost === '/').map((n) => ({ label: n.snap.name, description: n.description }));
  if (!items.length) throw new Error('There are no queues yet.');
  return (await vscode.window.showQuickPick(items, { title }))?.label;
}

async function pickChannel(s: Services, connectionOnly = false): Promise<{ connectionId: number; channel: number } | undefined> {
  s.connections.flushNow();
  const items: (vscode.QuickPickItem & { connectionId: number; channel: number })[] = [];
  for (const c of s.connections.connections()) {
    if (connectionOnly) items.push({ label: c.snap.name || `connection ${c.id}`, description: c.snap.remoteAddress, connectionId: c.id, channel: 0 });
    else for (const ch of c.snap.channels) items.push({ label: `${c.snap.name || `connection ${c.id}`} channel ${ch.number}`, description: `unacked ${ch.unacked}`, connectionId: c.id, channel: ch.number });
  }
  if (!items.length) throw new Error('No client is connected.');
  return vscode.window.showQuickPick(items, { ignoreFocusOut: true, title: connectionOnly ? 'Close which connection?' : 'Close which channel?' });
}

// Real brokers (RabbitMQ / LavinMQ, issue 6) as roots of the Queues view, next to the playground.
// Thin VS Code layer over src/remote: settings (`acklab.brokers`), passwords in SecretStorage,
// one QueueTreeSource per broker, the refresh interval, and the broker commands. All logic that can be
// tested without VS Code lives in src/remote (client, errors, settings, tree models).
//
// Wiring (done by the extension's owner): add `(context, api) => registerRemoteBrokers(context, api)` to
// `features` in src/vscode/features.ts, and merge src/remote/package-contributes.json (commands, menus,
// the acklab.brokers and acklab.remote.refreshIntervalSeconds settings) into package.json contributes.
import * as vscode from 'vscode';
import { ManagementClient, REQUEUE_WARNING, type GetMode, type ManagementApi } from '../remote/client';
import { ManagementError } from '../remote/errors';
import { checkAmqpUrl, checkManagementUrl, parseBrokerSettings, secretKey, type BrokerConfig } from '../remote/settings';
import { BrokerModel, LOAD_ALL_COMMAND, LOAD_MORE_COMMAND, type RemoteTreeNode } from '../remote/tree';
import { WorkerManagementClient } from '../remote/workerClient';
import { createRemoteScenarioRunner } from './remoteScenario';
import type { AckLabApi } from './main';
import type { QueueTreeNode, QueueTreeSource } from './queuesTree';

export const REFRESH_SETTING = 'remote.refreshIntervalSeconds';
const DEFAULT_REFRESH_S = 10;

/** A tree node of a broker source: wraps the plain model node (stable object per id). */
export interface RemoteNode extends QueueTreeNode {
  readonly source: RemoteBrokerSource;
  readonly node: RemoteTreeNode;
  readonly parent: RemoteNode | undefined;
}

export class RemoteBrokerSource implements QueueTreeSource {
  readonly id: string;
  private readonly emitter = new vscode.EventEmitter<QueueTreeNode | QueueTreeNode[] | undefined>();
  readonly onDidChange = this.emitter.event;
  readonly root: RemoteNode;
  private readonly wrappers = new Map<string, RemoteNode>();
  private refreshing: Promise<void> | undefined;
  private lastLogged: string | undefined;

  constructor(
    readonly model: BrokerModel,
    readonly client: ManagementApi | undefined,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.id = `remote:${model.config.name}`;
    this.root = this.wrap(model.root, undefined);
  }

  get config(): BrokerConfig {
    return this.model.config;
  }

  isEmpty(): boolean {
    return false;
  }

  async children(n: QueueTreeNode): Promise<QueueTreeNode[]> {
    const w = n as RemoteNode;
    const kids = await this.model.children(w.node);
    this.logError();
    return kids.map((k) => this.wrap(k, w));
  }

  treeItem(n: QueueTreeNode): vscode.TreeItem {
    const { node } = n as RemoteNode;
    const item = new vscode.TreeItem(
      node.label,
      node.collapsible === 'none' ? vscode.TreeItemCollapsibleState.None : node.collapsible === 'expanded' ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed,
    );
    item.id = node.id;
    item.description = node.description;
    item.tooltip = node.tooltip;
    item.contextValue = node.contextValue;
    item.iconPath = new vscode.ThemeIcon(node.icon, node.kind === 'error' || node.icon === 'error' ? new vscode.ThemeColor('errorForeground') : undefined);
    if (node.command) item.command = { command: node.command.command, title: node.command.title, arguments: node.command.arguments };
    return item;
  }

  parent(n: QueueTreeNode): QueueTreeNode | undefined {
    return (n as RemoteNode).parent;
  }

  /** Refreshes from the broker and fires changes for just the nodes that changed. One at a time. */
  refresh(): Promise<void> {
    this.refreshing ??= (async () => {
      try {
        const r = await this.model.refresh();
        this.logError();
        const fire: RemoteNode[] = [];
        for (const n of [...r.structure, ...r.changed]) {
          const w = this.wrappers.get(n.id);
          if (w && !fire.includes(w)) fire.push(w);
        }
        if (r.structure.length) for (const id of this.wrappers.keys()) if (!this.model.byId(id)) this.wrappers.delete(id);
        if (fire.length) this.emitter.fire(fire);
      } finally {
        this.refreshing = undefined;
      }
    })();
    return this.refreshing;
  }

  async loadMore(vhost: string, all = false): Promise<void> {
    const v = all ? await this.model.loadAll(vhost) : await this.model.loadMore(vhost);
    const w = this.wrappers.get(v.id);
    this.emitter.fire(w ?? this.root);
  }

  /** After an action: re-read now, and again once the management stats have caught up (they lag). */
  refreshSoon(): void {
    void this.refresh();
    setTimeout(() => void this.refresh(), 5_500).unref?.();
  }

  dispose(): void {
    this.emitter.dispose();
    this.client?.close();
  }

  private logError(): void {
    const err = this.model.lastError;
    const text = err ? `${this.config.name}: ${err.userMessage}` : undefined;
    if (text !== this.lastLogged) {
      if (text) this.log.warn(`Real broker ${text}`);
      else if (this.lastLogged) this.log.info(`Real broker ${this.config.name}: connected again`);
      this.lastLogged = text;
    }
  }

  private wrap(node: RemoteTreeNode, parent: RemoteNode | undefined): RemoteNode {
    let w = this.wrappers.get(node.id);
    if (!w || w.node !== node || w.parent !== parent) {
      w = { source: this, node, parent };
      this.wrappers.set(node.id, w);
    }
    return w;
  }
}

/** Registers the broker roots, the refresh interval and the commands. Returns its disposables. */
export async function registerRemoteBrokers(context: vscode.ExtensionContext, api: AckLabApi): Promise<vscode.Disposable[]> {
  const log = api.services.log;
  const sources = new Map<string, { source: RemoteBrokerSource; registration: vscode.Disposable }>();
  const disposables: vscode.Disposable[] = [];
  const scenarios = createRemoteScenarioRunner(log);
  disposables.push(...scenarios.disposables);

  const clear = () => {
    for (const { source, registration } of sources.values()) {
      registration.dispose();
      source.dispose();
    }
    sources.clear();
  };

  const load = async () => {
    const { brokers, errors } = parseBrokerSettings(vscode.workspace.getConfiguration('acklab').get('brokers'));
    for (const e of errors) {
      log.error(`Settings: ${e}`);
      void vscode.window.showErrorMessage(`AckLab: ${e}`, 'Open Settings').then((a) => a && vscode.commands.executeCommand('workbench.action.openSettings', 'acklab.brokers'));
    }
    clear();
    for (const b of brokers) {
      let password: string | undefined;
      let configError: ManagementError | undefined;
      try {
        password = await context.secrets.get(secretKey(b.name));
      } catch (e) {
        configError = new ManagementError('config', `Could not read the password of ${b.name} from SecretStorage: ${e instanceof Error ? e.message : e}`);
      }
      // The client runs in a worker thread: a refresh of 1,000 queues then costs the extension host ~3 ms
      // of event-loop time instead of ~15-40 ms (bench/mgmt.ts). In-thread fallback if the worker cannot start.
      let client: ManagementApi | undefined;
      if (password !== undefined) {
        const opts = { baseUrl: b.managementUrl, credentials: { username: b.username, password } };
        try {
          client = new WorkerManagementClient(opts);
        } catch (e) {
          log.warn(`Real broker ${b.name}: management worker unavailable (${e instanceof Error ? e.message : e}); using the extension host thread`);
          client = new ManagementClient(opts);
        }
      }
      const model = new BrokerModel(b, client, configError ? { configError } : {});
      const source = new RemoteBrokerSource(model, client, log);
      sources.set(b.name, { source, registration: api.registerQueueSource(source) });
    }
  };

  // Refresh on an interval, only while the Queues view is visible, and never overlapping.
  let timer: ReturnType<typeof setInterval> | undefined;
  const schedule = () => {
    if (timer) clearInterval(timer);
    timer = undefined;
    const raw = vscode.workspace.getConfiguration('acklab').get<number>(REFRESH_SETTING, DEFAULT_REFRESH_S);
    const seconds = typeof raw === 'number' && Number.isFinite(raw) ? raw : DEFAULT_REFRESH_S;
    if (seconds <= 0) return; // 0 = manual refresh only
    timer = setInterval(() => {
      if (!api.services.queuesView.visible) return;
      for (const { source } of sources.values()) void source.refresh();
    }, Math.max(2, seconds) * 1000);
  };

  const sourceOf = (arg: unknown): RemoteBrokerSource | undefined => {
    if (arg && typeof arg === 'object' && 'source' in arg && (arg as RemoteNode).source instanceof RemoteBrokerSource) return (arg as RemoteNode).source;
    if (typeof arg === 'string') return sources.get(arg)?.source;
    return undefined;
  };
  const pickSource = async (arg: unknown): Promise<RemoteBrokerSource | undefined> => {
    const s = sourceOf(arg);
    if (s) return s;
    const names = [...sources.keys()];
    if (names.length === 0) {
      void vscode.window.showInformationMessage('AckLab: no real broker configured. Run "AckLab: Add Broker…".');
      return undefined;
    }
    const name = names.length === 1 ? names[0] : await vscode.window.showQuickPick(names, { placeHolder: 'Broker' });
    return name ? sources.get(name)?.source : undefined;
  };
  const queueArg = (arg: unknown): { source: RemoteBrokerSource; vhost: string; queue: string } | undefined => {
    const s = sourceOf(arg);
    const n = (arg as RemoteNode | undefined)?.node;
    if (!s || !n || n.kind !== 'queue' || n.vhost === undefined || n.queue === undefined) {
      void vscode.window.showErrorMessage('AckLab: run this command on a queue of a real broker in the Queues view.');
      return undefined;
    }
    return { source: s, vhost: n.vhost, queue: n.queue };
  };
  const report = (what: string, e: unknown) => {
    const msg = e instanceof ManagementError ? e.userMessage : e instanceof Error ? e.message : String(e);
    log.error(`${what}: ${msg}`);
    api.services.lastError = msg;
    void vscode.window.showErrorMessage(`AckLab: ${what}: ${msg}`);
  };
  const saveBrokers = async (update: (list: unknown[]) => unknown[]) => {
    const cfg = vscode.workspace.getConfiguration('acklab');
    const list = cfg.get<unknown[]>('brokers') ?? [];
    const insp = cfg.inspect<unknown[]>('brokers');
    const target = insp?.workspaceValue !== undefined ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
    await cfg.update('brokers', update(Array.isArray(list) ? [...list] : []), target);
  };

  disposables.push(
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('acklab.brokers')) void load();
      if (e.affectsConfiguration(`acklab.${REFRESH_SETTING}`)) schedule();
    }),
    context.secrets.onDidChange((e) => {
      if (e.key.startsWith(secretKey(''))) void load();
    }),
    new vscode.Disposable(() => {
      if (timer) clearInterval(timer);
      clear();
    }),

    // With an argument ({ name, managementUrl, username?, password, amqpUrl? }) no prompt is shown (scripts,
    // tests); the broker is then checked and saved only if it answers (a clear error otherwise).
    vscode.commands.registerCommand('acklab.remote.addBroker', async (arg?: unknown) => {
      if (arg !== undefined) {
        const a = (arg && typeof arg === 'object' ? arg : {}) as Record<string, unknown>;
        const str = (k: string) => (typeof a[k] === 'string' ? (a[k] as string).trim() : undefined);
        const name = str('name'), password = typeof a.password === 'string' ? a.password : undefined, username = str('username') ?? 'guest';
        if (!name || password === undefined) throw new Error('acklab.remote.addBroker: the argument needs { name, managementUrl, password } (username, amqpUrl optional)');
        if (sources.has(name)) throw new Error(`acklab.remote.addBroker: a broker named "${name}" exists`);
        const m = checkManagementUrl(a.managementUrl);
        if ('error' in m) throw new Error(`acklab.remote.addBroker: ${m.error}`);
        const amqpUrl = str('amqpUrl');
        if (amqpUrl) {
          const r = checkAmqpUrl(amqpUrl);
          if ('error' in r) throw new Error(`acklab.remote.addBroker: ${r.error}`);
        }
        const probe = new ManagementClient({ baseUrl: m.url, credentials: { username, password } });
        try {
          await probe.overview();
        } finally {
          probe.close();
        }
        await context.secrets.store(secretKey(name), password);
        await saveBrokers((list) => [...list, { name, managementUrl: m.url, username, ...(amqpUrl ? { amqpUrl } : {}) }]);
        return name;
      }
      const name = await vscode.window.showInputBox({
        title: 'Add Broker (1/4)', prompt: 'A name for this broker', placeHolder: 'prod-rabbit',
        validateInput: (v) => (!v.trim() ? 'Required' : sources.has(v.trim()) ? 'A broker with this name exists' : undefined),
      });
      if (!name) return;
      const mgmt = await vscode.window.showInputBox({
        title: 'Add Broker (2/4)', prompt: 'Management API URL (RabbitMQ: rabbitmq_management, port 15672; LavinMQ: port 15672)', value: 'http://localhost:15672',
        validateInput: (v) => {
          const r = checkManagementUrl(v);
          return 'error' in r ? r.error : undefined;
        },
      });
      if (!mgmt) return;
      const username = await vscode.window.showInputBox({ title: 'Add Broker (3/4)', prompt: 'User name', value: 'guest', validateInput: (v) => (v.trim() ? undefined : 'Required') });
      if (!username) return;
      const password = await vscode.window.showInputBox({ title: 'Add Broker (4/4)', prompt: `Password for ${username} (kept in VS Code SecretStorage, never in settings)`, password: true });
      if (password === undefined) return;
      const amqpUrl = await vscode.window.showInputBox({
        title: 'Add Broker: AMQP URL (optional)', prompt: 'For "Run scenario on this broker", without the password; leave empty to skip', placeHolder: 'amqp://localhost:5672',
        validateInput: (v) => {
          if (!v.trim()) return undefined;
          const r = checkAmqpUrl(v);
          return 'error' in r ? r.error : undefined;
        },
      });
      if (amqpUrl === undefined) return;
      const managementUrl = (checkManagementUrl(mgmt) as { url: string }).url;
      // Try it before saving: the user learns now about a wrong port or password.
      const client = new ManagementClient({ baseUrl: managementUrl, credentials: { username: username.trim(), password } });
      try {
        const o = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Connecting to ${managementUrl}…` }, () => client.overview());
        log.info(`Real broker ${name.trim()}: ${o.productName} ${o.productVersion}${o.node ? ` (${o.node})` : ''}`);
      } catch (e) {
        const msg = e instanceof ManagementError ? e.userMessage : String(e);
        const choice = await vscode.window.showWarningMessage(`AckLab: ${msg}`, { modal: true, detail: 'Save the broker anyway?' }, 'Save Anyway');
        if (choice !== 'Save Anyway') return;
      } finally {
        client.close();
      }
      await context.secrets.store(secretKey(name.trim()), password);
      await saveBrokers((list) => [...list, { name: name.trim(), managementUrl, username: username.trim(), ...(amqpUrl.trim() ? { amqpUrl: amqpUrl.trim() } : {}) }]);
    }),

    vscode.commands.registerCommand('acklab.remote.setPassword', async (arg?: unknown) => {
      const s = await pickSource(arg);
      if (!s) return;
      const password = await vscode.window.showInputBox({ prompt: `Password for ${s.config.username} on ${s.config.name} (kept in SecretStorage)`, password: true });
      if (password === undefined) return;
      await context.secrets.store(secretKey(s.config.name), password);
    }),

    vscode.commands.registerCommand('acklab.remote.removeBroker', async (arg?: unknown) => {
      const s = await pickSource(arg);
      if (!s) return;
      const ok = await vscode.window.showWarningMessage(`Remove broker "${s.config.name}" from AckLab? (Nothing on the broker changes.)`, { modal: true }, 'Remove');
      if (ok !== 'Remove') return;
      await context.secrets.delete(secretKey(s.config.name));
      await saveBrokers((list) => list.filter((b) => !(b && typeof b === 'object' && (b as { name?: unknown }).name === s.config.name)));
    }),

    vscode.commands.registerCommand('acklab.remote.refresh', async (arg?: unknown) => {
      const s = sourceOf(arg);
      await Promise.all((s ? [s] : [...sources.values()].map((x) => x.source)).map((x) => x.refresh()));
    }),

    vscode.commands.registerCommand(LOAD_MORE_COMMAND, async (broker: unknown, vhost?: unknown) => {
      const s = sourceOf(broker);
      const v = typeof vhost === 'string' ? vhost : (broker as RemoteNode | undefined)?.node?.vhost;
      if (s && v !== undefined) await s.loadMore(v);
    }),

    vscode.commands.registerCommand(LOAD_ALL_COMMAND, async (arg: unknown) => {
      const s = sourceOf(arg);
      const v = (arg as RemoteNode | undefined)?.node?.vhost;
      if (s && v !== undefined) await s.loadMore(v, true);
    }),

    // Returns the comparison (the host test and other extensions use it); undefined when cancelled.
    vscode.commands.registerCommand('acklab.remote.runScenario', async (arg?: unknown, scenarioName?: unknown) => {
      const s = await pickSource(arg);
      if (!s) return undefined;
      try {
        return await scenarios.run(s.config, await context.secrets.get(secretKey(s.config.name)), typeof scenarioName === 'string' ? scenarioName : undefined);
      } catch (e) {
        report(`Run scenario on ${s.config.name}`, e);
        return undefined;
      }
    }),

    vscode.commands.registerCommand('acklab.remote.openManagementUi', async (arg?: unknown) => {
      const s = await pickSource(arg);
      if (s) await vscode.env.openExternal(vscode.Uri.parse(s.config.managementUrl + '/'));
    }),

    vscode.commands.registerCommand('acklab.remote.publish', async (arg?: unknown) => {
      const q = queueArg(arg);
      if (!q || !q.source.client) return;
      const body = await vscode.window.showInputBox({ title: `Publish to ${q.queue} on ${q.source.config.name}`, prompt: 'Message body (sent through the default exchange, routing key = queue name)', value: 'hello' });
      if (body === undefined) return;
      const ok = await vscode.window.showWarningMessage(`Publish 1 message to "${q.queue}" (vhost ${q.vhost}) on the real broker ${q.source.config.name}?`, { modal: true }, 'Publish');
      if (ok !== 'Publish') return;
      try {
        const r = await q.source.client.publish(q.vhost, '', { routingKey: q.queue, payload: body, properties: { delivery_mode: 2 } });
        if (!r.routed) void vscode.window.showWarningMessage(`AckLab: the message to ${q.queue} was not routed (the queue may have been deleted).`);
        q.source.refreshSoon();
      } catch (e) {
        report(`Publish to ${q.queue}`, e);
      }
    }),

    vscode.commands.registerCommand('acklab.remote.get', async (arg?: unknown) => {
      const q = queueArg(arg);
      if (!q || !q.source.client) return;
      const pick = await vscode.window.showQuickPick(
        [
          { label: 'Peek (requeue)', mode: 'peek' as GetMode, detail: REQUEUE_WARNING },
          { label: 'Get and acknowledge', mode: 'remove' as GetMode, detail: 'The message is removed from the queue.' },
          { label: 'Get and reject (no requeue)', mode: 'reject' as GetMode, detail: 'The message is removed, and dead-lettered if the queue has a dead-letter exchange.' },
        ],
        { title: `Get a message from ${q.queue} on ${q.source.config.name}` },
      );
      if (!pick) return;
      const verb = pick.mode === 'peek' ? 'Peek' : pick.mode === 'remove' ? 'Remove' : 'Reject';
      const ok = await vscode.window.showWarningMessage(
        `${verb} one message of "${q.queue}" on the real broker ${q.source.config.name}?`,
        { modal: true, detail: pick.mode === 'peek' ? REQUEUE_WARNING : 'This changes the queue on the broker.' },
        verb,
      );
      if (ok !== verb) return;
      try {
        const msgs = await q.source.client.get(q.vhost, q.queue, { mode: pick.mode });
        if (msgs.length === 0) {
          void vscode.window.showInformationMessage(`AckLab: ${q.queue} has no ready message.`);
          return;
        }
        const doc = await vscode.workspace.openTextDocument({ language: 'json', content: JSON.stringify(msgs[0], null, 2) });
        await vscode.window.showTextDocument(doc, { preview: true });
        q.source.refreshSoon();
      } catch (e) {
        report(`Get from ${q.queue}`, e);
      }
    }),

    vscode.commands.registerCommand('acklab.remote.purge', async (arg?: unknown) => {
      const q = queueArg(arg);
      if (!q || !q.source.client) return;
      const ok = await vscode.window.showWarningMessage(
        `Purge "${q.queue}" on the real broker ${q.source.config.name}?`,
        { modal: true, detail: 'All ready messages are deleted. Unacknowledged messages stay with their consumers.' },
        'Purge',
      );
      if (ok !== 'Purge') return;
      try {
        await q.source.client.purge(q.vhost, q.queue);
        q.source.refreshSoon();
      } catch (e) {
        report(`Purge ${q.queue}`, e);
      }
    }),

    vscode.commands.registerCommand('acklab.remote.deleteQueue', async (arg?: unknown) => {
      const q = queueArg(arg);
      if (!q || !q.source.client) return;
      const ok = await vscode.window.showWarningMessage(
        `Delete queue "${q.queue}" on the real broker ${q.source.config.name}?`,
        { modal: true, detail: 'The queue and all its messages are deleted; its consumers are cancelled.' },
        'Delete',
      );
      if (ok !== 'Delete') return;
      try {
        await q.source.client.deleteQueue(q.vhost, q.queue);
        q.source.refreshSoon();
      } catch (e) {
        report(`Delete ${q.queue}`, e);
      }
    }),
  );

  await load();
  schedule();
  return disposables;
}

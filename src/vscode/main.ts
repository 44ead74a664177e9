// Wires the extension together: settings → playground broker (+ AMQP listener) → views, commands,
// status bar, log. Every registration goes into context.subscriptions; deactivate saves the
// durable state (a window reload then behaves like a broker restart) and stops the broker.
import * as vscode from 'vscode';
import type { BrokerEvent } from '../broker';
import { registerCommands, type Services } from './commands';
import { ConnectionsTreeProvider } from './connectionsTree';
import { features } from './features';
import { extensionStateFile, listenerFactory, Playground, readSettings, settingsImpact, statusText, type Settings } from '../playground';
import { PlaygroundQueueSource, QueuesTreeProvider, toDisposable, type QueueTreeSource } from './queuesTree';

/** What activate() returns: for other extensions, the host tests and the benchmark. */
export interface AckLabApi {
  readonly playground: Playground;
  readonly queues: PlaygroundQueueSource;
  readonly queuesProvider: QueuesTreeProvider;
  readonly connections: ConnectionsTreeProvider;
  readonly services: Services;
  readonly statusBar: vscode.StatusBarItem;
  /** Adds a root to the Queues view (real brokers, issue 6). */
  registerQueueSource(source: QueueTreeSource): vscode.Disposable;
  /** Milliseconds activate() took. */
  readonly activationMs: number;
  /** Settings problems found at the last read (shown to the user as errors). */
  readonly settingsErrors: readonly string[];
}

let current: { playground: Playground } | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<AckLabApi> {
  const t0 = performance.now();
  const log = vscode.window.createOutputChannel('AckLab', { log: true });
  context.subscriptions.push(log);
  try {
    const api = await activateInner(context, log, t0);
    log.info(`AckLab activated in ${api.activationMs.toFixed(0)} ms (VS Code ${vscode.version})`);
    return api;
  } catch (err) {
    const text = err instanceof Error ? (err.stack ?? err.message) : String(err);
    log.error(`Activation failed: ${text}`);
    void vscode.window.showErrorMessage(`AckLab failed to activate: ${err instanceof Error ? err.message : err}`, 'Show Log').then((a) => a && log.show());
    throw err;
  }
}

async function activateInner(context: vscode.ExtensionContext, log: vscode.LogOutputChannel, t0: number): Promise<AckLabApi> {
  let settingsErrors: string[] = [];
  const read = (): Settings => {
    const cfg = vscode.workspace.getConfiguration('acklab');
    const r = readSettings((k) => cfg.get(k));
    settingsErrors = r.errors;
    for (const e of r.errors) {
      log.error(`Settings: ${e}`);
      void vscode.window.showErrorMessage(`AckLab: ${e}`, 'Open Settings').then((a) => a && vscode.commands.executeCommand('workbench.action.openSettings', 'acklab'));
    }
    return r.settings;
  };
  let settings = read();

  const storage = context.storageUri ?? context.globalStorageUri;
  const statePath = vscode.Uri.joinPath(storage, 'broker-state.json').fsPath;
  const playground = new Playground({
    settings,
    store: extensionStateFile(statePath, (level, msg) => log[level](msg)),
    listen: listenerFactory,
    log: (level, msg) => log[level](msg),
    previousPort: context.workspaceState.get<number>('acklab.lastPort'),
    notice: (text) => {
      log.warn(text);
      void vscode.window.showInformationMessage(`AckLab: ${text}`, 'Copy AMQP URL').then((a) => a && vscode.commands.executeCommand('acklab.copyAmqpUrl'));
    },
  });
  current = { playground };
  context.subscriptions.push(new vscode.Disposable(() => void playground.dispose()));

  // broker events in the log; deliveries and settlements only at debug level (cheap when off)
  let eventSub: { dispose(): void } | undefined;
  let debugLog = log.logLevel <= vscode.LogLevel.Debug && log.logLevel !== vscode.LogLevel.Off;
  context.subscriptions.push(log.onDidChangeLogLevel((l) => (debugLog = l <= vscode.LogLevel.Debug && l !== vscode.LogLevel.Off)));
  context.subscriptions.push(
    toDisposable(
      playground.onDidChangeBroker((b) => {
        eventSub?.dispose();
        eventSub = b?.events.subscribe((e) => {
          // deliveries and settlements only at debug level; the check must be cheap (20,000 msg/s)
          if (!debugLog && DEBUG_KINDS.has(e.kind)) return;
          logEvent(log, e);
        });
      }),
    ),
    new vscode.Disposable(() => eventSub?.dispose()),
  );

  const queues = new PlaygroundQueueSource(playground);
  const queuesProvider = new QueuesTreeProvider();
  context.subscriptions.push(queues, queuesProvider, queuesProvider.registerSource(queues));
  const queuesView = vscode.window.createTreeView('acklab.queues', { treeDataProvider: queuesProvider, showCollapseAll: true });
  const connections = new ConnectionsTreeProvider(playground);
  const connectionsView = vscode.window.createTreeView('acklab.connections', { treeDataProvider: connections });
  context.subscriptions.push(queuesView, connections, connectionsView);
  // hidden views get no refreshes; only expanded queues refresh their children
  queues.setVisible(queuesView.visible);
  connections.setVisible(connectionsView.visible);
  context.subscriptions.push(
    queuesView.onDidChangeVisibility((e) => queues.setVisible(e.visible)),
    connectionsView.onDidChangeVisibility((e) => connections.setVisible(e.visible)),
    queuesView.onDidExpandElement((e) => queues.setExpanded(e.element, true)),
    queuesView.onDidCollapseElement((e) => queues.setExpanded(e.element, false)),
  );

  let starting: Promise<void> | undefined;
  const services: Services = {
    playground,
    queues,
    connections,
    log,
    queuesView: queuesView as vscode.TreeView<unknown>,
    userStopped: false,
    ensureBroker: () => {
      if (playground.state !== 'stopped' || services.userStopped) return Promise.resolve();
      starting ??= playground.start().then(
        () => {
          starting = undefined;
        },
        (err) => {
          starting = undefined;
          void vscode.window.showErrorMessage(`AckLab broker did not start: ${err instanceof Error ? err.message : err}`, 'Open Settings', 'Show Log').then((a) => {
            if (a === 'Open Settings') void vscode.commands.executeCommand('workbench.action.openSettings', 'acklab.amqp');
            if (a === 'Show Log') log.show();
          });
        },
      );
      return starting;
    },
  };
  context.subscriptions.push(...registerCommands(services));

  // status bar: state, URL, totals; click opens the Queues view
  const statusBar = vscode.window.createStatusBarItem('acklab.status', vscode.StatusBarAlignment.Left, 10);
  statusBar.name = 'AckLab broker';
  statusBar.command = 'acklab.showQueues';
  const updateStatus = () => {
    const st = playground.state;
    statusBar.text = statusText(st, playground.port, queues.totals);
    statusBar.tooltip =
      st === 'running'
        ? `AckLab broker (${playground.settings.profile}) ${playground.url ?? '(AMQP listener off)'}\nready ${queues.totals.ready}, unacked ${queues.totals.unacked}\nClick to show the queues`
        : st === 'failed'
          ? `AckLab broker failed: ${playground.lastError}`
          : `AckLab broker ${st}`;
    statusBar.backgroundColor = st === 'failed' ? new vscode.ThemeColor('statusBarItem.errorBackground') : undefined;
    // shown once the broker has been used in this window (not for a workspace that only uses lint)
    if (st !== 'stopped' || services.userStopped) statusBar.show();
  };
  context.subscriptions.push(statusBar, queues.onDidChangeTotals(updateStatus));

  // the context key drives menus and welcome content; the view message shows the URL when empty
  // the URL next to the view title (a TreeView.message would hide the welcome content)
  const updateMessage = () => {
    const d = playground.state === 'running' ? (playground.url ?? 'in-process only') : playground.state;
    if (queuesView.description !== d) queuesView.description = d;
  };
  const updateContext = () => {
    void vscode.commands.executeCommand('setContext', 'acklab.brokerState', playground.state);
    if (playground.port && playground.port !== context.workspaceState.get('acklab.lastPort')) void context.workspaceState.update('acklab.lastPort', playground.port);
    updateMessage();
    updateStatus();
  };
  context.subscriptions.push(toDisposable(playground.onDidChangeState(updateContext)));

  context.subscriptions.push(
    vscode.window.registerTerminalProfileProvider('acklab.terminal', {
      provideTerminalProfile: async () => {
        await services.ensureBroker();
        if (!playground.url) throw new Error('The AckLab AMQP listener is not running.');
        return new vscode.TerminalProfile({ name: 'AckLab', env: { AMQP_URL: playground.url }, iconPath: new vscode.ThemeIcon('broadcast') });
      },
    }),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (!e.affectsConfiguration('acklab')) return;
      const next = read();
      const impact = settingsImpact(settings, next);
      settings = next;
      if (impact.restartBroker || impact.restartListener) log.info(`Settings changed: restarting the ${impact.restartBroker ? 'broker' : 'AMQP listener'}`);
      playground.reconfigure(next, impact).then(updateContext, (err) => {
        void vscode.window.showErrorMessage(`AckLab: ${err instanceof Error ? err.message : err}`);
        updateContext();
      });
    }),
  );

  const api: AckLabApi = {
    playground,
    queues,
    queuesProvider,
    connections,
    services,
    statusBar,
    registerQueueSource: (source) => queuesProvider.registerSource(source),
    activationMs: 0,
    get settingsErrors() {
      return settingsErrors;
    },
  };
  for (const feature of features) context.subscriptions.push(...(await feature(context, api)));

  // The broker starts lazily: when an AckLab view is shown, a broker command runs, or an AckLab
  // terminal is opened — not merely because another feature (lint) activated the extension.
  // A failed start is shown (status bar, tree root, error message) but does not fail activation.
  if (queuesView.visible || connectionsView.visible) void services.ensureBroker();
  context.subscriptions.push(
    queuesView.onDidChangeVisibility((e) => e.visible && void services.ensureBroker()),
    connectionsView.onDidChangeVisibility((e) => e.visible && void services.ensureBroker()),
  );
  updateContext();
  (api as { activationMs: number }).activationMs = performance.now() - t0;
  return api;
}

const DEBUG_KINDS: ReadonlySet<string> = new Set(['published', 'routed', 'enqueued', 'delivered', 'acked', 'nacked', 'rejected', 'requeued', 'confirmed', 'delivery-released', 'get-empty']);

function logEvent(log: vscode.LogOutputChannel, e: BrokerEvent): void {
  const debug = DEBUG_KINDS.has(e.kind);
  const where = [e.queue && `queue ${e.queue}`, e.connectionId && `conn ${e.connectionId}`, e.channel && `ch ${e.channel}`, e.consumerTag && `consumer ${e.consumerTag}`, e.deliveryTag && `tag ${e.deliveryTag}`]
    .filter(Boolean)
    .join(' ');
  const extra = [e.redelivered && 'redelivered', e.multiple && 'multiple', e.requeue && 'requeue', e.reason && `(${e.reason})`, e.text].filter(Boolean).join(' ');
  const line = `#${e.seq} ${e.kind} ${where}${extra ? ' ' + extra : ''}`;
  if (debug) log.debug(line);
  else if (e.kind === 'error' || e.kind === 'dead-lettered' || e.kind === 'dropped' || e.kind === 'expired') log.warn(line);
  else log.info(line);
}

/** Saves durable state and stops the broker (window reload, disable, uninstall). */
export async function deactivate(): Promise<void> {
  const c = current;
  current = undefined;
  if (c) await c.playground.dispose();
}

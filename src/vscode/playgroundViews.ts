// The playground in VS Code: the broker (src/playground), the Queues and Connections views over
// its view models, and the lazy start: the broker starts when an AckLab view is shown, a broker
// command runs or an AckLab terminal opens — not merely because another feature (lint) activated
// the extension. A failed start is shown (status bar, tree root, error message), never thrown.
import * as vscode from 'vscode';
import { extensionStateFile, listenerFactory, Playground, type Settings } from '../playground';
import type { Services } from './api';
import { ConnectionsTreeProvider } from './connectionsTree';
import { PlaygroundQueueSource, QueuesTreeProvider } from './queuesTree';

export function createPlayground(context: vscode.ExtensionContext, log: vscode.LogOutputChannel, settings: Settings): Playground {
  const storage = context.storageUri ?? context.globalStorageUri;
  return new Playground({
    settings,
    store: extensionStateFile(vscode.Uri.joinPath(storage, 'broker-state.json').fsPath, (level, msg) => log[level](msg)),
    listen: listenerFactory,
    log: (level, msg) => log[level](msg),
    previousPort: context.workspaceState.get<number>('acklab.lastPort'),
    notice: (text) => {
      log.warn(text);
      void vscode.window
        .showInformationMessage(vscode.l10n.t('AckLab: {0}', text), vscode.l10n.t('Copy AMQP URL'))
        .then((a) => a && vscode.commands.executeCommand('acklab.copyAmqpUrl'));
    },
  });
}

export interface PlaygroundViews {
  services: Services;
  queuesProvider: QueuesTreeProvider;
  /** Starts the broker now if one of its views is visible. */
  startIfVisible(): void;
  disposables: vscode.Disposable[];
}

/** The Queues and Connections views; hidden views get no refreshes, only expanded queues refresh their children. */
export function createPlaygroundViews(playground: Playground, log: vscode.LogOutputChannel): PlaygroundViews {
  const queues = new PlaygroundQueueSource(playground);
  const queuesProvider = new QueuesTreeProvider();
  const queuesView = vscode.window.createTreeView('acklab.queues', { treeDataProvider: queuesProvider, showCollapseAll: true });
  const connections = new ConnectionsTreeProvider(playground);
  const connectionsView = vscode.window.createTreeView('acklab.connections', { treeDataProvider: connections });
  queues.setVisible(queuesView.visible);
  connections.setVisible(connectionsView.visible);
  const services: Services = {
    playground,
    queues,
    connections,
    log,
    queuesView: queuesView as vscode.TreeView<unknown>,
    userStopped: false,
    ensureBroker: lazyStart(playground, log, () => services.userStopped),
  };
  const startIfVisible = () => {
    if (queuesView.visible || connectionsView.visible) void services.ensureBroker();
  };
  const disposables = [
    queues,
    queuesProvider,
    queuesProvider.registerSource(queues),
    queuesView,
    connections,
    connectionsView,
    queuesView.onDidChangeVisibility((e) => queues.setVisible(e.visible)),
    connectionsView.onDidChangeVisibility((e) => connections.setVisible(e.visible)),
    queuesView.onDidExpandElement((e) => queues.setExpanded(e.element, true)),
    queuesView.onDidCollapseElement((e) => queues.setExpanded(e.element, false)),
    queuesView.onDidChangeVisibility((e) => e.visible && void services.ensureBroker()),
    connectionsView.onDidChangeVisibility((e) => e.visible && void services.ensureBroker()),
  ];
  return { services, queuesProvider, startIfVisible, disposables };
}

/** ensureBroker: one start at a time; a failure is shown with a way to the settings and the log. */
function lazyStart(playground: Playground, log: vscode.LogOutputChannel, userStopped: () => boolean): () => Promise<void> {
  let starting: Promise<void> | undefined;
  return () => {
    if (playground.state !== 'stopped' || userStopped()) return Promise.resolve();
    starting ??= playground.start().then(
      () => {
        starting = undefined;
      },
      (err: unknown) => {
        starting = undefined;
        const openSettings = vscode.l10n.t('Open Settings');
        const showLog = vscode.l10n.t('Show Log');
        void vscode.window
          .showErrorMessage(vscode.l10n.t('AckLab broker did not start: {0}', err instanceof Error ? err.message : String(err)), openSettings, showLog)
          .then((a) => {
            if (a === openSettings) void vscode.commands.executeCommand('workbench.action.openSettings', 'acklab.amqp');
            if (a === showLog) log.show();
          });
      },
    );
    return starting;
  };
}

/** The AckLab terminal profile: AMQP_URL set to the playground's listener. */
export function registerTerminalProfile(s: Services): vscode.Disposable {
  return vscode.window.registerTerminalProfileProvider('acklab.terminal', {
    provideTerminalProfile: async () => {
      await s.ensureBroker();
      if (!s.playground.url) throw new Error(vscode.l10n.t('The AckLab AMQP listener is not running.'));
      return new vscode.TerminalProfile({ name: 'AckLab', env: { AMQP_URL: s.playground.url }, iconPath: new vscode.ThemeIcon('broadcast') });
    },
  });
}

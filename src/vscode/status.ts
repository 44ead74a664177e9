// The ONE broker state (src/playground/state.ts) shown in VS Code: the status bar item, the
// `acklab.brokerState` context key (menus and welcome content) and the Queues view's description.
import * as vscode from 'vscode';
import { statusText } from '../playground';
import type { Services } from './api';

export interface BrokerStatus {
  readonly statusBar: vscode.StatusBarItem;
  /** Shows the current state everywhere (called on each state change). */
  update(): void;
  readonly disposables: vscode.Disposable[];
}

export function createBrokerStatus(context: vscode.ExtensionContext, s: Services): BrokerStatus {
  const { playground, queues, queuesView } = s;
  const statusBar = vscode.window.createStatusBarItem('acklab.status', vscode.StatusBarAlignment.Left, 10);
  statusBar.name = vscode.l10n.t('AckLab broker');
  statusBar.command = 'acklab.showQueues';
  const updateBar = () => {
    const st = playground.state;
    statusBar.text = statusText(st, playground.port, queues.totals);
    statusBar.tooltip =
      st === 'running'
        ? vscode.l10n.t(
            'AckLab broker ({0}) {1}\nready {2}, unacked {3}\nClick to show the queues',
            playground.settings.profile,
            playground.url ?? vscode.l10n.t('(AMQP listener off)'),
            queues.totals.ready,
            queues.totals.unacked,
          )
        : st === 'failed'
          ? vscode.l10n.t('AckLab broker failed: {0}', playground.lastError ?? '')
          : vscode.l10n.t('AckLab broker {0}', st);
    statusBar.backgroundColor = st === 'failed' ? new vscode.ThemeColor('statusBarItem.errorBackground') : undefined;
    // shown once the broker has been used in this window (not for a workspace that only uses lint)
    if (st !== 'stopped' || s.userStopped) statusBar.show();
  };
  const update = () => {
    void vscode.commands.executeCommand('setContext', 'acklab.brokerState', playground.state);
    if (playground.port && playground.port !== context.workspaceState.get('acklab.lastPort'))
      void context.workspaceState.update('acklab.lastPort', playground.port);
    // the URL next to the view title (a TreeView.message would hide the welcome content)
    const d = playground.state === 'running' ? (playground.url ?? vscode.l10n.t('in-process only')) : playground.state;
    if (queuesView.description !== d) queuesView.description = d;
    updateBar();
  };
  const stateSub = playground.onDidChangeState(update);
  return {
    statusBar,
    update,
    disposables: [statusBar, queues.onDidChangeTotals(updateBar), new vscode.Disposable(() => stateSub.dispose())],
  };
}

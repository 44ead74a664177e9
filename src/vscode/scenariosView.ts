// The "Scenarios" tree view: RabbitMQ tutorials and acknowledgement pitfalls; clicking one opens
// it in the stepper. Static data, so the provider never needs to refresh.
import * as vscode from 'vscode';
import { SCENARIOS } from '../scenarios/catalog';
import type { Scenario } from '../scenarios/types';

export const SCENARIOS_VIEW_ID = 'acklab.scenarios';

type Node = { kind: 'group'; group: Scenario['group'] } | { kind: 'scenario'; scenario: Scenario };

export class ScenariosProvider implements vscode.TreeDataProvider<Node> {
  private readonly changed = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.changed.event;

  getChildren(node?: Node): Node[] {
    if (!node)
      return [
        { kind: 'group', group: 'tutorial' },
        { kind: 'group', group: 'pitfall' },
      ];
    if (node.kind === 'group') return SCENARIOS.filter((s) => s.group === node.group).map((scenario) => ({ kind: 'scenario', scenario }));
    return [];
  }

  getTreeItem(node: Node): vscode.TreeItem {
    if (node.kind === 'group') {
      const item = new vscode.TreeItem(
        node.group === 'tutorial' ? vscode.l10n.t('RabbitMQ tutorials') : vscode.l10n.t('Ack pitfalls'),
        vscode.TreeItemCollapsibleState.Expanded,
      );
      item.iconPath = new vscode.ThemeIcon(node.group === 'tutorial' ? 'mortar-board' : 'warning');
      item.contextValue = 'acklab.scenarios.group';
      return item;
    }
    const s = node.scenario;
    const item = new vscode.TreeItem(s.title, vscode.TreeItemCollapsibleState.None);
    item.id = `acklab.scenario.${s.name}`;
    item.description = s.group === 'tutorial' ? undefined : s.summary;
    item.tooltip = new vscode.MarkdownString(vscode.l10n.t('**{0}**\n\n{1}\n\n[RabbitMQ docs]({2})', s.title, s.summary, s.docUrl));
    item.iconPath = new vscode.ThemeIcon(s.group === 'tutorial' ? 'book' : 'bug');
    item.contextValue = s.example ? 'acklab.scenarios.scenarioWithExample' : 'acklab.scenarios.scenario';
    item.command = { command: 'acklab.scenario.run', title: vscode.l10n.t('Open in the stepper'), arguments: [s.name] };
    item.accessibilityInformation = {
      label: vscode.l10n.t('{0}: {1}. {2}', s.group === 'tutorial' ? vscode.l10n.t('Tutorial') : vscode.l10n.t('Pitfall'), s.title, s.summary),
      role: 'treeitem',
    };
    return item;
  }

  dispose(): void {
    this.changed.dispose();
  }
}

/** Call from activate(): `context.subscriptions.push(registerScenariosView())`. */
export function registerScenariosView(): vscode.Disposable {
  const provider = new ScenariosProvider();
  const view = vscode.window.createTreeView(SCENARIOS_VIEW_ID, { treeDataProvider: provider, showCollapseAll: true });
  return vscode.Disposable.from(view, provider);
}

// Renders a view model's ItemView (src/playground/itemView.ts) as a vscode.TreeItem, one-to-one.
// Every tree of the extension goes through here.
import * as vscode from 'vscode';
import type { Collapsible, ItemView } from '../playground';

const COLLAPSIBLE: Record<Collapsible, vscode.TreeItemCollapsibleState> = {
  none: vscode.TreeItemCollapsibleState.None,
  collapsed: vscode.TreeItemCollapsibleState.Collapsed,
  expanded: vscode.TreeItemCollapsibleState.Expanded,
};

export function toTreeItem(v: ItemView): vscode.TreeItem {
  const item = new vscode.TreeItem(v.label, COLLAPSIBLE[v.collapsible]);
  item.id = v.id;
  if (v.description !== undefined) item.description = v.description;
  if (v.tooltip !== undefined) item.tooltip = v.tooltip;
  item.iconPath = new vscode.ThemeIcon(v.icon, v.iconColor ? new vscode.ThemeColor(v.iconColor) : undefined);
  item.contextValue = v.contextValue;
  if (v.accessibilityLabel) item.accessibilityInformation = { label: v.accessibilityLabel };
  return item;
}

/** A vscode.Disposable around anything with dispose() (the pure models' subscriptions). */
export function toDisposable(d: { dispose(): void }): vscode.Disposable {
  return new vscode.Disposable(() => d.dispose());
}

// What a tree row shows, as plain data: the pure view models (src/playground/queuesModel.ts,
// connectionsModel.ts) produce it and src/vscode/treeItem.ts turns it into a vscode.TreeItem
// one-to-one. contextValue follows `acklab.<source>.<kind>` (package.json menus match it with
// `view == … && viewItem == …`).

export type Collapsible = 'none' | 'collapsed' | 'expanded';

export interface ItemView {
  id: string;
  label: string;
  description?: string;
  tooltip?: string;
  /** Codicon id ('inbox', 'person', …) and an optional theme colour id ('charts.yellow'). */
  icon: string;
  iconColor?: string;
  collapsible: Collapsible;
  contextValue: string;
  accessibilityLabel?: string;
}

/** A tiny event emitter for the pure models (vscode.EventEmitter is not available here). */
export class Emitter<T> {
  private readonly listeners = new Set<(v: T) => void>();
  readonly event = (fn: (v: T) => void): { dispose(): void } => {
    this.listeners.add(fn);
    return { dispose: () => this.listeners.delete(fn) };
  };
  fire(v: T): void {
    for (const l of [...this.listeners]) l(v);
  }
  dispose(): void {
    this.listeners.clear();
  }
}

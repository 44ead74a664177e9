// One real broker as a root of the Queues view: the pure model (src/remote/tree.ts) rendered, with
// refreshes that fire changes for just the nodes that changed.
import * as vscode from 'vscode';
import type { ManagementApi } from '../../remote/client';
import type { BrokerConfig } from '../../remote/settings';
import type { BrokerModel, RemoteTreeNode } from '../../remote/tree';
import type { QueueTreeNode, QueueTreeSource } from '../queuesTree';

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
      node.collapsible === 'none'
        ? vscode.TreeItemCollapsibleState.None
        : node.collapsible === 'expanded'
          ? vscode.TreeItemCollapsibleState.Expanded
          : vscode.TreeItemCollapsibleState.Collapsed,
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

// The Queues view. One provider composes several sources: the in-process playground
// (PlaygroundQueueSource over src/playground/queuesModel.ts) and real RabbitMQ / LavinMQ brokers
// (src/vscode/remote/) through registerSource(). Each source owns its nodes below its
// root; this file only dispatches and renders.
import * as vscode from 'vscode';
import { QueuesModel, type Playground, type PlaygroundNode, type QueueNode } from '../playground';
import { toDisposable, toTreeItem } from './treeItem';

/** A node in the Queues tree; `source` says which source answers for it. */
export interface QueueTreeNode {
  readonly source: QueueTreeSource;
}

/** What a source must provide to appear as a root in the Queues view. */
export interface QueueTreeSource extends vscode.Disposable {
  readonly id: string;
  /** Fires with the nodes that changed, the source's root (its children changed) or undefined (everything). */
  readonly onDidChange: vscode.Event<QueueTreeNode | QueueTreeNode[] | undefined>;
  /** The source's own root node (e.g. "Playground", "rabbit@prod"). */
  readonly root: QueueTreeNode;
  /** True when the source has nothing to show (the welcome content is shown if every source is empty). */
  isEmpty(): boolean;
  children(node: QueueTreeNode): vscode.ProviderResult<QueueTreeNode[]>;
  treeItem(node: QueueTreeNode): vscode.TreeItem | Thenable<vscode.TreeItem>;
  parent(node: QueueTreeNode): QueueTreeNode | undefined;
}

export class QueuesTreeProvider implements vscode.TreeDataProvider<QueueTreeNode>, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<QueueTreeNode | QueueTreeNode[] | undefined>();
  readonly onDidChangeTreeData = this.emitter.event;
  private readonly sources: QueueTreeSource[] = [];
  private readonly subs = new Map<QueueTreeSource, vscode.Disposable>();
  /** Items handed to VS Code so far (the benchmark reads the refresh rate from it). */
  itemsRendered = 0;
  /** onDidChangeTreeData firings so far. */
  refreshes = 0;

  registerSource(source: QueueTreeSource): vscode.Disposable {
    this.sources.push(source);
    this.subs.set(
      source,
      source.onDidChange((nodes) => {
        this.refreshes++;
        // with a single empty source, its root is hidden: a change of the root means "the top level changed"
        if (nodes === undefined || nodes === source.root || (Array.isArray(nodes) && nodes.includes(source.root))) this.emitter.fire(undefined);
        else this.emitter.fire(nodes);
      }),
    );
    this.emitter.fire(undefined);
    return new vscode.Disposable(() => {
      const i = this.sources.indexOf(source);
      if (i >= 0) this.sources.splice(i, 1);
      this.subs.get(source)?.dispose();
      this.subs.delete(source);
      this.emitter.fire(undefined);
    });
  }

  getSources(): readonly QueueTreeSource[] {
    return this.sources;
  }

  getChildren(node?: QueueTreeNode): vscode.ProviderResult<QueueTreeNode[]> {
    if (node) return node.source.children(node);
    if (this.sources.every((s) => s.isEmpty())) return []; // shows the welcome content
    return this.sources.map((s) => s.root);
  }

  getTreeItem(node: QueueTreeNode): vscode.TreeItem | Thenable<vscode.TreeItem> {
    this.itemsRendered++;
    return node.source.treeItem(node);
  }

  getParent(node: QueueTreeNode): QueueTreeNode | undefined {
    return node.source.parent(node);
  }

  refresh(): void {
    this.emitter.fire(undefined);
  }

  dispose(): void {
    for (const d of this.subs.values()) d.dispose();
    this.subs.clear();
    this.emitter.dispose();
  }
}

// ---------------------------------------------------------------- the playground source

/** The playground as a root of the Queues view: the pure QueuesModel, rendered. */
export class PlaygroundQueueSource implements QueueTreeSource {
  readonly id = 'playground';
  readonly model: QueuesModel<PlaygroundQueueSource>;
  private readonly emitter = new vscode.EventEmitter<QueueTreeNode | QueueTreeNode[] | undefined>();
  readonly onDidChange = this.emitter.event;
  private readonly totalsEmitter = new vscode.EventEmitter<{ ready: number; unacked: number }>();
  readonly onDidChangeTotals = this.totalsEmitter.event;
  private readonly subs: { dispose(): void }[];

  constructor(playground: Playground, intervalMs = 250) {
    this.model = new QueuesModel<PlaygroundQueueSource>(playground, this as PlaygroundQueueSource, intervalMs);
    this.subs = [this.model.onDidChange((c) => this.emitter.fire(c)), this.model.onDidChangeTotals((t) => this.totalsEmitter.fire(t))];
  }

  get root(): QueueTreeNode {
    return this.model.root;
  }
  /** Totals over all queues (the status bar reads them). */
  get totals(): { ready: number; unacked: number } {
    return this.model.totals;
  }
  /** Flushes so far and queue items refreshed so far (benchmark figures). */
  get flushes(): number {
    return this.model.flushes;
  }
  get itemsChanged(): number {
    return this.model.itemsChanged;
  }
  get pendingRefresh(): boolean {
    return this.model.pendingRefresh;
  }

  flushNow(): void {
    this.model.flushNow();
  }
  setVisible(visible: boolean): void {
    this.model.setVisible(visible);
  }
  setExpanded(node: QueueTreeNode, expanded: boolean): void {
    if (node.source === this) this.model.setExpanded(node as PlaygroundNode<PlaygroundQueueSource>, expanded);
  }
  isEmpty(): boolean {
    return this.model.isEmpty();
  }
  queueNodes(): readonly QueueNode<PlaygroundQueueSource>[] {
    return this.model.queueNodes();
  }
  queueNode(name: string, vhost = '/'): QueueNode<PlaygroundQueueSource> | undefined {
    return this.model.queueNode(name, vhost);
  }
  children(node: QueueTreeNode): QueueTreeNode[] {
    return this.model.children(node as PlaygroundNode<PlaygroundQueueSource>);
  }
  treeItem(node: QueueTreeNode): vscode.TreeItem {
    return toTreeItem(this.model.view(node as PlaygroundNode<PlaygroundQueueSource>));
  }
  parent(node: QueueTreeNode): QueueTreeNode | undefined {
    return this.model.parent(node as PlaygroundNode<PlaygroundQueueSource>);
  }

  dispose(): void {
    for (const s of this.subs) s.dispose();
    this.model.dispose();
    this.emitter.dispose();
    this.totalsEmitter.dispose();
  }
}

export { toDisposable };

// The Queues view. One provider composes several sources (a provider per source): the in-process
// playground now, real RabbitMQ / LavinMQ brokers (issue 6) later through registerSource().
// Each source owns its nodes below its root; this file only dispatches.
//
// Live updates are coalesced: broker events mark queues dirty, a Coalescer flushes at most four
// times a second, and only queue items whose text changed are refreshed (never a rebuild per message).
import * as vscode from 'vscode';
import type { Broker, BrokerEvent, QueueSnapshot, UnackedEntry } from '../broker';
import { Coalescer } from './coalesce';
import { bodyPreview, channelLabel, consumerDescription, deliveryDescription, deliveryLabel, queueDescription, queueTooltip } from './format';
import type { Playground } from './playground';

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

type PlaygroundNode =
  | { kind: 'root'; source: PlaygroundQueueSource }
  | QueueNode
  | { kind: 'consumer'; source: PlaygroundQueueSource; parent: QueueNode; tag: string; description: string; connectionId: number; channel: number; tooltip: string }
  | { kind: 'delivery'; source: PlaygroundQueueSource; parent: QueueNode; entry: UnackedEntry; description: string; tooltip: string };

export interface QueueNode {
  kind: 'queue';
  source: PlaygroundQueueSource;
  key: string;
  snap: QueueSnapshot;
  description: string;
}

const queueKey = (vhost: string, name: string) => (vhost === '/' ? name : `${vhost}\u0000${name}`);

/** Event kinds that add or remove queues (the list itself changes). */
const STRUCTURE: ReadonlySet<string> = new Set(['queue-declared', 'queue-deleted', 'restored']);

export class PlaygroundQueueSource implements QueueTreeSource {
  readonly id = 'playground';
  private readonly emitter = new vscode.EventEmitter<QueueTreeNode | QueueTreeNode[] | undefined>();
  readonly onDidChange = this.emitter.event;
  readonly root: PlaygroundNode = { kind: 'root', source: this };
  private queues = new Map<string, QueueNode>();
  private order: QueueNode[] = [];
  private readonly coalescer: Coalescer<string>;
  private readonly disposables: vscode.Disposable[] = [];
  private brokerSub: { dispose(): void } | undefined;
  /** Totals over all queues, updated at each flush (the status bar reads them). */
  totals = { ready: 0, unacked: 0 };
  private readonly totalsEmitter = new vscode.EventEmitter<{ ready: number; unacked: number }>();
  readonly onDidChangeTotals = this.totalsEmitter.event;
  private visible = true;
  private hiddenAll = false;
  private readonly hiddenChanged = new Set<QueueNode>();
  private readonly expanded = new Set<string>();
  /** Flushes so far and queue items refreshed so far (benchmark figures). */
  flushes = 0;
  itemsChanged = 0;

  constructor(private readonly playground: Playground, intervalMs = 250) {
    this.coalescer = new Coalescer<string>((keys) => this.flush(keys), intervalMs);
    this.disposables.push(
      new vscode.Disposable(() => this.coalescer.dispose()),
      toDisposable(playground.onDidChangeBroker((b) => this.attach(b))),
      toDisposable(playground.onDidChangeState(() => (this.visible ? this.emitter.fire(this.root) : (this.hiddenAll = true)))),
    );
    this.attach(playground.broker);
  }

  private attach(broker: Broker | undefined): void {
    this.brokerSub?.dispose();
    this.brokerSub = undefined;
    if (broker) this.brokerSub = broker.events.subscribe((e) => this.onEvent(e));
    this.coalescer.markAll();
  }

  private onEvent(e: BrokerEvent): void {
    if (STRUCTURE.has(e.kind)) this.coalescer.markAll();
    else if (e.queue) this.coalescer.mark(queueKey(e.vhost, e.queue));
    else if (e.kind === 'channel-closed' || e.kind === 'connection-closed') this.coalescer.markAll(); // requeues everywhere
  }

  /** Applies pending changes now (tests and commands call this so they see fresh counts). */
  flushNow(): void {
    this.coalescer.flushNow();
  }

  get pendingRefresh(): boolean {
    return this.coalescer.pending;
  }

  private flush(keys: ReadonlySet<string> | 'all'): void {
    this.flushes++;
    const broker = this.playground.broker;
    const snaps = broker ? broker.snapshot().queues : [];
    let ready = 0;
    let unacked = 0;
    for (const q of snaps) {
      ready += q.ready;
      unacked += q.unacked;
    }
    if (ready !== this.totals.ready || unacked !== this.totals.unacked) {
      this.totals = { ready, unacked };
      this.totalsEmitter.fire(this.totals);
    }
    if (keys === 'all') {
      const next = new Map<string, QueueNode>();
      const order: QueueNode[] = [];
      for (const snap of [...snaps].sort((a, b) => a.vhost.localeCompare(b.vhost) || a.name.localeCompare(b.name))) {
        const key = queueKey(snap.vhost, snap.name);
        const node = this.queues.get(key) ?? { kind: 'queue' as const, source: this, key, snap, description: '' };
        node.snap = snap;
        node.description = queueDescription(snap);
        next.set(key, node);
        order.push(node);
      }
      this.queues = next;
      this.order = order;
      for (const k of this.expanded) if (!next.has(k)) this.expanded.delete(k);
      this.hiddenChanged.clear();
      if (this.visible) this.emitter.fire(this.root);
      else this.hiddenAll = true;
      return;
    }
    const changed: QueueNode[] = [];
    for (const snap of snaps) {
      const key = queueKey(snap.vhost, snap.name);
      if (!keys.has(key)) continue;
      const node = this.queues.get(key);
      if (!node) continue;
      node.snap = snap;
      const d = queueDescription(snap);
      // an expanded queue's children (consumers, unacked deliveries) can change while its counts stay the same
      if (d !== node.description || this.expanded.has(key)) {
        node.description = d;
        changed.push(node);
      }
    }
    if (!changed.length) return;
    this.itemsChanged += changed.length;
    if (this.visible) this.emitter.fire(changed);
    else if (!this.hiddenAll) for (const n of changed) this.hiddenChanged.add(n);
  }

  /**
   * Told by the view: while it is hidden, changes are kept (counts stay current for commands and the
   * status bar) but not sent to VS Code, which would otherwise re-resolve items nobody sees.
   */
  setVisible(visible: boolean): void {
    if (visible === this.visible) return;
    this.visible = visible;
    if (!visible) return;
    if (this.hiddenAll) this.emitter.fire(this.root);
    else if (this.hiddenChanged.size) this.emitter.fire([...this.hiddenChanged]);
    this.hiddenAll = false;
    this.hiddenChanged.clear();
  }

  /** Told by the view when a queue is expanded or collapsed (only expanded queues refresh their children). */
  setExpanded(node: QueueTreeNode, expanded: boolean): void {
    const n = node as PlaygroundNode;
    if (n.source !== this || n.kind !== 'queue') return;
    if (expanded) this.expanded.add(n.key);
    else this.expanded.delete(n.key);
  }

  isEmpty(): boolean {
    return this.order.length === 0;
  }

  /** Queue nodes in display order (tests and the reveal in commands use this). */
  queueNodes(): readonly QueueNode[] {
    return this.order;
  }

  queueNode(name: string, vhost = '/'): QueueNode | undefined {
    return this.queues.get(queueKey(vhost, name));
  }

  children(node: QueueTreeNode): PlaygroundNode[] {
    const n = node as PlaygroundNode;
    if (n.kind === 'root') return this.order;
    if (n.kind !== 'queue') return [];
    const broker = this.playground.broker;
    const detail = broker?.queueDetail(n.snap.vhost, n.snap.name);
    if (!broker || !detail) return [];
    const snapshot = broker.snapshot();
    const names = new Map(snapshot.connections.map((c) => [c.id, c.name]));
    const out: PlaygroundNode[] = [];
    for (const conn of snapshot.connections) {
      for (const ch of conn.channels) {
        for (const c of ch.consumers) {
          if (c.queue !== n.snap.name || conn.vhost !== n.snap.vhost) continue;
          const chText = channelLabel(conn.name, conn.id, ch.number);
          out.push({
            kind: 'consumer', source: this, parent: n, tag: c.consumerTag, connectionId: conn.id, channel: ch.number,
            description: consumerDescription(c, chText),
            tooltip: `Consumer ${c.consumerTag}\n${chText} (${conn.remoteAddress || 'in-process'})\n${c.noAck ? 'auto-ack' : `manual ack, prefetch ${c.prefetch}, ${c.unacked} unacked`}${c.priority ? `\npriority ${c.priority}` : ''}`,
          });
        }
      }
    }
    const now = this.playground.clock?.now() ?? Date.now();
    for (const e of detail.unackedMessages) {
      const chText = channelLabel(names.get(e.connectionId), e.connectionId, e.channel);
      const preview = this.preview(broker, e.messageId);
      out.push({
        kind: 'delivery', source: this, parent: n, entry: e,
        description: deliveryDescription(e, preview, now, chText),
        tooltip: `Unacked delivery, tag ${e.deliveryTag} on ${chText}\nmessage #${e.messageId} ${preview}\n${e.redelivered ? 'redelivered' : 'first delivery'}, delivery count ${e.deliveryCount}\nconsumer ${e.consumerTag || '(basic.get)'}`,
      });
    }
    return out;
  }

  private preview(broker: Broker, messageId: number): string {
    // the broker exposes message bodies when it can (not part of its first API)
    const get = (broker as unknown as { messageBody?: (id: number) => Uint8Array | undefined }).messageBody;
    const body = typeof get === 'function' ? get.call(broker, messageId) : this.playground.bodyOf(messageId);
    return body ? bodyPreview(body) : `message #${messageId}`;
  }

  treeItem(node: QueueTreeNode): vscode.TreeItem {
    const n = node as PlaygroundNode;
    switch (n.kind) {
      case 'root': {
        const item = new vscode.TreeItem('Playground', vscode.TreeItemCollapsibleState.Expanded);
        item.id = 'playground';
        const st = this.playground.state;
        item.description = st === 'running' ? `${this.playground.url ?? 'in-process'} · ${this.playground.settings.profile}` : st;
        item.iconPath = new vscode.ThemeIcon(st === 'running' ? 'broadcast' : st === 'error' ? 'error' : 'debug-stop');
        item.contextValue = `playground-${st}`;
        item.tooltip = st === 'error' ? `Broker failed: ${this.playground.lastError}` : `AckLab playground broker (${this.playground.settings.profile} profile)`;
        return item;
      }
      case 'queue': {
        const q = n.snap;
        const hasChildren = q.consumers > 0 || q.unacked > 0;
        const item = new vscode.TreeItem(q.vhost === '/' ? q.name : `${q.vhost} / ${q.name}`, hasChildren ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
        item.id = `playground/queue/${n.key}`;
        item.description = n.description;
        item.tooltip = queueTooltip(q);
        item.iconPath = new vscode.ThemeIcon(q.type === 'quorum' ? 'server-process' : 'inbox', q.unacked > 0 ? new vscode.ThemeColor('charts.yellow') : undefined);
        item.contextValue = 'queue';
        item.accessibilityInformation = { label: `Queue ${q.name}, ${q.type}, ${n.description}` };
        return item;
      }
      case 'consumer': {
        const item = new vscode.TreeItem(n.tag, vscode.TreeItemCollapsibleState.None);
        item.id = `playground/consumer/${n.parent.key}/${n.connectionId}/${n.tag}`;
        item.description = n.description;
        item.tooltip = n.tooltip;
        item.iconPath = new vscode.ThemeIcon('person');
        item.contextValue = 'consumer';
        return item;
      }
      case 'delivery': {
        const item = new vscode.TreeItem(deliveryLabel(n.entry), vscode.TreeItemCollapsibleState.None);
        item.id = `playground/delivery/${n.parent.key}/${n.entry.connectionId}/${n.entry.channel}/${n.entry.deliveryTag}`;
        item.description = n.description;
        item.tooltip = n.tooltip;
        item.iconPath = new vscode.ThemeIcon(n.entry.redelivered ? 'history' : 'mail-read');
        item.contextValue = 'delivery';
        return item;
      }
    }
  }

  parent(node: QueueTreeNode): QueueTreeNode | undefined {
    const n = node as PlaygroundNode;
    if (n.kind === 'queue') return this.root;
    if (n.kind === 'consumer' || n.kind === 'delivery') return n.parent;
    return undefined;
  }

  dispose(): void {
    this.brokerSub?.dispose();
    for (const d of this.disposables) d.dispose();
    this.emitter.dispose();
    this.totalsEmitter.dispose();
  }
}

export function toDisposable(d: { dispose(): void }): vscode.Disposable {
  return new vscode.Disposable(() => d.dispose());
}

/** Command arguments from a tree item: which queue / connection / channel it stands for. */
export function queueOfNode(node: unknown): { vhost: string; name: string } | undefined {
  const n = node as Partial<PlaygroundNode> | undefined;
  if (n?.kind === 'queue') return { vhost: n.snap!.vhost, name: n.snap!.name };
  if (n?.kind === 'consumer' || n?.kind === 'delivery') return { vhost: n.parent!.snap.vhost, name: n.parent!.snap.name };
  return undefined;
}

export function channelOfNode(node: unknown): { connectionId: number; channel: number } | undefined {
  const n = node as Partial<PlaygroundNode> | undefined;
  if (n?.kind === 'consumer') return { connectionId: n.connectionId!, channel: n.channel! };
  if (n?.kind === 'delivery') return { connectionId: n.entry!.connectionId, channel: n.entry!.channel };
  return undefined;
}

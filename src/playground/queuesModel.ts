// The view model of the playground's part of the Queues tree: root → queues → consumers and
// unacked deliveries, as plain data (ItemView) that src/vscode/queuesTree.ts renders one-to-one.
//
// Live updates are coalesced: broker events mark queues dirty, a Coalescer flushes at most four
// times a second, and only queue nodes whose text changed are reported (never a rebuild per
// message). Node objects are stable across refreshes (VS Code knows elements by identity).
// No vscode import: tested in plain Node.
import type { Broker, BrokerEvent, EventKind, ConnectionSnapshot, QueueSnapshot, UnackedEntry } from '../broker';
import { Coalescer } from './coalesce';
import { bodyPreview, channelLabel, consumerDescription, deliveryDescription, deliveryLabel, queueDescription, queueTooltip } from './format';
import { Emitter, type ItemView } from './itemView';
import type { Playground } from './lifecycle';
import { shortConsumerTag } from '../protocol/labels';

/** `source` is whatever owns the model (the vscode tree source): the Queues provider dispatches on it. */
export type PlaygroundNode<S = unknown> = RootNode<S> | QueueNode<S> | ConsumerNode<S> | DeliveryNode<S>;

export interface RootNode<S = unknown> {
  kind: 'root';
  source: S;
}
export interface QueueNode<S = unknown> {
  kind: 'queue';
  source: S;
  key: string;
  snap: QueueSnapshot;
  description: string;
}
export interface ConsumerNode<S = unknown> {
  kind: 'consumer';
  source: S;
  parent: QueueNode<S>;
  tag: string;
  description: string;
  connectionId: number;
  channel: number;
  tooltip: string;
}
export interface DeliveryNode<S = unknown> {
  kind: 'delivery';
  source: S;
  parent: QueueNode<S>;
  entry: UnackedEntry;
  description: string;
  tooltip: string;
}

/** What changed: some nodes, the root (the list of queues), or everything. */
export type QueuesChange<S> = PlaygroundNode<S>[] | RootNode<S> | undefined;

export interface Totals {
  ready: number;
  unacked: number;
}

const queueKey = (vhost: string, name: string) => (vhost === '/' ? name : `${vhost}\u0000${name}`);

/** Event kinds that add or remove queues (the list itself changes). */
const STRUCTURE: ReadonlySet<EventKind> = new Set<EventKind>(['queue-declared', 'queue-deleted', 'restored']);

export class QueuesModel<S = unknown> {
  private readonly changes = new Emitter<QueuesChange<S>>();
  readonly onDidChange = this.changes.event;
  private readonly totalsEmitter = new Emitter<Totals>();
  /** Fires when the totals over all queues change (the status bar shows them). */
  readonly onDidChangeTotals = this.totalsEmitter.event;
  readonly root: RootNode<S>;
  private queues = new Map<string, QueueNode<S>>();
  private order: QueueNode<S>[] = [];
  private readonly coalescer: Coalescer<string>;
  private readonly subs: { dispose(): void }[] = [];
  private brokerSub: { dispose(): void } | undefined;
  /** Totals over all queues, updated at each flush (the status bar reads them). */
  totals: Totals = { ready: 0, unacked: 0 };
  private visible = true;
  private hiddenAll = false;
  private readonly hiddenChanged = new Set<QueueNode<S>>();
  private readonly expanded = new Set<string>();
  /** Flushes so far and queue items refreshed so far (benchmark figures). */
  flushes = 0;
  itemsChanged = 0;

  constructor(
    private readonly playground: Playground,
    source: S,
    intervalMs = 250,
  ) {
    this.root = { kind: 'root', source };
    this.coalescer = new Coalescer<string>((keys) => this.flush(keys), intervalMs);
    this.subs.push(
      playground.onDidChangeBroker((b) => this.attach(b)),
      playground.onDidChangeState(() => (this.visible ? this.changes.fire(this.root) : (this.hiddenAll = true))),
    );
    this.attach(playground.broker);
  }

  private attach(broker: Broker | undefined): void {
    this.brokerSub?.dispose();
    this.brokerSub = broker?.events.subscribe((e) => this.onEvent(e));
    this.coalescer.markAll();
  }

  private onEvent(e: BrokerEvent): void {
    if (STRUCTURE.has(e.kind)) this.coalescer.markAll();
    else if ('queue' in e && e.queue) this.coalescer.mark(queueKey(e.vhost, e.queue));
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
    const snaps = this.playground.broker?.snapshot().queues ?? [];
    this.updateTotals(snaps);
    if (keys === 'all') this.rebuild(snaps);
    else this.update(snaps, keys);
  }

  private updateTotals(snaps: readonly QueueSnapshot[]): void {
    let ready = 0;
    let unacked = 0;
    for (const q of snaps) {
      ready += q.ready;
      unacked += q.unacked;
    }
    if (ready === this.totals.ready && unacked === this.totals.unacked) return;
    this.totals = { ready, unacked };
    this.totalsEmitter.fire(this.totals);
  }

  /** The list of queues changed: rebuild it, keeping the node objects of queues that stay. */
  private rebuild(snaps: readonly QueueSnapshot[]): void {
    const next = new Map<string, QueueNode<S>>();
    const order: QueueNode<S>[] = [];
    for (const snap of [...snaps].sort((a, b) => a.vhost.localeCompare(b.vhost) || a.name.localeCompare(b.name))) {
      const key = queueKey(snap.vhost, snap.name);
      const node = this.queues.get(key) ?? { kind: 'queue' as const, source: this.root.source, key, snap, description: '' };
      node.snap = snap;
      node.description = queueDescription(snap);
      next.set(key, node);
      order.push(node);
    }
    this.queues = next;
    this.order = order;
    for (const k of this.expanded) if (!next.has(k)) this.expanded.delete(k);
    this.hiddenChanged.clear();
    if (this.visible) this.changes.fire(this.root);
    else this.hiddenAll = true;
  }

  /** Some queues changed: report the nodes whose text (or, when expanded, children) changed. */
  private update(snaps: readonly QueueSnapshot[], keys: ReadonlySet<string>): void {
    const changed: QueueNode<S>[] = [];
    for (const snap of snaps) {
      const key = queueKey(snap.vhost, snap.name);
      const node = keys.has(key) ? this.queues.get(key) : undefined;
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
    if (this.visible) this.changes.fire(changed);
    else if (!this.hiddenAll) for (const n of changed) this.hiddenChanged.add(n);
  }

  /**
   * Told by the view: while it is hidden, changes are kept (counts stay current for commands and the
   * status bar) but not reported, so VS Code does not re-resolve items nobody sees.
   */
  setVisible(visible: boolean): void {
    if (visible === this.visible) return;
    this.visible = visible;
    if (!visible) return;
    if (this.hiddenAll) this.changes.fire(this.root);
    else if (this.hiddenChanged.size) this.changes.fire([...this.hiddenChanged]);
    this.hiddenAll = false;
    this.hiddenChanged.clear();
  }

  /** Told by the view when a queue is expanded or collapsed (only expanded queues refresh their children). */
  setExpanded(node: PlaygroundNode<S>, expanded: boolean): void {
    if (node.kind !== 'queue' || this.queues.get(node.key) !== node) return;
    if (expanded) this.expanded.add(node.key);
    else this.expanded.delete(node.key);
  }

  isEmpty(): boolean {
    return this.order.length === 0;
  }

  /** Queue nodes in display order (tests and the reveal in commands use this). */
  queueNodes(): readonly QueueNode<S>[] {
    return this.order;
  }

  queueNode(name: string, vhost = '/'): QueueNode<S> | undefined {
    return this.queues.get(queueKey(vhost, name));
  }

  children(n: PlaygroundNode<S>): PlaygroundNode<S>[] {
    if (n.kind === 'root') return this.order;
    if (n.kind !== 'queue') return [];
    const broker = this.playground.broker;
    const detail = broker?.queueDetail(n.snap.vhost, n.snap.name);
    if (!broker || !detail) return [];
    const { connections } = broker.snapshot();
    return [...this.consumersOf(connections, n), ...this.deliveriesOf(connections, n, detail.unackedMessages)];
  }

  private consumersOf(connections: readonly ConnectionSnapshot[], n: QueueNode<S>): ConsumerNode<S>[] {
    const out: ConsumerNode<S>[] = [];
    for (const conn of connections) {
      if (conn.vhost !== n.snap.vhost) continue;
      for (const ch of conn.channels) {
        for (const c of ch.consumers) {
          if (c.queue !== n.snap.name) continue;
          const chText = channelLabel(conn.name, conn.id, ch.number);
          out.push({
            kind: 'consumer',
            source: n.source,
            parent: n,
            tag: c.consumerTag,
            connectionId: conn.id,
            channel: ch.number,
            description: consumerDescription(c, chText),
            tooltip: `Consumer ${c.consumerTag}\n${chText} (${conn.remoteAddress || 'in-process'})\n${c.noAck ? 'auto-ack' : `manual ack, prefetch ${c.prefetch}, ${c.unacked} unacked`}${c.priority ? `\npriority ${c.priority}` : ''}`,
          });
        }
      }
    }
    return out;
  }

  private deliveriesOf(connections: readonly ConnectionSnapshot[], n: QueueNode<S>, unacked: readonly UnackedEntry[]): DeliveryNode<S>[] {
    const names = new Map(connections.map((c) => [c.id, c.name]));
    const now = this.playground.clock?.now() ?? Date.now();
    return unacked.map((e) => {
      const chText = channelLabel(names.get(e.connectionId), e.connectionId, e.channel);
      const preview = this.preview(e.messageId);
      return {
        kind: 'delivery' as const,
        source: n.source,
        parent: n,
        entry: e,
        description: deliveryDescription(e, preview, now, chText),
        tooltip: `Unacked delivery, tag ${e.deliveryTag} on ${chText}\nmessage #${e.messageId} ${preview}\n${e.redelivered ? 'redelivered' : 'first delivery'}, delivery count ${e.deliveryCount}\nconsumer ${e.consumerTag || '(basic.get)'}`,
      };
    });
  }

  private preview(messageId: number): string {
    const body = this.playground.broker?.messageContent(messageId)?.body;
    return body ? bodyPreview(body) : `message #${messageId}`;
  }

  /** What the row of a node shows. */
  view(n: PlaygroundNode<S>): ItemView {
    switch (n.kind) {
      case 'root':
        return this.rootView();
      case 'queue':
        return queueView(n);
      case 'consumer':
        return {
          id: `playground/consumer/${n.parent.key}/${n.connectionId}/${n.tag}`,
          label: shortConsumerTag(n.tag),
          description: n.description,
          tooltip: n.tooltip,
          icon: 'person',
          collapsible: 'none',
          contextValue: 'acklab.playground.consumer',
        };
      case 'delivery':
        return {
          id: `playground/delivery/${n.parent.key}/${n.entry.connectionId}/${n.entry.channel}/${n.entry.deliveryTag}`,
          label: deliveryLabel(n.entry),
          description: n.description,
          tooltip: n.tooltip,
          icon: n.entry.redelivered ? 'history' : 'mail-read',
          collapsible: 'none',
          contextValue: 'acklab.playground.delivery',
        };
    }
  }

  private rootView(): ItemView {
    const p = this.playground;
    const st = p.state;
    return {
      id: 'playground',
      label: 'Playground',
      description: st === 'running' ? `${p.url ?? 'in-process'} · ${p.settings.profile}` : st,
      icon: st === 'running' ? 'broadcast' : st === 'failed' ? 'error' : 'debug-stop',
      collapsible: 'expanded',
      contextValue: `acklab.playground.broker.${st}`,
      tooltip: st === 'failed' ? `Broker failed: ${p.lastError}` : `AckLab playground broker (${p.settings.profile} profile)`,
    };
  }

  parent(n: PlaygroundNode<S>): PlaygroundNode<S> | undefined {
    if (n.kind === 'queue') return this.root;
    if (n.kind === 'consumer' || n.kind === 'delivery') return n.parent;
    return undefined;
  }

  dispose(): void {
    this.brokerSub?.dispose();
    for (const s of this.subs) s.dispose();
    this.coalescer.dispose();
    this.changes.dispose();
    this.totalsEmitter.dispose();
  }
}

function queueView(n: QueueNode<unknown>): ItemView {
  const q = n.snap;
  return {
    id: `playground/queue/${n.key}`,
    label: q.vhost === '/' ? q.name : `${q.vhost} / ${q.name}`,
    description: n.description,
    tooltip: queueTooltip(q),
    icon: q.type === 'quorum' ? 'server-process' : 'inbox',
    ...(q.unacked > 0 ? { iconColor: 'charts.yellow' } : {}),
    collapsible: q.consumers > 0 || q.unacked > 0 ? 'collapsed' : 'none',
    contextValue: 'acklab.playground.queue',
    accessibilityLabel: `Queue ${q.name}, ${q.type}, ${n.description}`,
  };
}

/** Command arguments from a tree node: which queue it stands for. */
export function queueOfNode(node: unknown): { vhost: string; name: string } | undefined {
  const n = node as Partial<PlaygroundNode> | undefined;
  if (n?.kind === 'queue') return { vhost: n.snap!.vhost, name: n.snap!.name };
  if (n?.kind === 'consumer' || n?.kind === 'delivery') return { vhost: n.parent!.snap.vhost, name: n.parent!.snap.name };
  return undefined;
}

/** Command arguments from a tree node: which channel it stands for. */
export function channelOfNode(node: unknown): { connectionId: number; channel: number } | undefined {
  const n = node as Partial<PlaygroundNode> | undefined;
  if (n?.kind === 'consumer') return { connectionId: n.connectionId!, channel: n.channel! };
  if (n?.kind === 'delivery') return { connectionId: n.entry!.connectionId, channel: n.entry!.channel };
  return undefined;
}

// The view model of the Connections tree: connection → channels (unacked, prefetch, confirm mode)
// → consumers, as plain data (ItemView) that src/vscode/connectionsTree.ts renders one-to-one.
// Updates are coalesced like the Queues model; only connections whose text changed are reported.
// The playground's own admin connection is hidden. No vscode import: tested in plain Node.
import type { Broker, BrokerEvent, EventKind, ChannelSnapshot, ConnectionSnapshot, ConsumerSnapshot } from '../broker';
import { Coalescer } from './coalesce';
import { channelDescription, connectionDescription, connectionLabel, consumerDescription } from './format';
import { Emitter, type ItemView } from './itemView';
import type { Playground } from './lifecycle';
import { shortConsumerTag } from '../protocol/labels';

export type ConnectionNode = ConnNode | ChanNode | ChanConsumerNode;

/** A consumer under its channel ('channel-consumer': not the Queues tree's 'consumer', which knows its queue). */
export interface ChanConsumerNode {
  kind: 'channel-consumer';
  parent: ChanNode;
  snap: ConsumerSnapshot;
}

export interface ConnNode {
  kind: 'connection';
  id: number;
  snap: ConnectionSnapshot;
  text: string;
  /** Channel nodes kept across refreshes (VS Code knows elements by identity). */
  channels: Map<number, ChanNode>;
}
export interface ChanNode {
  kind: 'channel';
  parent: ConnNode;
  snap: ChannelSnapshot;
  text: string;
}

/** Changed nodes, or undefined for "everything". */
export type ConnectionsChange = ConnectionNode[] | undefined;

/** Channels with more consumers than this start collapsed (a bench client may have 1,000). */
const EXPAND_MAX_CONSUMERS = 10;

const STRUCTURE: ReadonlySet<EventKind> = new Set<EventKind>([
  'connection-opened',
  'connection-closed',
  'channel-opened',
  'channel-closed',
  'consumer-added',
  'consumer-cancelled',
  'restored',
]);

export class ConnectionsModel {
  private readonly changes = new Emitter<ConnectionsChange>();
  readonly onDidChange = this.changes.event;
  private nodes = new Map<number, ConnNode>();
  private order: ConnNode[] = [];
  private readonly coalescer: Coalescer<number>;
  private brokerSub: { dispose(): void } | undefined;
  private readonly subs: { dispose(): void }[] = [];
  private shown = true;
  private hiddenChange = false;

  constructor(
    private readonly playground: Playground,
    intervalMs = 250,
  ) {
    this.coalescer = new Coalescer<number>((keys) => this.flush(keys), intervalMs);
    this.subs.push(playground.onDidChangeBroker((b) => this.attach(b)));
    this.attach(playground.broker);
  }

  private attach(broker: Broker | undefined): void {
    this.brokerSub?.dispose();
    this.brokerSub = broker?.events.subscribe((e) => this.onEvent(e));
    this.coalescer.markAll();
  }

  private onEvent(e: BrokerEvent): void {
    if (STRUCTURE.has(e.kind)) this.coalescer.markAll();
    else if ('connectionId' in e && e.connectionId) this.coalescer.mark(e.connectionId);
  }

  flushNow(): void {
    this.coalescer.flushNow();
  }

  /** Connections shown (the playground's own admin connection is hidden). */
  connections(): readonly ConnNode[] {
    return this.order;
  }

  private visible(): ConnectionSnapshot[] {
    const b = this.playground.broker;
    if (!b) return [];
    const admin = this.playground.adminConnectionId;
    return b.snapshot().connections.filter((c) => c.id !== admin);
  }

  private flush(keys: ReadonlySet<number> | 'all'): void {
    const snaps = this.visible();
    if (keys === 'all') {
      const next = new Map<number, ConnNode>();
      this.order = snaps.map((snap) => {
        const node: ConnNode = this.nodes.get(snap.id) ?? { kind: 'connection', id: snap.id, snap, text: '', channels: new Map() };
        this.update(node, snap);
        next.set(snap.id, node);
        return node;
      });
      this.nodes = next;
      this.report(undefined);
      return;
    }
    const changed: ConnectionNode[] = [];
    for (const snap of snaps) {
      const node = keys.has(snap.id) ? this.nodes.get(snap.id) : undefined;
      if (node) changed.push(...this.update(node, snap));
    }
    if (changed.length) this.report(changed);
  }

  private report(change: ConnectionsChange): void {
    if (this.shown) this.changes.fire(change);
    else this.hiddenChange = true;
  }

  /** While the view is hidden nothing is reported; showing it reports one change of everything. */
  setVisible(visible: boolean): void {
    if (visible === this.shown) return;
    this.shown = visible;
    if (visible && this.hiddenChange) this.changes.fire(undefined);
    this.hiddenChange = false;
  }

  /** Updates a connection node in place; returns the nodes whose text changed (a connection covers its channels). */
  private update(node: ConnNode, snap: ConnectionSnapshot): ConnectionNode[] {
    node.snap = snap;
    const text = connectionDescription(snap);
    const sameChannels = snap.channels.length === node.channels.size && snap.channels.every((c) => node.channels.has(c.number));
    const changedChannels: ChanNode[] = [];
    const channels = new Map<number, ChanNode>();
    for (const ch of snap.channels) {
      const t = channelText(ch);
      let cn = node.channels.get(ch.number);
      if (!cn) cn = { kind: 'channel', parent: node, snap: ch, text: t };
      else if (cn.text !== t) changedChannels.push(cn);
      cn.snap = ch;
      cn.text = t;
      channels.set(ch.number, cn);
    }
    node.channels = channels;
    if (text !== node.text || !sameChannels) {
      node.text = text;
      return [node];
    }
    return changedChannels;
  }

  children(node?: ConnectionNode): ConnectionNode[] {
    if (!node) return this.order;
    if (node.kind === 'connection') return [...node.channels.values()];
    if (node.kind === 'channel') return node.snap.consumers.map((snap) => ({ kind: 'channel-consumer' as const, parent: node, snap }));
    return [];
  }

  parent(node: ConnectionNode): ConnectionNode | undefined {
    return node.kind === 'connection' ? undefined : node.parent;
  }

  /** What the row of a node shows. */
  view(node: ConnectionNode): ItemView {
    switch (node.kind) {
      case 'connection': {
        const c = node.snap;
        return {
          id: `conn/${c.id}`,
          label: connectionLabel(c),
          description: connectionDescription(c),
          tooltip: `Connection ${c.id}${c.name ? ` (${c.name})` : ''}\nfrom ${c.remoteAddress || 'in-process'}\nuser ${c.user}, vhost ${c.vhost}`,
          icon: 'plug',
          collapsible: c.channels.length ? 'expanded' : 'none',
          contextValue: 'acklab.playground.connection',
        };
      }
      case 'channel': {
        const ch = node.snap;
        const n = ch.consumers.length;
        return {
          id: `conn/${node.parent.id}/ch/${ch.number}`,
          label: `channel ${ch.number}`,
          description: channelDescription(ch),
          icon: 'arrow-swap',
          collapsible: n === 0 ? 'none' : n > EXPAND_MAX_CONSUMERS ? 'collapsed' : 'expanded',
          contextValue: 'acklab.playground.channel',
        };
      }
      case 'channel-consumer': {
        const c = node.snap;
        return {
          id: `conn/${node.parent.parent.id}/ch/${node.parent.snap.number}/c/${c.consumerTag}`,
          label: shortConsumerTag(c.consumerTag),
          description: `${c.queue} · ${consumerDescription(c, `ch ${node.parent.snap.number}`)}`,
          icon: 'person',
          collapsible: 'none',
          contextValue: 'acklab.playground.channelConsumer',
          tooltip: `Consumer ${c.consumerTag} on ${c.queue}`,
        };
      }
    }
  }

  dispose(): void {
    this.brokerSub?.dispose();
    for (const s of this.subs) s.dispose();
    this.coalescer.dispose();
    this.changes.dispose();
  }
}

/** Everything a channel's subtree shows, as one string: refresh only when it changes. */
function channelText(ch: ChannelSnapshot): string {
  let t = channelDescription(ch);
  for (const k of ch.consumers) t += `|${k.consumerTag}/${k.unacked}/${k.prefetch}/${k.active ? 1 : 0}`;
  return t;
}

/** Command arguments from a Connections node: its connection. */
export function connectionOfNode(node: unknown): number | undefined {
  const n = node as Partial<ConnectionNode> | undefined;
  if (n?.kind === 'connection') return n.id;
  if (n?.kind === 'channel') return n.parent!.id;
  if (n?.kind === 'channel-consumer') return n.parent!.parent.id;
  return undefined;
}

/** Command arguments from a Connections node: its channel. */
export function channelOfConnectionNode(node: unknown): { connectionId: number; channel: number } | undefined {
  const n = node as Partial<ConnectionNode> | undefined;
  if (n?.kind === 'channel') return { connectionId: n.parent!.id, channel: n.snap!.number };
  if (n?.kind === 'channel-consumer') return { connectionId: n.parent!.parent.id, channel: n.parent!.snap.number };
  return undefined;
}

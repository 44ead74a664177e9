// The Connections view: connection → channels (unacked, prefetch, confirm mode) → consumers.
// Updates are coalesced like the Queues view; only connections whose text changed are refreshed.
import * as vscode from 'vscode';
import type { Broker, BrokerEvent, ChannelSnapshot, ConnectionSnapshot, ConsumerSnapshot } from '../broker';
import { Coalescer } from './coalesce';
import { channelDescription, connectionDescription, connectionLabel, consumerDescription } from './format';
import type { Playground } from './playground';

export type ConnectionNode =
  | { kind: 'connection'; id: number; snap: ConnectionSnapshot; text: string }
  | { kind: 'channel'; parent: ConnectionNode & { kind: 'connection' }; snap: ChannelSnapshot }
  | { kind: 'consumer'; parent: ConnectionNode & { kind: 'channel' }; snap: ConsumerSnapshot };

type ConnNode = ConnectionNode & { kind: 'connection' };

const STRUCTURE: ReadonlySet<string> = new Set([
  'connection-opened', 'connection-closed', 'channel-opened', 'channel-closed', 'consumer-added', 'consumer-cancelled', 'restored',
]);

export class ConnectionsTreeProvider implements vscode.TreeDataProvider<ConnectionNode>, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<ConnectionNode | ConnectionNode[] | undefined>();
  readonly onDidChangeTreeData = this.emitter.event;
  private nodes = new Map<number, ConnNode>();
  private order: ConnNode[] = [];
  private readonly coalescer: Coalescer<number>;
  private brokerSub: { dispose(): void } | undefined;
  private readonly subs: { dispose(): void }[] = [];

  constructor(private readonly playground: Playground, intervalMs = 250) {
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
    else if (e.connectionId) this.coalescer.mark(e.connectionId);
  }

  flushNow(): void {
    this.coalescer.flushNow();
  }

  /** Connections shown (the extension's own admin connection is hidden). */
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
        const node = this.nodes.get(snap.id) ?? { kind: 'connection' as const, id: snap.id, snap, text: '' };
        node.snap = snap;
        node.text = summary(snap);
        next.set(snap.id, node);
        return node;
      });
      this.nodes = next;
      this.emitter.fire(undefined);
      return;
    }
    const changed: ConnNode[] = [];
    for (const snap of snaps) {
      if (!keys.has(snap.id)) continue;
      const node = this.nodes.get(snap.id);
      if (!node) continue;
      node.snap = snap;
      const t = summary(snap);
      if (t !== node.text) {
        node.text = t;
        changed.push(node);
      }
    }
    if (changed.length) this.emitter.fire(changed);
  }

  getChildren(node?: ConnectionNode): ConnectionNode[] {
    if (!node) return this.order;
    if (node.kind === 'connection') return node.snap.channels.map((snap) => ({ kind: 'channel' as const, parent: node, snap }));
    if (node.kind === 'channel') return node.snap.consumers.map((snap) => ({ kind: 'consumer' as const, parent: node, snap }));
    return [];
  }

  getParent(node: ConnectionNode): ConnectionNode | undefined {
    return node.kind === 'connection' ? undefined : node.parent;
  }

  getTreeItem(node: ConnectionNode): vscode.TreeItem {
    switch (node.kind) {
      case 'connection': {
        const c = node.snap;
        const item = new vscode.TreeItem(connectionLabel(c), c.channels.length ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.None);
        item.id = `conn/${c.id}`;
        item.description = connectionDescription(c);
        item.tooltip = `Connection ${c.id}${c.name ? ` (${c.name})` : ''}\nfrom ${c.remoteAddress || 'in-process'}\nuser ${c.user}, vhost ${c.vhost}`;
        item.iconPath = new vscode.ThemeIcon('plug');
        item.contextValue = 'connection';
        return item;
      }
      case 'channel': {
        const ch = node.snap;
        const item = new vscode.TreeItem(`channel ${ch.number}`, ch.consumers.length ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.None);
        item.id = `conn/${node.parent.id}/ch/${ch.number}`;
        item.description = channelDescription(ch);
        item.iconPath = new vscode.ThemeIcon('arrow-swap');
        item.contextValue = 'channel';
        return item;
      }
      case 'consumer': {
        const c = node.snap;
        const item = new vscode.TreeItem(c.consumerTag, vscode.TreeItemCollapsibleState.None);
        item.id = `conn/${node.parent.parent.id}/ch/${node.parent.snap.number}/c/${c.consumerTag}`;
        item.description = `${c.queue} · ${consumerDescription(c, `ch ${node.parent.snap.number}`)}`;
        item.iconPath = new vscode.ThemeIcon('person');
        item.contextValue = 'connection-consumer';
        return item;
      }
    }
  }

  dispose(): void {
    this.brokerSub?.dispose();
    for (const s of this.subs) s.dispose();
    this.coalescer.dispose();
    this.emitter.dispose();
  }
}

/** Everything a connection's subtree shows, as one string: refresh only when it changes. */
function summary(c: ConnectionSnapshot): string {
  return `${connectionDescription(c)}|${c.channels.map((ch) => `${ch.number}:${channelDescription(ch)}:${ch.consumers.map((k) => `${k.consumerTag}/${k.unacked}/${k.prefetch}`).join(',')}`).join(';')}`;
}

/** Command arguments from a Connections node. */
export function connectionOfNode(node: unknown): number | undefined {
  const n = node as Partial<ConnectionNode> | undefined;
  if (n?.kind === 'connection') return n.id;
  if (n?.kind === 'channel') return n.parent!.id;
  if (n?.kind === 'consumer') return n.parent!.parent.id;
  return undefined;
}

export function channelOfConnectionNode(node: unknown): { connectionId: number; channel: number } | undefined {
  const n = node as Partial<ConnectionNode> | undefined;
  if (n?.kind === 'channel') return { connectionId: n.parent!.id, channel: n.snap!.number };
  if (n?.kind === 'consumer') return { connectionId: n.parent!.parent.id, channel: n.parent!.snap.number };
  return undefined;
}

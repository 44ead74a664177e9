// The Connections view: connection → channels (unacked, prefetch, confirm mode) → consumers.
// Updates are coalesced like the Queues view; only connections whose text changed are refreshed.
import * as vscode from 'vscode';
import type { Broker, BrokerEvent, ChannelSnapshot, ConnectionSnapshot, ConsumerSnapshot } from '../broker';
import { Coalescer } from './coalesce';
import { channelDescription, connectionDescription, connectionLabel, consumerDescription } from './format';
import type { Playground } from './playground';

export type ConnectionNode = ConnNode | ChanNode | { kind: 'consumer'; parent: ChanNode; snap: ConsumerSnapshot };

interface ConnNode {
  kind: 'connection';
  id: number;
  snap: ConnectionSnapshot;
  text: string;
  /** Channel nodes kept across refreshes (VS Code knows elements by identity). */
  channels: Map<number, ChanNode>;
}
interface ChanNode {
  kind: 'channel';
  parent: ConnNode;
  snap: ChannelSnapshot;
  text: string;
}

/** Channels with more consumers than this start collapsed (a bench client may have 1,000). */
const EXPAND_MAX_CONSUMERS = 10;

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
  private shown = true;
  private hiddenChange = false;

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
        const node: ConnNode = this.nodes.get(snap.id) ?? { kind: 'connection', id: snap.id, snap, text: '', channels: new Map() };
        this.update(node, snap);
        next.set(snap.id, node);
        return node;
      });
      this.nodes = next;
      if (this.shown) this.emitter.fire(undefined);
      else this.hiddenChange = true;
      return;
    }
    const changed: ConnectionNode[] = [];
    for (const snap of snaps) {
      if (!keys.has(snap.id)) continue;
      const node = this.nodes.get(snap.id);
      if (node) changed.push(...this.update(node, snap));
    }
    if (!changed.length) return;
    if (this.shown) this.emitter.fire(changed);
    else this.hiddenChange = true;
  }

  /** While the view is hidden nothing is sent to VS Code; showing it refreshes once. */
  setVisible(visible: boolean): void {
    if (visible === this.shown) return;
    this.shown = visible;
    if (visible && this.hiddenChange) this.emitter.fire(undefined);
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

  getChildren(node?: ConnectionNode): ConnectionNode[] {
    if (!node) return this.order;
    if (node.kind === 'connection') return [...node.channels.values()];
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
        const state = ch.consumers.length === 0 ? vscode.TreeItemCollapsibleState.None : ch.consumers.length > EXPAND_MAX_CONSUMERS ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.Expanded;
        const item = new vscode.TreeItem(`channel ${ch.number}`, state);
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

/** Everything a channel's subtree shows, as one string: refresh only when it changes. */
function channelText(ch: ChannelSnapshot): string {
  let t = channelDescription(ch);
  for (const k of ch.consumers) t += `|${k.consumerTag}/${k.unacked}/${k.prefetch}/${k.active ? 1 : 0}`;
  return t;
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

// View models for a real broker in the Queues tree: broker -> vhosts -> queues, as plain data
// (no vscode import) that the extension's tree provider renders one-to-one into TreeItems.
// Node objects are stable: a refresh updates them in place and reports which ones changed, so the
// provider can fire onDidChangeTreeData for just those items instead of rebuilding the tree.
import { ManagementError } from './errors';
import { MAX_PAGE_SIZE, type ManagementApi, type Overview, type QueueInfo, type QueueReload, type Rates, type VhostInfo } from './client';
import type { BrokerConfig } from './settings';

export type RemoteNodeKind = 'broker' | 'vhost' | 'queue' | 'error' | 'loadMore' | 'info';

export interface RemoteTreeNode {
  /** Unique across all brokers and the playground: `remote:<broker>|<vhost>|<queue>`. */
  readonly id: string;
  readonly kind: RemoteNodeKind;
  readonly broker: string;
  readonly vhost?: string;
  readonly queue?: string;
  label: string;
  description: string;
  tooltip: string;
  /** Codicon id, e.g. 'server', 'folder', 'inbox', 'error'. */
  icon: string;
  collapsible: 'none' | 'collapsed' | 'expanded';
  /** For package.json menus: `viewItem == acklab.remote.queue` etc. */
  contextValue: string;
  /** For error nodes: the classified kind, e.g. 'unauthorized'. */
  errorKind?: string;
  /** Run on click (load-more nodes): command id and arguments. */
  command?: { command: string; title: string; arguments: unknown[] };
  /** The data behind a queue node (for actions: publish, get, purge, delete). */
  data?: QueueInfo;
}

export const LOAD_MORE_COMMAND = 'acklab.remote.loadMore';
/** Offered in the load-more node's context menu (`viewItem == acklab.remote.loadMore`). */
export const LOAD_ALL_COMMAND = 'acklab.remote.loadAll';

/** `12.3/s`, `0.4/s`, `1,250/s`. */
export function formatRate(r: number): string {
  if (r >= 100) return `${Math.round(r).toLocaleString('en-US')}/s`;
  return `${(Math.round(r * 10) / 10).toString()}/s`;
}

/** `ready 3 · unacked 2 · 2 consumers · in 1.5/s · out 1.2/s` (rates only when the API reports them). */
export function queueDescription(q: Pick<QueueInfo, 'ready' | 'unacked' | 'consumers' | 'rates'>, node?: string): string {
  const parts = [`ready ${q.ready}`, `unacked ${q.unacked}`, `${q.consumers} consumer${q.consumers === 1 ? '' : 's'}`];
  parts.push(...rateParts(q.rates));
  if (node) parts.push(`on ${node}`);
  return parts.join(' · ');
}

function rateParts(r: Rates): string[] {
  const out: string[] = [];
  if (r.publish !== undefined) out.push(`in ${formatRate(r.publish)}`);
  if (r.deliver !== undefined) out.push(`out ${formatRate(r.deliver)}`);
  return out;
}

const ERROR_ICONS: Record<string, string> = { unauthorized: 'lock', forbidden: 'lock', tls: 'shield', timeout: 'clock', config: 'gear' };

export interface BrokerModelOptions {
  /** Queues per "load more" step (default 200, at most 500). */
  pageSize?: number;
  /** Shown instead of contacting the broker, e.g. 'No password stored for …'. */
  configError?: ManagementError;
}

interface VhostState {
  info: VhostInfo;
  /** Queues loaded so far (first N by name). */
  queues: QueueInfo[];
  loaded: boolean;
  total: number;
  error?: ManagementError;
  /** Version of the last reloadQueues result (diffs are against it); cleared when loadMore/loadAll change the list. */
  version?: number | undefined;
}

export interface RefreshResult {
  /** Nodes whose label/description/tooltip/icon changed (fire a change for each). */
  changed: RemoteTreeNode[];
  /** Nodes whose children changed (fire a change for each; their subtree is re-read). */
  structure: RemoteTreeNode[];
  /** Set when the broker could not be read; also shown as an error node. */
  error?: ManagementError;
}

/** Model of one configured broker: the root node and everything below it. */
export class BrokerModel {
  readonly root: RemoteTreeNode;
  private readonly pageSize: number;
  private overview: Overview | undefined;
  private clusterNodes = 0;
  private error: ManagementError | undefined;
  private vhostStates = new Map<string, VhostState>();
  private readonly nodes = new Map<string, RemoteTreeNode>();
  private loadedOnce = false;
  private refreshCount = 0;
  /** Cluster size the queue looks were last built with (the node is shown only in clusters). */
  private lookClusterNodes = 0;

  constructor(
    readonly config: BrokerConfig,
    private readonly client: ManagementApi | undefined,
    opts: BrokerModelOptions = {},
  ) {
    this.pageSize = Math.min(Math.max(1, opts.pageSize ?? 200), MAX_PAGE_SIZE);
    this.error =
      opts.configError ?? (client ? undefined : new ManagementError('config', `No password stored for ${config.name}: run "AckLab: Set Broker Password".`));
    this.root = this.node(`remote:${config.name}`, {
      kind: 'broker',
      broker: config.name,
      label: config.name,
      description: 'connecting…',
      tooltip: config.managementUrl,
      icon: 'server',
      collapsible: 'collapsed',
      contextValue: 'acklab.remote.broker',
    });
    if (this.error) this.applyBrokerError(this.error);
  }

  /** Reads overview and vhosts, and re-reads the queue pages already shown. Never throws: errors become nodes. */
  async refresh(): Promise<RefreshResult> {
    const changed: RemoteTreeNode[] = [];
    const structure: RemoteTreeNode[] = [];
    if (!this.client) return { changed, structure, ...(this.error ? { error: this.error } : {}) };
    const hadError = this.error !== undefined;
    try {
      // Cluster membership rarely changes: re-read it on the first and every 10th refresh only.
      const readNodes = this.refreshCount++ % 10 === 0;
      const [overview, vhosts, clusterNodes] = await Promise.all([this.client.overview(), this.client.vhosts(), readNodes ? this.client.nodes() : undefined]);
      this.overview = overview;
      if (clusterNodes) this.clusterNodes = clusterNodes.length;
      this.error = undefined;
      const wanted = this.config.vhosts ? vhosts.filter((v) => this.config.vhosts!.includes(v.name)) : vhosts;
      const before = [...this.vhostStates.keys()].join('\u0000');
      const next = new Map<string, VhostState>();
      for (const v of wanted) {
        const old = this.vhostStates.get(v.name);
        next.set(v.name, old ? { ...old, info: v } : { info: v, queues: [], loaded: false, total: 0 });
      }
      this.vhostStates = next;
      if (before !== [...next.keys()].join('\u0000') || hadError || !this.loadedOnce) structure.push(this.root);
      this.loadedOnce = true;
      if (this.updateNode(this.root, this.brokerLook())) changed.push(this.root);
      // Re-read the queues already shown, in pages of up to 500, one vhost after the other.
      for (const [name, st] of next) {
        const vnode = this.vhostNode(name);
        if (st.loaded) {
          const r = await this.reloadQueues(st);
          if (r === 'structure') structure.push(vnode);
          else for (const q of r) changed.push(q);
        }
        if (this.updateNode(vnode, this.vhostLook(st))) changed.push(vnode);
      }
      return { changed, structure };
    } catch (e) {
      const err = e instanceof ManagementError ? e : new ManagementError('bad-response', String(e));
      this.applyBrokerError(err);
      return { changed: [this.root], structure: [this.root], error: err };
    }
  }

  /** Children of a node of this broker, from what has been loaded (loads a vhost's first page on first expand). */
  async children(node: RemoteTreeNode): Promise<RemoteTreeNode[]> {
    if (node.kind === 'broker') {
      if (!this.loadedOnce && !this.error) await this.refresh();
      if (this.error) return [this.errorNode(this.root.id, this.error)];
      const vs = [...this.vhostStates.values()].map((st) => this.vhostNode(st.info.name));
      if (vs.length === 0)
        return [
          this.infoNode(
            `${this.root.id}|empty`,
            this.config.vhosts
              ? `None of the vhosts ${this.config.vhosts.join(', ')} is visible to ${this.config.username}`
              : `No vhosts visible to ${this.config.username}`,
          ),
        ];
      return vs;
    }
    if (node.kind === 'vhost' && node.vhost !== undefined) {
      const st = this.vhostStates.get(node.vhost);
      if (!st) return [];
      if (!st.loaded && !st.error) await this.loadMore(node.vhost);
      return this.vhostChildren(st);
    }
    return [];
  }

  /** Loads the next page of a vhost's queues. Resolves the vhost node (its children changed). */
  async loadMore(vhost: string): Promise<RemoteTreeNode> {
    const st = this.vhostStates.get(vhost);
    const vnode = this.vhostNode(vhost);
    if (!st || !this.client) return vnode;
    try {
      const page = Math.floor(st.queues.length / this.pageSize) + 1;
      const p = await this.client.queuesPage(vhost, { page, pageSize: this.pageSize });
      st.queues = st.queues.slice(0, (page - 1) * this.pageSize).concat(p.items);
      st.version = undefined;
      st.total = p.totalCount;
      st.loaded = true;
      delete st.error;
    } catch (e) {
      st.error = e instanceof ManagementError ? e : new ManagementError('bad-response', String(e));
    }
    this.updateNode(vnode, this.vhostLook(st));
    return vnode;
  }

  /**
   * Loads all of a vhost's queues: page 1, then the remaining pages of 500 with `concurrency` requests
   * in flight (the broker computes each page on its own, so this overlaps its work with ours).
   */
  async loadAll(vhost: string, concurrency = 3): Promise<RemoteTreeNode> {
    const st = this.vhostStates.get(vhost);
    const vnode = this.vhostNode(vhost);
    if (!st || !this.client) return vnode;
    const client = this.client;
    try {
      const first = await client.queuesPage(vhost, { page: 1, pageSize: MAX_PAGE_SIZE });
      const pages: QueueInfo[][] = [first.items];
      let next = 2;
      const worker = async (): Promise<void> => {
        while (next <= first.pageCount) {
          const page = next++;
          pages[page - 1] = (await client.queuesPage(vhost, { page, pageSize: MAX_PAGE_SIZE })).items;
        }
      };
      await Promise.all(Array.from({ length: Math.max(1, concurrency) }, worker));
      st.queues = pages.flat();
      st.version = undefined;
      st.total = first.totalCount;
      st.loaded = true;
      delete st.error;
    } catch (e) {
      st.error = e instanceof ManagementError ? e : new ManagementError('bad-response', String(e));
    }
    this.updateNode(vnode, this.vhostLook(st));
    return vnode;
  }

  /** Forgets the nodes of queues that are no longer listed in a vhost (deleted queues). */
  private prune(st: VhostState): void {
    const prefix = `remote:${this.config.name}|${st.info.name}|`;
    const keep = new Set(st.queues.map((q) => this.queueId(q)));
    for (const id of this.nodes.keys()) if (id.startsWith(prefix) && !id.endsWith('>') && !keep.has(id)) this.nodes.delete(id);
  }

  /** Every node currently known (for lookups by id, e.g. after a reload). */
  byId(id: string): RemoteTreeNode | undefined {
    return this.nodes.get(id);
  }

  get lastError(): ManagementError | undefined {
    return this.error;
  }

  get lastOverview(): Overview | undefined {
    return this.overview;
  }

  private vhostChildren(st: VhostState): RemoteTreeNode[] {
    const vid = `remote:${this.config.name}|${st.info.name}`;
    if (st.error) return [this.errorNode(vid, st.error)];
    const out = st.queues.map((q) => this.queueNode(q));
    if (st.queues.length < st.total) {
      const n = Math.min(this.pageSize, st.total - st.queues.length);
      const more = this.node(`${vid}|<load-more>`, {
        kind: 'loadMore',
        broker: this.config.name,
        vhost: st.info.name,
        label: `Load ${n} more…`,
        description: `${st.queues.length} of ${st.total} shown`,
        tooltip: 'Load the next page of queues',
        icon: 'ellipsis',
        collapsible: 'none',
        contextValue: 'acklab.remote.loadMore',
      });
      this.updateNode(more, { label: `Load ${n} more…`, description: `${st.queues.length} of ${st.total} shown` });
      more.command = { command: LOAD_MORE_COMMAND, title: 'Load more', arguments: [this.config.name, st.info.name] };
      out.push(more);
    }
    if (out.length === 0) out.push(this.infoNode(`${vid}|<empty>`, 'No queues'));
    return out;
  }

  /** Re-reads the first `queues.length` queues; returns changed queue nodes, or 'structure' when the set changed. */
  private async reloadQueues(st: VhostState): Promise<RemoteTreeNode[] | 'structure'> {
    const want = Math.max(st.queues.length, Math.min(this.pageSize, st.total || this.pageSize));
    let r: QueueReload;
    try {
      r = await this.client!.reloadQueues(st.info.name, want, st.error ? undefined : st.version);
    } catch (e) {
      st.error = e instanceof ManagementError ? e : new ManagementError('bad-response', String(e));
      st.version = undefined;
      return 'structure';
    }
    delete st.error;
    st.version = r.version;
    // A full list (first reload after loadMore/loadAll) that equals what is shown is no structure change.
    const sameList = r.names === undefined || (r.names.length === st.queues.length && r.names.every((n, i) => n === st.queues[i]!.name));
    if (!sameList || r.total !== st.total) {
      const byName = new Map(st.queues.map((q) => [q.name, q]));
      for (const q of r.changed) byName.set(q.name, q);
      const names = r.names ?? st.queues.map((q) => q.name);
      st.queues = names.map((n) => byName.get(n)!).filter((q) => q !== undefined);
      st.total = r.total;
      this.prune(st);
      return 'structure';
    }
    const changed: RemoteTreeNode[] = [];
    const rebuildAll = this.lookClusterNodes !== this.clusterNodes;
    this.lookClusterNodes = this.clusterNodes;
    const changedByName = new Map(r.changed.map((q) => [q.name, q]));
    st.queues = st.queues.map((q) => changedByName.get(q.name) ?? q);
    // Only the queues that changed get their strings rebuilt (all of them when the cluster size changed).
    for (const q of rebuildAll ? st.queues : r.changed) {
      const n = this.nodes.get(this.queueId(q));
      if (!n) continue;
      n.data = q;
      if (this.updateNode(n, this.queueLook(q))) changed.push(n);
    }
    return changed;
  }

  private queueId(q: QueueInfo): string {
    return `remote:${this.config.name}|${q.vhost}|${q.name}`;
  }

  private queueNode(q: QueueInfo): RemoteTreeNode {
    const n = this.node(this.queueId(q), {
      kind: 'queue',
      broker: this.config.name,
      vhost: q.vhost,
      queue: q.name,
      collapsible: 'none',
      contextValue: 'acklab.remote.queue',
      ...this.queueLook(q),
    });
    this.updateNode(n, this.queueLook(q));
    n.data = q;
    return n;
  }

  private queueLook(q: QueueInfo): Pick<RemoteTreeNode, 'label' | 'description' | 'tooltip' | 'icon'> {
    const showNode = this.clusterNodes > 1 ? q.node : undefined;
    const tip = [
      `${q.name} (${q.type}${q.durable ? ', durable' : ''}${q.state && q.state !== 'running' ? `, ${q.state}` : ''})`,
      `vhost ${q.vhost}${q.node ? ` · node ${q.node}` : ''}`,
      `ready ${q.ready} · unacked ${q.unacked} · consumers ${q.consumers}`,
    ];
    const r = rateParts(q.rates);
    if (r.length)
      tip.push(
        r.join(' · ') +
          (q.rates.ack !== undefined ? ` · ack ${formatRate(q.rates.ack)}` : '') +
          (q.rates.redeliver ? ` · redeliver ${formatRate(q.rates.redeliver)}` : ''),
      );
    return {
      label: q.name,
      description: queueDescription(q, showNode),
      tooltip: tip.join('\n'),
      icon: q.state && q.state !== 'running' && q.state !== 'idle' ? 'warning' : q.type === 'quorum' ? 'database' : q.type === 'stream' ? 'list-flat' : 'inbox',
    };
  }

  private vhostNode(name: string): RemoteTreeNode {
    const st = this.vhostStates.get(name);
    const n = this.node(`remote:${this.config.name}|${name}`, {
      kind: 'vhost',
      broker: this.config.name,
      vhost: name,
      collapsible: 'collapsed',
      contextValue: 'acklab.remote.vhost',
      label: name,
      description: '',
      tooltip: '',
      icon: 'folder',
    });
    if (st) this.updateNode(n, this.vhostLook(st));
    return n;
  }

  private vhostLook(st: VhostState): Pick<RemoteTreeNode, 'label' | 'description' | 'tooltip' | 'icon'> {
    const v = st.info;
    const count = st.loaded ? ` · ${st.total} queue${st.total === 1 ? '' : 's'}` : '';
    return {
      label: v.name,
      description: `ready ${v.ready} · unacked ${v.unacked}${count}`,
      tooltip: `vhost ${v.name}\nready ${v.ready} · unacked ${v.unacked} · total ${v.messages}`,
      icon: st.error ? 'warning' : 'folder',
    };
  }

  private brokerLook(): Pick<RemoteTreeNode, 'label' | 'description' | 'tooltip' | 'icon'> {
    const o = this.overview!;
    const where = this.clusterNodes > 1 ? `cluster ${o.clusterName ?? ''} · ${this.clusterNodes} nodes` : o.node ? `node ${o.node}` : '';
    const desc = [`${o.productName} ${o.productVersion}`, `ready ${o.totals.ready} · unacked ${o.totals.unacked}`, ...rateParts(o.rates)];
    return {
      label: this.config.name,
      description: desc.join(' · '),
      tooltip: [
        `${this.config.name} — ${this.config.managementUrl}`,
        `${o.productName} ${o.productVersion}${where ? ` · ${where}` : ''}`,
        `user ${this.config.username}`,
      ].join('\n'),
      icon: 'server',
    };
  }

  private applyBrokerError(err: ManagementError): void {
    this.error = err;
    this.vhostStates.clear();
    this.loadedOnce = false;
    this.updateNode(this.root, {
      label: this.config.name,
      description: errorTitle(err),
      tooltip: `${this.config.managementUrl}\n${err.userMessage}`,
      icon: 'error',
    });
  }

  private errorNode(parentId: string, err: ManagementError): RemoteTreeNode {
    const n = this.node(`${parentId}|<error>`, {
      kind: 'error',
      broker: this.config.name,
      label: err.userMessage,
      description: '',
      tooltip: err.userMessage,
      icon: ERROR_ICONS[err.kind] ?? 'error',
      collapsible: 'none',
      contextValue: `acklab.remote.error.${err.kind}`,
    });
    this.updateNode(n, { label: err.userMessage, tooltip: err.userMessage, icon: ERROR_ICONS[err.kind] ?? 'error' });
    n.errorKind = err.kind;
    n.contextValue = `acklab.remote.error.${err.kind}`;
    return n;
  }

  private infoNode(id: string, text: string): RemoteTreeNode {
    return this.node(id, {
      kind: 'info',
      broker: this.config.name,
      label: text,
      description: '',
      tooltip: text,
      icon: 'info',
      collapsible: 'none',
      contextValue: 'acklab.remote.info',
    });
  }

  private node(id: string, init: Omit<RemoteTreeNode, 'id'>): RemoteTreeNode {
    let n = this.nodes.get(id);
    if (!n) {
      n = { id, ...init };
      this.nodes.set(id, n);
    }
    return n;
  }

  /** Applies a look; true when something visible changed. */
  private updateNode(n: RemoteTreeNode, look: Partial<Pick<RemoteTreeNode, 'label' | 'description' | 'tooltip' | 'icon'>>): boolean {
    let changed = false;
    for (const k of ['label', 'description', 'tooltip', 'icon'] as const) {
      const v = look[k];
      if (v !== undefined && n[k] !== v) {
        n[k] = v;
        changed = true;
      }
    }
    return changed;
  }
}

/** Short text for the broker item's description when it is in error. */
export function errorTitle(err: ManagementError): string {
  switch (err.kind) {
    case 'unreachable':
      return 'unreachable';
    case 'timeout':
      return 'timed out';
    case 'unauthorized':
      return 'login failed';
    case 'forbidden':
      return 'access refused';
    case 'tls':
      return 'TLS problem';
    case 'not-management':
      return 'no management API';
    case 'config':
      return 'not configured';
    default:
      return 'error';
  }
}

// A small client for the RabbitMQ management HTTP API (also served by LavinMQ), built on Node's fetch.
// Credentials come from the caller (the extension reads them from SecretStorage), never from settings.
//
// LavinMQ differences handled here:
// - `columns=` only selects top-level keys there (no `message_stats.publish_details.rate` paths), so we
//   ask for whole top-level objects (`message_stats`), which RabbitMQ accepts too.
// - Paging: RabbitMQ needs `pagination=true` and caps page_size at 500; LavinMQ pages whenever `page` is
//   given (its cap is higher). We send both and use at most 500.
// - Get ack modes: LavinMQ acks only on "get" and requeues only on "reject_requeue_true"; any other mode,
//   including RabbitMQ's "ack_requeue_true", rejects WITHOUT requeue there, i.e. the message is lost.
//   So "peek" uses reject_requeue_true on both, "remove" uses ack_requeue_false (RabbitMQ) / get (LavinMQ).
// - LavinMQ answers 403 (access_refused) where RabbitMQ answers 401 for missing permissions.
// - Queue `node` (cluster member) is given by RabbitMQ; LavinMQ omits it.
import { classifyHttpError, classifyNetworkError, ManagementError } from './errors';
import type { Credentials } from './settings';
import { fetchTransport, nodeTransport, type Transport } from './transport';

export type Product = 'rabbitmq' | 'lavinmq' | 'unknown';

export interface Rates {
  /** Messages/s published into the queue (in). */
  publish?: number;
  /** Messages/s delivered to consumers or fetched with basic.get (out). */
  deliver?: number;
  ack?: number;
  redeliver?: number;
}

export interface Overview {
  product: Product;
  productName: string;
  productVersion: string;
  managementVersion?: string;
  clusterName?: string;
  /** The node that answered (RabbitMQ), e.g. rabbit@host. */
  node?: string;
  totals: { messages: number; ready: number; unacked: number };
  counts: { queues?: number; connections?: number; channels?: number; consumers?: number };
  rates: Rates;
}

export interface VhostInfo {
  name: string;
  ready: number;
  unacked: number;
  messages: number;
}

export interface QueueInfo {
  name: string;
  vhost: string;
  /** Cluster node hosting the queue (leader for quorum queues), where the API gives it. */
  node?: string;
  type: string;
  state?: string;
  durable: boolean;
  ready: number;
  unacked: number;
  consumers: number;
  rates: Rates;
}

export interface Page<T> {
  items: T[];
  /** 1-based. */
  page: number;
  pageSize: number;
  pageCount: number;
  /** Items matching the name filter. */
  filteredCount: number;
  /** Items in the vhost. */
  totalCount: number;
}

export type GetMode =
  /** Fetch and put back (reject with requeue). The broker marks the message redelivered; see REQUEUE_WARNING. */
  | 'peek'
  /** Fetch and acknowledge: the message is removed from the queue. */
  | 'remove'
  /** Fetch and reject without requeue: removed, and dead-lettered if the queue has a dead-letter exchange. */
  | 'reject';

export const REQUEUE_WARNING =
  'Peeking requeues the message: the broker marks it redelivered (consumers will see redelivered = true), ' +
  'it may change position, and on quorum queues it counts as a delivery attempt toward x-delivery-limit.';

export interface GotMessage {
  payload: string;
  payloadEncoding: 'string' | 'base64';
  payloadBytes: number;
  redelivered: boolean;
  exchange: string;
  routingKey: string;
  /** Messages left in the queue after this get. */
  messageCount: number;
  properties: Record<string, unknown>;
}

export interface PublishOptions {
  routingKey: string;
  payload: string;
  payloadEncoding?: 'string' | 'base64';
  properties?: Record<string, unknown>;
}

/** Result of ManagementClient.reloadQueues. */
export interface QueueReload {
  /** Pass back on the next call to get a diff against this result. */
  version: number;
  /** Queues in the vhost. */
  total: number;
  /** The first `want` queue names, in order; only present when the list changed (or no diff was possible). */
  names?: string[];
  /** Queues that are new or whose fields changed. */
  changed: QueueInfo[];
}

export function sameQueueInfo(a: QueueInfo, b: QueueInfo): boolean {
  return (
    a.ready === b.ready &&
    a.unacked === b.unacked &&
    a.consumers === b.consumers &&
    a.node === b.node &&
    a.state === b.state &&
    a.rates.publish === b.rates.publish &&
    a.rates.deliver === b.rates.deliver &&
    a.rates.ack === b.rates.ack &&
    a.rates.redeliver === b.rates.redeliver &&
    a.type === b.type &&
    a.durable === b.durable &&
    a.vhost === b.vhost
  );
}

/** What BrokerModel needs from a client (ManagementClient, or WorkerManagementClient running it in a worker). */
export type ManagementApi = Pick<
  ManagementClient,
  | 'overview'
  | 'product'
  | 'vhosts'
  | 'nodes'
  | 'queuesPage'
  | 'allQueues'
  | 'queue'
  | 'reloadQueues'
  | 'publish'
  | 'get'
  | 'purge'
  | 'deleteQueue'
  | 'declareQueue'
  | 'close'
> & { request(method: string, path: string, body?: unknown): Promise<unknown> };

export interface ClientOptions {
  /** Management base URL, e.g. http://localhost:15672 (validated by checkManagementUrl). */
  baseUrl: string;
  credentials: Credentials;
  /** Per-request timeout (default 10 s). */
  timeoutMs?: number;
  /** Use this fetch instead of the default node:http transport (which costs the event loop less). */
  fetch?: typeof fetch;
}

/** The maximum page size RabbitMQ accepts. */
export const MAX_PAGE_SIZE = 500;

const BASE_COLUMNS = ['name', 'vhost', 'node', 'type', 'state', 'durable', 'messages_ready', 'messages_unacknowledged', 'consumers'];
/** RabbitMQ selects nested fields: only the rates the tree shows (keeps a 500-queue page near 100 KB). */
const RABBITMQ_QUEUE_COLUMNS = [...BASE_COLUMNS, ...['publish', 'deliver_get', 'ack', 'redeliver'].map((k) => `message_stats.${k}_details.rate`)].join(',');
/** Only what the broker root shows (RabbitMQ's full overview is ~10 KB); LavinMQ ignores columns here. */
const OVERVIEW_COLUMNS = [
  'management_version',
  'rabbitmq_version',
  'lavinmq_version',
  'product_name',
  'product_version',
  'cluster_name',
  'node',
  'queue_totals',
  'object_totals',
  'message_stats.publish_details.rate',
  'message_stats.deliver_get_details.rate',
  'message_stats.ack_details.rate',
  'message_stats.redeliver_details.rate',
].join(',');
/** LavinMQ selects top-level keys only. */
const TOP_LEVEL_QUEUE_COLUMNS = [...BASE_COLUMNS, 'message_stats'].join(',');

const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const obj = (v: unknown): Record<string, unknown> => (typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : {});

function rate(stats: Record<string, unknown>, key: string): number | undefined {
  const d = stats[`${key}_details`];
  if (typeof d === 'object' && d !== null && typeof (d as { rate?: unknown }).rate === 'number') return (d as { rate: number }).rate;
  return undefined;
}

export function ratesOf(messageStats: unknown): Rates {
  const s = obj(messageStats);
  const r: Rates = {};
  const publish = rate(s, 'publish');
  const deliver = rate(s, 'deliver_get');
  const ack = rate(s, 'ack');
  const redeliver = rate(s, 'redeliver');
  if (publish !== undefined) r.publish = publish;
  if (deliver !== undefined) r.deliver = deliver;
  if (ack !== undefined) r.ack = ack;
  if (redeliver !== undefined) r.redeliver = redeliver;
  return r;
}

export function toQueueInfo(raw: unknown): QueueInfo {
  const q = obj(raw);
  const info: QueueInfo = {
    name: str(q.name) ?? '',
    vhost: str(q.vhost) ?? '',
    type: str(q.type) ?? 'classic',
    durable: q.durable === true,
    ready: num(q.messages_ready),
    unacked: num(q.messages_unacknowledged),
    consumers: num(q.consumers),
    rates: ratesOf(q.message_stats),
  };
  const node = str(q.node);
  if (node) info.node = node;
  const state = str(q.state);
  if (state) info.state = state;
  return info;
}

export class ManagementClient {
  readonly baseUrl: string;
  private readonly auth: string;
  private readonly username: string;
  private readonly timeoutMs: number;
  private readonly transport: Transport;
  private productCache: Product | undefined;
  private reloadVersion = 0;
  private readonly reloadCache = new Map<string, { version: number; names: string[]; byName: Map<string, QueueInfo> }>();

  constructor(opts: ClientOptions) {
    this.baseUrl = opts.baseUrl.replace(/\/+$/, '');
    this.username = opts.credentials.username;
    this.auth = 'Basic ' + Buffer.from(`${opts.credentials.username}:${opts.credentials.password}`, 'utf8').toString('base64');
    this.timeoutMs = opts.timeoutMs ?? 10_000;
    this.transport = opts.fetch ? fetchTransport(opts.fetch) : nodeTransport();
  }

  /** Closes idle keep-alive connections (they never keep the process alive, but free them on dispose). */
  close(): void {
    this.transport.close();
  }

  /** Low-level request: JSON in, parsed JSON out (undefined for 204). Throws ManagementError. */
  async request(method: string, path: string, body?: unknown, opts: { overview?: boolean } = {}): Promise<unknown> {
    const url = `${this.baseUrl}${path}`;
    let res: { status: number; location?: string; text: string };
    try {
      res = await this.transport.send(url, {
        method,
        // No `accept: application/json`: RabbitMQ answers 406 to it on DELETE …/contents (purge).
        headers: { authorization: this.auth, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
        timeoutMs: this.timeoutMs,
      });
    } catch (err) {
      throw await classifyNetworkError(err, url, this.timeoutMs);
    }
    const text = res.text;
    if (res.status >= 300 && res.status < 400) {
      throw new ManagementError('not-management', `${url} redirects to ${res.location ?? '?'}; set the management URL to the final address.`, {
        url,
        status: res.status,
      });
    }
    if (res.status < 200 || res.status >= 300) throw classifyHttpError(res.status, text, url, { user: this.username, overview: opts.overview ?? false });
    if (res.status === 204 || text === '') return undefined;
    try {
      return JSON.parse(text) as unknown;
    } catch (cause) {
      const kind = opts.overview ? 'not-management' : 'bad-response';
      throw new ManagementError(kind, `${url} did not return JSON${opts.overview ? ': this is not the management API (check the URL and port)' : ''}.`, {
        url,
        status: res.status,
        cause,
      });
    }
  }

  async overview(): Promise<Overview> {
    const o = obj(await this.request('GET', `/api/overview?columns=${OVERVIEW_COLUMNS}`, undefined, { overview: true }));
    if (!('management_version' in o) && !('rabbitmq_version' in o) && !('lavinmq_version' in o) && !('product_version' in o)) {
      throw new ManagementError('not-management', `${this.baseUrl}/api/overview answered, but not like a RabbitMQ or LavinMQ management API.`, {
        url: this.baseUrl,
      });
    }
    const productName = str(o.product_name) ?? (o.lavinmq_version ? 'LavinMQ' : 'RabbitMQ');
    const product: Product =
      /lavin/i.test(productName) || 'lavinmq_version' in o ? 'lavinmq' : /rabbit/i.test(productName) || 'rabbitmq_version' in o ? 'rabbitmq' : 'unknown';
    this.productCache = product;
    const totals = obj(o.queue_totals);
    const objects = obj(o.object_totals);
    const ov: Overview = {
      product,
      productName,
      productVersion: str(o.product_version) ?? str(o.rabbitmq_version) ?? str(o.lavinmq_version) ?? '?',
      totals: { messages: num(totals.messages), ready: num(totals.messages_ready), unacked: num(totals.messages_unacknowledged) },
      counts: {},
      rates: ratesOf(o.message_stats),
    };
    const mv = str(o.management_version);
    if (mv) ov.managementVersion = mv;
    const cn = str(o.cluster_name);
    if (cn) ov.clusterName = cn;
    const node = str(o.node);
    if (node) ov.node = node;
    for (const k of ['queues', 'connections', 'channels', 'consumers'] as const) if (typeof objects[k] === 'number') ov.counts[k] = objects[k] as number;
    return ov;
  }

  async product(): Promise<Product> {
    if (this.productCache === undefined) await this.overview();
    return this.productCache ?? 'unknown';
  }

  async vhosts(): Promise<VhostInfo[]> {
    const list = await this.request('GET', '/api/vhosts?columns=name,messages,messages_ready,messages_unacknowledged');
    if (!Array.isArray(list)) throw new ManagementError('bad-response', `${this.baseUrl}/api/vhosts did not return a list.`);
    return list.map((v) => {
      const o = obj(v);
      return { name: str(o.name) ?? '', ready: num(o.messages_ready), unacked: num(o.messages_unacknowledged), messages: num(o.messages) };
    });
  }

  /** Cluster nodes (RabbitMQ: name, running). Needs the "monitoring" tag or above; returns [] when refused. */
  async nodes(): Promise<{ name: string; running: boolean }[]> {
    try {
      const list = await this.request('GET', '/api/nodes?columns=name,running');
      return Array.isArray(list) ? list.map((n) => ({ name: str(obj(n).name) ?? '', running: obj(n).running !== false })) : [];
    } catch (e) {
      if (e instanceof ManagementError && (e.kind === 'unauthorized' || e.kind === 'forbidden' || e.kind === 'not-found')) return [];
      throw e;
    }
  }

  /** One page of a vhost's queues, in the broker's default order (by name). `page` is 1-based; pageSize 1..500. */
  async queuesPage(vhost: string, opts: { page?: number; pageSize?: number; name?: string } = {}): Promise<Page<QueueInfo>> {
    const page = opts.page ?? 1;
    const pageSize = opts.pageSize ?? 100;
    if (!Number.isInteger(page) || page < 1) throw new RangeError(`page must be an integer >= 1 (got ${page})`);
    if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > MAX_PAGE_SIZE)
      throw new RangeError(`pageSize must be an integer in 1..${MAX_PAGE_SIZE} (got ${pageSize})`);
    // No `sort=`: the default order is by vhost then name, and RabbitMQ only pages before computing stats
    // when no explicit sort is given (an explicit sort=name costs 3-8x server time at 5,000 queues).
    const columns = (await this.product()) === 'rabbitmq' ? RABBITMQ_QUEUE_COLUMNS : TOP_LEVEL_QUEUE_COLUMNS;
    const q = new URLSearchParams({ page: String(page), page_size: String(pageSize), pagination: 'true', columns });
    if (opts.name) q.set('name', opts.name);
    const raw = obj(await this.request('GET', `/api/queues/${encodeURIComponent(vhost)}?${q.toString()}`));
    if (!Array.isArray(raw.items))
      throw new ManagementError('bad-response', `${this.baseUrl}/api/queues did not return a page (is this an old broker without paging?).`);
    const items = raw.items.map(toQueueInfo);
    return {
      items,
      page: num(raw.page) || page,
      pageSize: num(raw.page_size) || pageSize,
      pageCount: num(raw.page_count),
      filteredCount: num(raw.filtered_count),
      totalCount: num(raw.total_count),
    };
  }

  /**
   * Re-reads the first `want` queues of a vhost and reports only what changed since the last call with
   * the same `version` (the caller's copy): `names` when the list itself changed (or on a version
   * mismatch: then every queue is in `changed`), and the queues whose fields changed. Built for the
   * refresh interval: run in a worker (WorkerManagementClient) the extension host only receives the diff.
   */
  async reloadQueues(vhost: string, want: number, version?: number): Promise<QueueReload> {
    const fresh: QueueInfo[] = [];
    let total = 0;
    for (let page = 1; fresh.length < want && page <= 1_000; page++) {
      const p = await this.queuesPage(vhost, { page, pageSize: MAX_PAGE_SIZE });
      fresh.push(...p.items);
      total = p.totalCount;
      if (page >= p.pageCount || p.items.length === 0) break;
    }
    const next = fresh.slice(0, want);
    const prev = this.reloadCache.get(vhost);
    const v = ++this.reloadVersion;
    const byName = new Map(next.map((q) => [q.name, q]));
    this.reloadCache.set(vhost, { version: v, names: next.map((q) => q.name), byName });
    if (!prev || prev.version !== version) return { version: v, total, names: next.map((q) => q.name), changed: next };
    const sameList = prev.names.length === next.length && next.every((q, i) => q.name === prev.names[i]);
    const changed = next.filter((q) => {
      const old = prev.byName.get(q.name);
      return !old || !sameQueueInfo(old, q);
    });
    return { version: v, total, ...(sameList ? {} : { names: next.map((q) => q.name) }), changed };
  }

  /** Every queue of a vhost, page by page (bounded by `maxPages`). */
  async allQueues(vhost: string, pageSize = MAX_PAGE_SIZE, maxPages = 1_000): Promise<QueueInfo[]> {
    const out: QueueInfo[] = [];
    for (let page = 1; page <= maxPages; page++) {
      const p = await this.queuesPage(vhost, { page, pageSize });
      out.push(...p.items);
      if (page >= p.pageCount || p.items.length === 0) break;
    }
    return out;
  }

  async queue(vhost: string, name: string): Promise<QueueInfo> {
    return toQueueInfo(await this.request('GET', `/api/queues/${encodeURIComponent(vhost)}/${encodeURIComponent(name)}`));
  }

  /** Publishes through the HTTP API. `exchange` "" is the default exchange. Resolves whether it was routed. */
  async publish(vhost: string, exchange: string, msg: PublishOptions): Promise<{ routed: boolean }> {
    const x = exchange === '' ? 'amq.default' : exchange;
    const res = obj(
      await this.request('POST', `/api/exchanges/${encodeURIComponent(vhost)}/${encodeURIComponent(x)}/publish`, {
        properties: msg.properties ?? {},
        routing_key: msg.routingKey,
        payload: msg.payload,
        payload_encoding: msg.payloadEncoding ?? 'string',
      }),
    );
    return { routed: res.routed === true };
  }

  /**
   * Fetches up to `count` messages. See GetMode: 'peek' requeues (and marks them redelivered; REQUEUE_WARNING),
   * 'remove' acknowledges, 'reject' rejects without requeue (dead-letters).
   */
  async get(vhost: string, queue: string, opts: { mode: GetMode; count?: number; truncate?: number }): Promise<GotMessage[]> {
    const count = opts.count ?? 1;
    if (!Number.isInteger(count) || count < 1) throw new RangeError(`count must be an integer >= 1 (got ${count})`);
    const product = await this.product();
    const ackmode =
      opts.mode === 'peek' ? 'reject_requeue_true' : opts.mode === 'reject' ? 'reject_requeue_false' : product === 'lavinmq' ? 'get' : 'ack_requeue_false';
    const body = { count, ackmode, encoding: 'auto', truncate: opts.truncate ?? 50_000 };
    const list = await this.request('POST', `/api/queues/${encodeURIComponent(vhost)}/${encodeURIComponent(queue)}/get`, body);
    if (!Array.isArray(list)) throw new ManagementError('bad-response', `${this.baseUrl} get did not return a list.`);
    return list.map((m) => {
      const o = obj(m);
      return {
        payload: str(o.payload) ?? '',
        payloadEncoding: o.payload_encoding === 'base64' ? 'base64' : 'string',
        payloadBytes: num(o.payload_bytes),
        redelivered: o.redelivered === true,
        exchange: str(o.exchange) ?? '',
        routingKey: str(o.routing_key) ?? '',
        messageCount: num(o.message_count),
        properties: obj(o.properties),
      };
    });
  }

  /** Removes all ready messages (unacked ones stay with their consumers). */
  async purge(vhost: string, queue: string): Promise<void> {
    await this.request('DELETE', `/api/queues/${encodeURIComponent(vhost)}/${encodeURIComponent(queue)}/contents`);
  }

  async deleteQueue(vhost: string, queue: string, opts: { ifEmpty?: boolean; ifUnused?: boolean } = {}): Promise<void> {
    const q = new URLSearchParams();
    if (opts.ifEmpty) q.set('if-empty', 'true');
    if (opts.ifUnused) q.set('if-unused', 'true');
    const qs = q.toString();
    await this.request('DELETE', `/api/queues/${encodeURIComponent(vhost)}/${encodeURIComponent(queue)}${qs ? `?${qs}` : ''}`);
  }

  /** Declares a queue (used by tests and "run scenario"). */
  async declareQueue(vhost: string, queue: string, opts: { durable?: boolean; autoDelete?: boolean; arguments?: Record<string, unknown> } = {}): Promise<void> {
    await this.request('PUT', `/api/queues/${encodeURIComponent(vhost)}/${encodeURIComponent(queue)}`, {
      durable: opts.durable ?? false,
      auto_delete: opts.autoDelete ?? false,
      arguments: opts.arguments ?? {},
    });
  }
}

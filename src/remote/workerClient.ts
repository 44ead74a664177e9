// ManagementClient in a worker thread: same methods, but the HTTP round trips, the JSON parsing and
// the queue diffing of a refresh happen off the calling thread (the extension host), which only
// receives the (small) results. With 1,000 queues shown and nothing changed, a refresh then costs the
// extension host the handling of four small messages instead of parsing ~200 KB of JSON.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { ClientOptions, GetMode, GotMessage, ManagementApi, Overview, Page, Product, PublishOptions, QueueInfo, QueueReload, VhostInfo } from './client';
import { ManagementError, type ManagementErrorKind } from './errors';
import type { WorkerReply, WorkerRequest } from './worker';

/** Finds the worker script: dist/remoteWorker.js next to (or one above) the bundle, or worker.ts under tsx. */
export function defaultWorkerScript(): { file: string; eval?: boolean } {
  if (__filename.endsWith('.ts')) {
    // Tests and benches run the TS sources through tsx: load its CJS hook in the worker first.
    const hook = ['tsx', 'cjs'].join('/'); // not a literal: bundles must not try to include tsx
    const tsx = require.resolve(hook);
    return { file: `require(${JSON.stringify(tsx)}); require(${JSON.stringify(join(__dirname, 'worker.ts'))});`, eval: true };
  }
  for (const f of [join(__dirname, 'remoteWorker.js'), join(__dirname, '..', 'remoteWorker.js')]) if (existsSync(f)) return { file: f };
  throw new Error(`remoteWorker.js not found next to ${__filename}; is it built (scripts/build.mjs)?`);
}

type WithoutId<T> = T extends unknown ? Omit<T, 'id'> : never;

export class WorkerManagementClient implements ManagementApi {
  readonly baseUrl: string;
  private readonly worker: Worker;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: unknown) => void }>();
  private closed = false;

  constructor(opts: Omit<ClientOptions, 'fetch'>, script = defaultWorkerScript()) {
    this.baseUrl = opts.baseUrl.replace(/\/+$/, '');
    this.worker = new Worker(script.file, { eval: script.eval ?? false });
    this.worker.unref(); // an idle client never keeps the process alive
    this.worker.on('message', (r: WorkerReply) => {
      const p = this.pending.get(r.id);
      if (!p) return;
      this.pending.delete(r.id);
      if (this.pending.size === 0) this.worker.unref();
      if (r.ok) p.resolve(r.result);
      else if (r.error.management)
        p.reject(new ManagementError(r.error.kind as ManagementErrorKind, r.error.message, (r.error.details ?? {}) as ManagementError['details']));
      else
        p.reject(
          Object.assign(r.error.name === 'RangeError' ? new RangeError(r.error.message) : new Error(r.error.message), { name: r.error.name ?? 'Error' }),
        );
    });
    this.worker.on('error', (e) => this.failAll(e));
    this.worker.on('exit', (code) => this.failAll(new Error(`management worker exited (${code})`)));
    this.send({ op: 'init', options: opts }).catch(() => undefined); // a failed init fails every later call too
  }

  private failAll(e: unknown): void {
    this.closed = true;
    for (const p of this.pending.values()) p.reject(e);
    this.pending.clear();
  }

  private send(m: WithoutId<WorkerRequest>): Promise<unknown> {
    if (this.closed) return Promise.reject(new Error('management client is closed'));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      if (this.pending.size === 1) this.worker.ref();
      this.worker.postMessage({ ...m, id });
    });
  }

  private call<T>(method: string, ...args: unknown[]): Promise<T> {
    return this.send({ op: 'call', method, args }) as Promise<T>;
  }

  request(method: string, path: string, body?: unknown): Promise<unknown> {
    return this.call('request', method, path, body);
  }
  overview(): Promise<Overview> {
    return this.call('overview');
  }
  product(): Promise<Product> {
    return this.call('product');
  }
  vhosts(): Promise<VhostInfo[]> {
    return this.call('vhosts');
  }
  nodes(): Promise<{ name: string; running: boolean }[]> {
    return this.call('nodes');
  }
  queuesPage(vhost: string, opts: { page?: number; pageSize?: number; name?: string } = {}): Promise<Page<QueueInfo>> {
    return this.call('queuesPage', vhost, opts);
  }
  allQueues(vhost: string, pageSize?: number, maxPages?: number): Promise<QueueInfo[]> {
    return this.call('allQueues', vhost, pageSize, maxPages);
  }
  queue(vhost: string, name: string): Promise<QueueInfo> {
    return this.call('queue', vhost, name);
  }
  reloadQueues(vhost: string, want: number, version?: number): Promise<QueueReload> {
    return this.call('reloadQueues', vhost, want, version);
  }
  publish(vhost: string, exchange: string, msg: PublishOptions): Promise<{ routed: boolean }> {
    return this.call('publish', vhost, exchange, msg);
  }
  get(vhost: string, queue: string, opts: { mode: GetMode; count?: number; truncate?: number }): Promise<GotMessage[]> {
    return this.call('get', vhost, queue, opts);
  }
  purge(vhost: string, queue: string): Promise<void> {
    return this.call('purge', vhost, queue);
  }
  deleteQueue(vhost: string, queue: string, opts: { ifEmpty?: boolean; ifUnused?: boolean } = {}): Promise<void> {
    return this.call('deleteQueue', vhost, queue, opts);
  }
  declareQueue(vhost: string, queue: string, opts: { durable?: boolean; autoDelete?: boolean; arguments?: Record<string, unknown> } = {}): Promise<void> {
    return this.call('declareQueue', vhost, queue, opts);
  }
  /** Terminates the worker. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    void this.worker.terminate();
  }
}

// The persistence layer the extension and `acklab serve` share: a broker restored from its state
// file, and a recorder that keeps that file up to date as the broker runs.
//
// What is kept (as RabbitMQ keeps it): durable exchanges, durable non-exclusive queues, bindings
// between durable ends, and persistent messages (delivery mode 2; every message of a quorum queue)
// in durable queues. A new such message is appended to the log when it is enqueued; its confirm
// (and tx.commit-ok) waits, through `barrier`, until the log is fsync'd. Acks, drops, expiries and
// dead-lettering append `del` records (in bulk, per batch); the topology is rewritten as one record
// when it changes. Transient messages and non-durable queues never touch the disk.
// The log is rewritten from the live messages (compaction) when it is mostly dead records, at every
// start (which also migrates the older formats) and at a clean stop (with an `end` record).
import { closeSync, mkdirSync, readFileSync, statSync, unlinkSync } from 'node:fs';
import { dirname } from 'node:path';
import { Broker } from '..';
import type { BasicProperties, BrokerOptions, DurableState, FieldTable, Profile, QueueType } from '../types';
import type { BrokerEvent, EventOf } from '../eventTypes';
import { fieldNumber, tableToJson } from '../fields';
import { encodeLine, type AddRecord, type TopologyRecord } from './format';
import { readStateFile, StateFileError, type Loaded } from './load';
import { removeLeftoverTemps, replaceFile } from './files';
import { LogWriter, type DurabilityBarrier } from './log';

export interface DurableStoreOptions {
  /** The log file. */
  path: string;
  /** Older whole-file JSON saves to migrate from when `path` does not exist yet. */
  legacy?: string[];
  broker?: BrokerOptions;
  /** Log compaction starts when the file is this big and mostly dead records. Default 64 MiB. */
  compactBytes?: number;
  /** Problems after start (a failed write: confirms are then withheld). */
  log?: (line: string) => void;
}

export interface DurableStore {
  readonly broker: Broker;
  /** Pass to AmqpServerOptions.durability: confirms and commit-ok wait for the disk. */
  readonly barrier: DurabilityBarrier;
  /** What came back from disk. */
  readonly restored: { queues: number; messages: number; clean: boolean; migratedFrom?: string; removedTemps: string[] } | undefined;
  readonly path: string;
  /** Writes the final state (compacted, with a clean-shutdown record) and stops recording. */
  close(): void;
}

const HEADER_PROFILE: Profile = 'rabbitmq';

/** Opens (or creates) the state at `o.path`; throws StateFileError with a one-line message on any problem. */
export function openDurableStore(o: DurableStoreOptions): DurableStore {
  const dir = dirname(o.path);
  try {
    mkdirSync(dir, { recursive: true });
    if (!statSync(dir).isDirectory()) throw new Error('not a directory');
  } catch (e) {
    throw new StateFileError(dir, `cannot be used as the data folder (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  const legacy = o.legacy ?? [];
  const removedTemps = removeLeftoverTemps([o.path, ...legacy]);
  let loaded: Loaded | undefined = readStateFile(o.path, 'log');
  let migratedFrom: string | undefined;
  for (const l of legacy) {
    if (loaded) break;
    loaded = readStateFile(l, 'legacy');
    if (loaded) migratedFrom = l;
  }
  const opts = o.broker ?? {};
  const profile = opts.profile ?? loaded?.state.profile ?? HEADER_PROFILE;
  if (loaded) loaded.state.profile = profile;
  const broker = loaded ? Broker.restore(loaded.state, opts) : new Broker(opts);
  const rec = new Recorder(broker, o, profile, loaded?.state);
  if (migratedFrom) {
    try {
      unlinkSync(migratedFrom);
    } catch {
      /* it is in the log now; a stale copy is harmless */
    }
  }
  return {
    broker,
    barrier: rec.writer,
    path: o.path,
    restored: loaded && { queues: loaded.state.queues.length, messages: loaded.messages, clean: loaded.clean, migratedFrom, removedTemps },
    close: () => rec.close(),
  };
}

interface QueueInfo {
  persistAll: boolean;
  ttl: number;
}

class Recorder {
  readonly writer: LogWriter;
  /** Live persisted copies: id -> bytes of their add line. */
  private readonly live = new Map<number, number>();
  private liveBytes = 0;
  private dels: number[] = [];
  private topologyDirty = false;
  private readonly queues = new Map<string, QueueInfo>();
  private readonly vhosts: Set<string>;
  private readonly unsubscribe: () => void;
  private readonly retain: { dispose(): void };
  private closed = false;

  constructor(
    private readonly broker: Broker,
    private readonly o: DurableStoreOptions,
    private readonly profile: Profile,
    restored: DurableState | undefined,
  ) {
    this.vhosts = new Set(['/', ...(restored?.vhosts ?? [])]);
    for (const q of broker.snapshot().queues) if (q.durable && !q.exclusive) this.queues.set(key(q.vhost, q.name), info(q.type, q.arguments));
    // the file is rewritten at once: the restored messages under the ids this broker gave them
    const { fd, bytes, crc } = this.writeWhole([this.header(), JSON.stringify(this.currentTopology()), ...this.restoredAdds(restored)]);
    this.writer = new LogWriter(
      fd,
      crc,
      bytes,
      () => this.prepare(),
      () => this.maybeCompact(),
      (e) => this.o.log?.(`cannot write ${o.path}: ${e.message}; publisher confirms are withheld until AckLab is restarted`),
    );
    this.retain = broker.retainContent();
    const sub = broker.events.subscribe((e) => this.onEvent(e));
    this.unsubscribe = () => sub.dispose();
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.unsubscribe();
    this.retain.dispose();
    const fd = this.writer.stop();
    // unacked messages come back ready and redelivered, in queue order (Broker.durableState)
    const s = this.broker.durableState();
    let id = 0;
    const adds = s.queues.flatMap((q) => q.messages.map((m) => JSON.stringify({ t: 'add', id: ++id, vhost: q.vhost, queue: q.name, ...m })));
    const topology = { t: 'topology', vhosts: s.vhosts, exchanges: s.exchanges, queues: s.queues.map(({ messages: _, ...q }) => q), bindings: s.bindings };
    const out = this.writeWhole([this.header(), JSON.stringify(topology), ...adds, '{"t":"end"}']);
    closeSync(out.fd);
    closeSync(fd);
  }

  private header(): string {
    return JSON.stringify({ t: 'acklab-log', v: 1, profile: this.profile, createdAt: new Date().toISOString() });
  }

  /** Replaces the file with these records (atomically); returns the descriptor to append to. */
  private writeWhole(jsons: Iterable<string>): { fd: number; bytes: number; crc: number } {
    let crc = 0;
    const lines = (function* () {
      for (const j of jsons) {
        const l = encodeLine(j, crc);
        crc = l.crc;
        yield l.line;
      }
    })();
    const { fd, bytes } = replaceFile(this.o.path, lines);
    return { fd, bytes, crc };
  }

  /** add records for what Broker.restore made of `state`: its ready lists are the state's message lists, in order. */
  private *restoredAdds(state: DurableState | undefined): Generator<string> {
    for (const q of state?.queues ?? []) {
      const d = this.broker.queueDetail(q.vhost, q.name);
      if (!d) continue;
      const same = d.readyMessages.length === q.messages.length;
      for (let i = 0; i < d.readyMessages.length; i++) {
        const r = d.readyMessages[i]!;
        const m = same ? q.messages[i]! : this.stateMessage(r.messageId);
        if (!m) continue;
        const json = JSON.stringify({
          t: 'add',
          id: r.messageId,
          vhost: q.vhost,
          queue: q.name,
          ...m,
          redelivered: r.redelivered,
          deliveryCount: r.deliveryCount,
        });
        this.track(r.messageId, json.length + 10);
        yield json;
      }
    }
  }

  /** A message as the state file holds it (slow path: looks the copy up in the broker). */
  private stateMessage(id: number): Omit<AddRecord, 't' | 'id' | 'vhost' | 'queue'> | undefined {
    const c = this.broker.messageContent(id);
    if (!c) return undefined;
    return {
      exchange: c.exchange,
      routingKey: c.routingKey,
      properties: jsonProps(c.properties),
      body: base64(c.body),
      redelivered: false,
      deliveryCount: 0,
      expiresAt: null,
    };
  }

  private track(id: number, bytes: number): void {
    this.live.set(id, bytes);
    this.liveBytes += bytes;
  }

  /** After a batch: when the file is mostly dead records, rewrite it with the live ones. */
  private maybeCompact(): void {
    const w = this.writer;
    if (this.closed || w.bytes < (this.o.compactBytes ?? 64 * 1024 * 1024) || w.bytes < 2 * this.liveBytes) return;
    const old = readFileSync(this.o.path);
    const live = this.live;
    const kept = (function* () {
      for (let start = 0; start < old.length;) {
        const nl = old.indexOf(0x0a, start);
        if (nl < 0) break;
        const m = ADD_ID.exec(old.toString('latin1', start + 9, Math.min(nl, start + 60)));
        if (m && live.has(Number(m[1]))) yield old.toString('utf8', start + 9, nl);
        start = nl + 1;
      }
    })();
    if (this.topologyDirty) this.topologyDirty = false;
    const { fd, bytes, crc } = this.writeWhole([this.header(), JSON.stringify(this.currentTopology()), ...kept]);
    w.swap(fd, crc, bytes);
  }

  // -------------------------------------------------------------- events

  private onEvent(e: BrokerEvent): void {
    switch (e.kind) {
      case 'enqueued':
        return this.onEnqueued(e);
      case 'acked':
      case 'expired':
      case 'dead-lettered':
      case 'dropped':
        return this.gone(e.messageId);
      case 'nacked':
      case 'rejected':
        if (!e.requeue) this.gone(e.messageId);
        return;
      case 'queue-declared': {
        const d = this.broker.queueDetail(e.vhost, e.queue);
        if (d && d.durable && !d.exclusive) this.queues.set(key(e.vhost, e.queue), info(d.type, d.arguments));
        this.vhosts.add(e.vhost);
        return this.topologyChanged();
      }
      case 'queue-deleted':
        this.queues.delete(key(e.vhost, e.queue));
        return this.topologyChanged();
      case 'exchange-declared':
      case 'exchange-deleted':
      case 'binding-created':
      case 'binding-deleted':
        this.vhosts.add(e.vhost);
        return this.topologyChanged();
      default:
    }
  }

  private onEnqueued(e: EventOf<'enqueued'>): void {
    const q = this.queues.get(key(e.vhost, e.queue));
    if (q === undefined || this.live.has(e.messageId)) return;
    const c = this.broker.messageContent(e.messageId); // O(1): this store retains content
    if (c === undefined || (!q.persistAll && c.properties.deliveryMode !== 2)) return;
    let ttl = q.ttl;
    const exp = c.properties.expiration === undefined ? NaN : Number(c.properties.expiration);
    if (exp >= 0 && (ttl < 0 || exp < ttl)) ttl = exp;
    const rec: AddRecord = {
      t: 'add',
      id: e.messageId,
      vhost: e.vhost,
      queue: e.queue,
      exchange: c.exchange,
      routingKey: c.routingKey,
      properties: jsonProps(c.properties),
      body: base64(c.body),
      redelivered: false,
      deliveryCount: 0,
      expiresAt: ttl >= 0 ? e.time + ttl : null,
    };
    if (this.topologyDirty) this.writeTopology();
    this.track(e.messageId, this.writer.append(JSON.stringify(rec)));
  }

  private gone(id: number): void {
    const n = this.live.get(id);
    if (n === undefined) return;
    this.live.delete(id);
    this.liveBytes -= n;
    this.dels.push(id);
    this.writer.touch();
  }

  private topologyChanged(): void {
    this.topologyDirty = true;
    this.writer.touch();
  }

  /** Before each batch: the bulk records. */
  private prepare(): void {
    if (this.topologyDirty) this.writeTopology();
    if (this.dels.length > 0) {
      this.writer.append(JSON.stringify({ t: 'del', ids: this.dels }));
      this.dels = [];
    }
  }

  private writeTopology(): void {
    this.topologyDirty = false;
    this.writer.append(JSON.stringify(this.currentTopology()));
  }

  // -------------------------------------------------------------- whole files

  /** The durable topology now, from the broker's snapshot (same rules as Broker.durableState). */
  private currentTopology(): TopologyRecord {
    const s = this.broker.snapshot();
    const queues = s.queues.filter((q) => q.durable && !q.exclusive);
    const exchanges = s.exchanges.filter((x) => x.durable && x.name !== '' && !x.name.startsWith('amq.'));
    const durableQ = new Set(queues.map((q) => key(q.vhost, q.name)));
    const durableX = new Set(s.exchanges.filter((x) => x.durable).map((x) => key(x.vhost, x.name)));
    const bindings = s.bindings.filter(
      (b) => durableX.has(key(b.vhost, b.source)) && (b.destinationType === 'queue' ? durableQ : durableX).has(key(b.vhost, b.destination)),
    );
    for (const x of [...queues, ...exchanges]) this.vhosts.add(x.vhost);
    return {
      t: 'topology',
      vhosts: [...this.vhosts],
      exchanges: exchanges.map((x) => ({
        vhost: x.vhost,
        name: x.name,
        type: x.type,
        autoDelete: x.autoDelete,
        internal: x.internal,
        arguments: tableToJson(x.arguments),
      })),
      queues: queues.map((q) => ({ vhost: q.vhost, name: q.name, type: q.type, autoDelete: q.autoDelete, arguments: tableToJson(q.arguments) })),
      bindings: bindings.map((b) => ({ ...b, arguments: tableToJson(b.arguments) })),
    };
  }
}

const ADD_ID = /^\{"t":"add","id":(\d+),/;

function key(vhost: string, name: string): string {
  return `${vhost}\0${name}`;
}

/** Quorum queues keep every message; x-message-ttl (from the queue's arguments; policies are not seen here). */
function info(type: QueueType, args: FieldTable): QueueInfo {
  const ttl = fieldNumber(args['x-message-ttl']);
  return { persistAll: type === 'quorum', ttl: ttl !== undefined && ttl >= 0 ? ttl : -1 };
}

function jsonProps(p: BasicProperties): BasicProperties {
  return p.headers ? { ...p, headers: tableToJson(p.headers) } : p;
}

function base64(b: Uint8Array): string {
  return Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('base64');
}

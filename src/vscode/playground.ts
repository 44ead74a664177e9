// The playground broker as the extension runs it: lifecycle (start / stop / restart), the AMQP
// listener next to it, durable state saved to disk and restored (a window reload behaves like a
// broker restart), an admin channel for the commands, and closing client connections and
// channels "from the server" to simulate a crashed worker.
//
// No vscode import: this runs (and is unit-tested) in plain Node; src/vscode/main.ts wires it up.
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync, openSync, fsyncSync, closeSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname } from 'node:path';
import { AmqpError, Broker, RealClock, amqpError, type BrokerChannel, type BrokerConnection } from '../broker';
import type { BrokerEvent, BrokerOptions, ConnectionInfo, ConnectionSink, DurableState } from '../broker';
import type { BrokerState } from './format';
import { amqpUrl } from './format';
import { choosePort, type Settings } from './settings';

/** A running AMQP listener (src/amqp) as the playground needs it. */
export interface Listener {
  readonly port: number;
  close(): Promise<void>;
}
export type ListenerFactory = (
  broker: Broker,
  opts: { host: string; port: number; memoryLimitBytes: number; log: (line: string) => void },
) => Promise<Listener>;

export type LogLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error';
export type LogFn = (level: LogLevel, message: string) => void;

export interface PlaygroundOptions {
  settings: Settings;
  /** Where durable state is kept between sessions; undefined = nothing persisted. */
  statePath?: string;
  /** Starts the AMQP listener; undefined = broker only (in-process clients). */
  listen?: ListenerFactory;
  log?: LogFn;
  /** Tells the user once that 5672 was taken (the notice text). */
  notice?: (text: string) => void;
  /** The port used last time in this workspace (kept across reloads so the URL stays the same). */
  previousPort?: number;
  /** How long to wait for a busy preferred port to be released (a reload race). Default 3000 ms. */
  portGraceMs?: number;
}

const ADMIN_CLIENT = 'AckLab (VS Code)';

/** Event kinds that cannot change what survives a restart (no save needed after them). */
const NOT_DURABLE: ReadonlySet<string> = new Set([
  'consumer-added', 'consumer-cancelled', 'qos', 'channel-opened', 'channel-closed', 'connection-opened',
  'connection-closed', 'error', 'clock-advanced', 'hold-changed', 'get-empty', 'confirmed', 'delivery-released',
]);

/** Events after which a delivered message is no longer unacked (its body preview can go). */
const SETTLED: ReadonlySet<string> = new Set(['acked', 'nacked', 'rejected', 'requeued', 'expired', 'dead-lettered', 'dropped']);
/** Bodies of unacked messages kept for previews (a bound, so a flood of unacked messages costs nothing extra). */
const MAX_BODIES = 10_000;

interface Tracked {
  conn: BrokerConnection;
  sink: ConnectionSink;
  info: ConnectionInfo;
}

type Listener0<T> = (v: T) => void;

export class Playground {
  private _state: BrokerState = 'stopped';
  private _broker: Broker | undefined;
  private _clock: RealClock | undefined;
  private listener: Listener | undefined;
  private _port: number | undefined;
  private admin: BrokerConnection | undefined;
  private adminChannel: BrokerChannel | undefined;
  private nextAdminChannel = 1;
  private readonly connections = new Map<number, Tracked>();
  private readonly bodies = new Map<number, Uint8Array>();
  private unsubscribe: (() => void) | undefined;
  private dirty = false;
  private saveTimer: ReturnType<typeof setTimeout> | undefined;
  private saveIntervalMs = 5000;
  private noticeShown = false;
  private readonly stateListeners = new Set<Listener0<BrokerState>>();
  private readonly brokerListeners = new Set<Listener0<Broker | undefined>>();
  private lifecycle: Promise<unknown> = Promise.resolve();
  /** Last failure text when state is 'error'. */
  lastError: string | undefined;
  /** Time the last save took (ms); the save interval adapts to it. */
  lastSaveMs = 0;

  constructor(private opts: PlaygroundOptions) {}

  get state(): BrokerState {
    return this._state;
  }
  get broker(): Broker | undefined {
    return this._broker;
  }
  get clock(): RealClock | undefined {
    return this._clock;
  }
  /** The AMQP port, when the listener runs. */
  get port(): number | undefined {
    return this._port;
  }
  get url(): string | undefined {
    return this._port === undefined ? undefined : amqpUrl(this.opts.settings.bindAddress, this._port);
  }
  get settings(): Settings {
    return this.opts.settings;
  }
  get adminConnectionId(): number | undefined {
    return this.admin?.id;
  }

  onDidChangeState(fn: Listener0<BrokerState>): { dispose(): void } {
    this.stateListeners.add(fn);
    return { dispose: () => this.stateListeners.delete(fn) };
  }
  /** Called with the new broker after every start (and undefined after stop). */
  onDidChangeBroker(fn: Listener0<Broker | undefined>): { dispose(): void } {
    this.brokerListeners.add(fn);
    return { dispose: () => this.brokerListeners.delete(fn) };
  }

  /** Serialises start/stop/restart so overlapping commands cannot interleave. */
  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.lifecycle.then(fn, fn);
    this.lifecycle = next.catch(() => undefined);
    return next;
  }

  start(): Promise<void> {
    return this.serial(() => this.doStart());
  }
  stop(): Promise<void> {
    return this.serial(() => this.doStop());
  }
  /** Like a broker restart: durable queues and persistent messages come back, the rest is gone. */
  restart(): Promise<void> {
    return this.serial(async () => {
      await this.doStop();
      await this.doStart();
    });
  }
  /** Applies new settings; restarts what they affect. */
  reconfigure(settings: Settings, what: { restartBroker: boolean; restartListener: boolean }): Promise<void> {
    return this.serial(async () => {
      this.opts = { ...this.opts, settings };
      if (this._state === 'error') {
        // the last start failed (busy port…): new settings get a fresh attempt
        if (what.restartListener) await this.doStart();
        return;
      }
      if (this._state !== 'running') return;
      if (what.restartBroker) {
        await this.doStop();
        await this.doStart();
      } else if (what.restartListener) {
        await this.stopListener();
        try {
          await this.startListener();
        } catch (err) {
          this.lastError = err instanceof Error ? err.message : String(err);
          this.log('error', `AMQP listener failed to start: ${this.lastError}`);
          this.saveNow();
          await this.teardown();
          this.setState('error');
          throw err;
        }
        this.setState('running');
      }
    });
  }

  private setState(s: BrokerState): void {
    this._state = s;
    for (const l of [...this.stateListeners]) l(s);
  }

  private log(level: LogLevel, msg: string): void {
    this.opts.log?.(level, msg);
  }

  brokerOptions(): BrokerOptions {
    const s = this.opts.settings;
    return {
      profile: s.profile,
      clock: this._clock,
      eventLogSize: s.logSize,
      consumerTimeoutMs: s.consumerTimeoutMs === 0 ? Infinity : s.consumerTimeoutMs,
    };
  }

  private async doStart(): Promise<void> {
    if (this._state === 'running') return;
    this.setState('starting');
    this.lastError = undefined;
    try {
      this._clock = new RealClock();
      const restored = this.loadState();
      const broker = restored ? Broker.restore(restored, this.brokerOptions()) : new Broker(this.brokerOptions());
      this.track(broker);
      this._broker = broker;
      const sub = broker.events.subscribe((e) => this.onEvent(e));
      this.unsubscribe = () => sub.dispose();
      if (restored) {
        const n = restored.queues.reduce((a, q) => a + q.messages.length, 0);
        this.log('info', `Restored ${restored.queues.length} durable queue(s) with ${n} persistent message(s) from ${this.opts.statePath}`);
      }
      for (const l of [...this.brokerListeners]) l(broker);
      await this.startListener();
      this.setState('running');
      this.log('info', `Broker running (profile ${this.opts.settings.profile})${this.url ? ` on ${this.url}` : ' (AMQP listener off)'}`);
    } catch (err) {
      this.lastError = err instanceof Error ? err.message : String(err);
      this.log('error', `Broker failed to start: ${this.lastError}`);
      await this.teardown();
      this.setState('error');
      throw err;
    }
  }

  private async startListener(): Promise<void> {
    const s = this.opts.settings;
    if (!s.amqpEnabled || !this.opts.listen || !this._broker) return;
    // After a window reload the previous extension host may still hold our port for a moment:
    // wait a little for the port we want (or used last time) before falling back or failing.
    const preferred = new Set([s.amqpPort, this.opts.previousPort ?? s.amqpPort]);
    const grace = this.opts.portGraceMs ?? 3000;
    const isFree = async (p: number) => {
      if (await portIsFree(s.bindAddress, p)) return true;
      if (!preferred.has(p) || grace <= 0) return false;
      const deadline = Date.now() + grace;
      while (Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 100));
        if (await portIsFree(s.bindAddress, p)) return true;
      }
      return false;
    };
    const { port, notice } = await choosePort(s.amqpPort, isFree);
    if (notice && !this.noticeShown) {
      this.noticeShown = true;
      this.log('warn', notice);
      this.opts.notice?.(notice);
    }
    this.listener = await this.opts.listen(this._broker, {
      host: s.bindAddress,
      port,
      memoryLimitBytes: s.memoryLimitMb * 1024 * 1024,
      log: (line) => this.log('warn', line),
    });
    this._port = this.listener.port;
  }

  private async stopListener(): Promise<void> {
    const l = this.listener;
    this.listener = undefined;
    this._port = undefined;
    if (l) await l.close();
  }

  private async doStop(): Promise<void> {
    if (this._state === 'stopped') return;
    this.saveNow();
    await this.teardown();
    this.setState('stopped');
    this.log('info', 'Broker stopped');
  }

  private async teardown(): Promise<void> {
    if (this.saveTimer) clearTimeout(this.saveTimer);
    this.saveTimer = undefined;
    try {
      await this.stopListener();
    } catch (err) {
      this.log('warn', `AMQP listener did not close cleanly: ${err}`);
    }
    const b = this._broker;
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    this._broker = undefined;
    this.admin = undefined;
    this.adminChannel = undefined;
    this.connections.clear();
    this.bodies.clear();
    if (b) {
      try {
        b.shutdown();
      } catch (err) {
        this.log('warn', `Broker shutdown: ${err}`);
      }
      for (const l of [...this.brokerListeners]) l(undefined);
    }
  }

  /** Records every connection (AMQP clients and in-process ones) so commands can close them. */
  private track(broker: Broker): void {
    const connect = broker.connect.bind(broker);
    const bodies = this.bodies;
    broker.connect = (info: ConnectionInfo, sink: ConnectionSink) => {
      // remember the bodies of delivered messages while they are unacked (the tree previews them)
      const spy: ConnectionSink = {
        deliver: (ch, d) => {
          if (bodies.size < MAX_BODIES) bodies.set(d.messageId, d.body);
          sink.deliver(ch, d);
        },
        basicReturn: (ch, m) => sink.basicReturn(ch, m),
        confirm: (ch, c) => sink.confirm(ch, c),
        consumerCancelled: (ch, tag) => sink.consumerCancelled(ch, tag),
        channelClosedByServer: (ch, e) => sink.channelClosedByServer(ch, e),
        connectionClosedByServer: (e) => sink.connectionClosedByServer(e),
        blocked: sink.blocked ? (r) => sink.blocked!(r) : undefined,
        unblocked: sink.unblocked ? () => sink.unblocked!() : undefined,
      };
      const conn = connect(info, spy);
      this.connections.set(conn.id, { conn, sink, info });
      return conn;
    };
  }

  private onEvent(e: BrokerEvent): void {
    if (e.kind === 'connection-closed') this.connections.delete(e.connectionId);
    else if (e.messageId && SETTLED.has(e.kind)) this.bodies.delete(e.messageId);
    if (!this.dirty && !NOT_DURABLE.has(e.kind)) {
      this.dirty = true;
      this.scheduleSave();
    }
  }

  // ------------------------------------------------------------------ persistence

  private loadState(): DurableState | undefined {
    const p = this.opts.statePath;
    if (!p || !this.opts.settings.persist) return undefined;
    let text: string;
    try {
      text = readFileSync(p, 'utf8');
    } catch {
      return undefined; // first run
    }
    try {
      const state = JSON.parse(text) as DurableState;
      if (state?.version !== 1) throw new Error(`unknown state version ${JSON.stringify(state?.version)}`);
      if (state.profile !== this.opts.settings.profile) state.profile = this.opts.settings.profile;
      return state;
    } catch (err) {
      const aside = `${p}.broken-${Date.now()}`;
      try {
        renameSync(p, aside);
      } catch {
        // leave it
      }
      this.log('error', `Saved broker state in ${p} is unreadable (${err}); starting empty. The file was kept as ${aside}.`);
      return undefined;
    }
  }

  private scheduleSave(): void {
    if (this.saveTimer || !this.opts.statePath || !this.opts.settings.persist) return;
    this.saveTimer = setTimeout(() => {
      this.saveTimer = undefined;
      this.saveNow();
    }, this.saveIntervalMs);
    this.saveTimer.unref?.();
  }

  /**
   * Writes the durable state now (temp file, fsync, rename: a crash mid-write leaves the previous
   * file intact). Called on stop, on deactivate (window reload) and a few seconds after changes.
   */
  saveNow(): void {
    const p = this.opts.statePath;
    const b = this._broker;
    if (!p || !b || !this.opts.settings.persist) return;
    if (this.saveTimer) clearTimeout(this.saveTimer);
    this.saveTimer = undefined;
    this.dirty = false;
    const t0 = performance.now();
    try {
      const text = JSON.stringify(b.durableState());
      mkdirSync(dirname(p), { recursive: true });
      const tmp = `${p}.tmp-${process.pid}`;
      const fd = openSync(tmp, 'w');
      try {
        writeFileSync(fd, text);
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
      renameSync(tmp, p);
    } catch (err) {
      this.log('error', `Could not save broker state to ${p}: ${err}`);
    }
    this.lastSaveMs = performance.now() - t0;
    // a slow save (many persistent messages) must not eat the event loop: save less often
    this.saveIntervalMs = Math.min(60_000, Math.max(5000, this.lastSaveMs * 50));
  }

  /** Forgets the saved state (tests, "reset"). */
  clearSavedState(): void {
    if (this.opts.statePath) rmSync(this.opts.statePath, { force: true });
  }

  // ------------------------------------------------------------------ admin operations

  /** A channel on the extension's own connection, reopened after a channel error closed it. */
  channel(): BrokerChannel {
    const b = this.requireBroker();
    if (!this.admin || !this.admin.isOpen) {
      this.admin = b.connect({ clientName: ADMIN_CLIENT, user: 'guest', vhost: '/', remoteAddress: '' }, silentSink);
      this.adminChannel = undefined;
      this.nextAdminChannel = 1;
    }
    if (!this.adminChannel || !this.adminChannel.isOpen) {
      this.adminChannel = this.admin.openChannel(this.nextAdminChannel++);
    }
    return this.adminChannel;
  }

  requireBroker(): Broker {
    if (!this._broker || this._state !== 'running') throw new Error('The AckLab broker is not running. Start it with "AckLab: Start Broker".');
    return this._broker;
  }

  /** Closes a client's connection as the server (320 CONNECTION_FORCED): its unacked messages are requeued. */
  closeConnection(id: number, reason = 'Closed from AckLab'): void {
    const t = this.connections.get(id);
    if (!t || !t.conn.isOpen) throw new Error(`Connection ${id} is not open.`);
    const err = amqpError('CONNECTION_FORCED', reason, 'none');
    try {
      t.sink.connectionClosedByServer(err);
    } finally {
      if (t.conn.isOpen) t.conn.close();
      this.connections.delete(id);
    }
  }

  /** Closes one channel as the server (320 on that channel): its unacked messages are requeued. */
  closeChannel(connectionId: number, channel: number, reason = 'Closed from AckLab'): void {
    const t = this.connections.get(connectionId);
    const ch = t?.conn.isOpen ? t.conn.channel(channel) : undefined;
    if (!t || !ch || !ch.isOpen) throw new Error(`Channel ${channel} of connection ${connectionId} is not open.`);
    const err = new AmqpError('channel', 320, `CONNECTION_FORCED - ${reason}`, 0, 0);
    try {
      t.sink.channelClosedByServer(channel, err);
    } finally {
      if (ch.isOpen) ch.close();
    }
  }

  /** The body of an unacked message delivered to a client (undefined when not known). */
  bodyOf(messageId: number): Uint8Array | undefined {
    return this.bodies.get(messageId);
  }

  fastForward(ms: number): void {
    this.requireBroker();
    this._clock!.advance(ms);
  }

  async dispose(): Promise<void> {
    await this.stop();
    this.stateListeners.clear();
    this.brokerListeners.clear();
  }
}

const silentSink: ConnectionSink = {
  deliver() {},
  basicReturn() {},
  confirm() {},
  consumerCancelled() {},
  channelClosedByServer() {},
  connectionClosedByServer() {},
};

export function portIsFree(host: string, port: number): Promise<boolean> {
  return new Promise((res) => {
    const srv = createServer();
    srv.once('error', () => res(false));
    srv.listen({ port, host, exclusive: true }, () => srv.close(() => res(true)));
  });
}

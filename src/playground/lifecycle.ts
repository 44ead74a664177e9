// The playground broker: lifecycle (start / stop / restart / reconfigure) through ONE state machine
// (src/playground/state.ts), the AMQP listener next to it (port choice: src/playground/port.ts),
// durable state restored on start and recorded as it changes (a StateStore: src/playground/persistence.ts;
// confirms wait for the disk), and the admin operations (src/playground/admin.ts).
//
// No vscode import: the extension (src/vscode/main.ts) and `acklab serve` (src/cli/commands/serve.ts)
// both run this, and it is unit-tested in plain Node.
import { Broker, RealClock, type BrokerChannel, type BrokerOptions } from '../broker';
import type { DurableStore } from '../broker/persistence';
import { Admin } from './admin';
import { amqpUrl } from './format';
import type { Listener, ListenerFactory } from './listener';
import type { StateStore } from './persistence';
import { choosePort, probeWithGrace } from './port';
import type { Settings } from './settings';
import { StateMachine, type BrokerState } from './state';

export type LogLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error';
export type LogFn = (level: LogLevel, message: string) => void;

export interface PlaygroundOptions {
  settings: Settings;
  /** Where durable state is kept between sessions (used when settings.persist); undefined = nothing persisted. */
  store?: StateStore;
  /** Starts the AMQP listener; undefined = broker only (in-process clients). */
  listen?: ListenerFactory;
  log?: LogFn;
  /** Tells the user once that 5672 was taken (the notice text); default: logged as a warning. */
  notice?: (text: string) => void;
  /** The port used last time in this workspace (kept across reloads so the URL stays the same). */
  previousPort?: number;
  /** How long to wait for a busy preferred port to be released (a reload race). Default 3000 ms. */
  portGraceMs?: number;
  /** Names the port's origin in the busy-port error: 'setting acklab.amqp.port' (default) or '--amqp-port'. */
  portOrigin?: string;
}

type Listener0<T> = (v: T) => void;

export class Playground {
  private readonly machine = new StateMachine();
  private _broker: Broker | undefined;
  private _clock: RealClock | undefined;
  private admin: Admin | undefined;
  private listener: Listener | undefined;
  private _port: number | undefined;
  private durable: DurableStore | undefined;
  private noticeShown = false;
  private readonly brokerListeners = new Set<Listener0<Broker | undefined>>();
  private lifecycle: Promise<unknown> = Promise.resolve();
  /** Last failure text when state is 'failed'. */
  lastError: string | undefined;

  constructor(private opts: PlaygroundOptions) {}

  get state(): BrokerState {
    return this.machine.state;
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
    return this.admin?.connectionId;
  }
  /** Where the durable state is kept (the store's file), when persisting. */
  get stateLocation(): string | undefined {
    return this.persisting()?.where;
  }
  /** Client connections open on the AMQP listener now. */
  get clientConnections(): number {
    return this.listener?.connectionCount ?? 0;
  }

  onDidChangeState(fn: Listener0<BrokerState>): { dispose(): void } {
    return this.machine.onDidChange(fn);
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
      // the last start failed (busy port…): new settings get a fresh attempt
      if (this.state === 'failed') return what.restartListener ? this.doStart() : undefined;
      if (this.state !== 'running') return;
      if (what.restartBroker) {
        await this.doStop();
        await this.doStart();
      } else if (what.restartListener) {
        await this.restartListener();
      }
    });
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
    if (this.state === 'running') return;
    this.machine.move('starting');
    this.lastError = undefined;
    try {
      this._clock = new RealClock();
      const broker = this.createBroker();
      this._broker = broker;
      this.admin = new Admin(broker);
      for (const l of [...this.brokerListeners]) l(broker);
      await this.startListener();
      this.machine.move('running');
      this.log('info', `Broker running (profile ${this.opts.settings.profile})${this.url ? ` on ${this.url}` : ' (AMQP listener off)'}`);
    } catch (err) {
      await this.fail('Broker failed to start', err);
      throw err;
    }
  }

  /** A new broker, restored from the store (and recorded there) when persisting. */
  private createBroker(): Broker {
    const store = this.persisting();
    if (!store) return new Broker(this.brokerOptions());
    const durable = store.open(this.brokerOptions(), (level, msg) => this.log(level, msg));
    this.durable = durable;
    const r = durable.restored;
    if (r) {
      const how = `${r.clean ? '' : ' after an unclean stop (all marked redelivered)'}${r.migratedFrom ? `, migrated from ${r.migratedFrom}` : ''}`;
      this.log('info', `Restored ${r.queues} durable queue(s) with ${r.messages} persistent message(s) from ${store.where}${how}`);
    }
    return durable.broker;
  }

  private async fail(what: string, err: unknown): Promise<void> {
    this.lastError = err instanceof Error ? err.message : String(err);
    this.log('error', `${what}: ${this.lastError}`);
    await this.teardown();
    this.machine.move('failed');
  }

  private async restartListener(): Promise<void> {
    await this.stopListener();
    try {
      await this.startListener();
    } catch (err) {
      await this.fail('AMQP listener failed to start', err);
      throw err;
    }
  }

  private async startListener(): Promise<void> {
    const s = this.opts.settings;
    if (!s.amqpEnabled || !this.opts.listen || !this._broker) return;
    // After a window reload the previous extension host may still hold our port for a moment:
    // wait a little for the port we want (or used last time) before falling back or failing.
    const preferred = new Set([s.amqpPort, this.opts.previousPort ?? s.amqpPort]);
    const isFree = probeWithGrace(s.bindAddress, preferred, this.opts.portGraceMs ?? 3000);
    const { port, notice } = await choosePort(s.amqpPort, isFree, 100, this.opts.portOrigin);
    if (notice && !this.noticeShown) {
      this.noticeShown = true;
      if (this.opts.notice) this.opts.notice(notice);
      else this.log('warn', notice);
    }
    this.listener = await this.opts.listen(this._broker, {
      host: s.bindAddress,
      port,
      memoryLimitBytes: s.memoryLimitMb * 1024 * 1024,
      durability: this.durable?.barrier,
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
    if (this.state === 'stopped') return;
    this.machine.move('stopping');
    await this.teardown();
    this.machine.move('stopped');
    this.log('info', 'Broker stopped');
  }

  private async teardown(): Promise<void> {
    try {
      await this.stopListener();
    } catch (err) {
      this.log('warn', `AMQP listener did not close cleanly: ${err}`);
    }
    // clients are gone (their unacked messages requeued): the final, compact state file
    this.saveNow();
    this.durable = undefined;
    const b = this._broker;
    this._broker = undefined;
    this.admin?.dispose();
    this.admin = undefined;
    if (b) {
      try {
        b.shutdown();
      } catch (err) {
        this.log('warn', `Broker shutdown: ${err}`);
      }
      for (const l of [...this.brokerListeners]) l(undefined);
    }
  }

  // ------------------------------------------------------------------ persistence

  private persisting(): StateStore | undefined {
    return this.opts.settings.persist ? this.opts.store : undefined;
  }

  /**
   * Writes the final state file and stops recording (teardown calls it). The store records every
   * change as it happens, so there is nothing to save while the broker runs.
   */
  private saveNow(): void {
    const d = this.durable;
    if (!d) return;
    try {
      d.close();
    } catch (err) {
      this.log('error', `Could not write the broker state to ${d.path}: ${err}`);
    }
  }

  /** Forgets the saved state (tests, "reset"). */
  clearSavedState(): void {
    this.opts.store?.clear();
  }

  // ------------------------------------------------------------------ admin operations

  /** A channel on the playground's own connection, reopened after a channel error closed it. */
  channel(): BrokerChannel {
    return this.requireAdmin().channel();
  }

  requireBroker(): Broker {
    if (!this._broker || this.state !== 'running') throw new Error('The AckLab broker is not running. Start it with "AckLab: Start Broker".');
    return this._broker;
  }

  private requireAdmin(): Admin {
    this.requireBroker();
    return this.admin!;
  }

  /** Closes a client's connection as the server (320 CONNECTION_FORCED): its unacked messages are requeued. */
  closeConnection(id: number, reason?: string): void {
    this.requireAdmin().closeConnection(id, reason);
  }

  /** Closes one channel as the server (320 on that channel): its unacked messages are requeued. */
  closeChannel(connectionId: number, channel: number, reason?: string): void {
    this.requireAdmin().closeChannel(connectionId, channel, reason);
  }

  fastForward(ms: number): void {
    this.requireBroker();
    this._clock!.advance(ms);
  }

  async dispose(): Promise<void> {
    await this.stop();
    this.machine.clear();
    this.brokerListeners.clear();
  }
}

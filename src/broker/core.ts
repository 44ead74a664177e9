// The shared core of one broker: clock and operation depth, the outbox of server pushes, the event
// recorder, the profile's rules, id counters and the per-message state table. Every other module gets
// this object; none of them reaches into the Broker facade.
//
// Re-entrancy: every public entry point calls begin() … end(); the outermost end() flushes the outbox,
// so server pushes go out after the state change that caused them.
import type { Clock } from './clock';
import { EventLog } from './events';
import { S_READY, S_UNACKED, type ChannelLike, type ConnectionLike, type Msg, type Queue, type VHost } from './model';
import { Outbox } from './outbox';
import type { ProfileRules } from './profile';
import { Recorder } from './recorder';
import { Router } from './routing';
import { IdTable, Prng } from './structures';

export class Core {
  readonly outbox = new Outbox();
  readonly rec: Recorder;
  readonly router = new Router();
  readonly vhosts = new Map<string, VHost>();
  readonly connections = new Map<number, ConnectionLike>();
  /** Queue index → queue (index 0 = none), for the state table. */
  readonly queueRegistry: (Queue | null)[] = [null];
  /** Message id → (queue index << 5) | state code (model.ts S_…). */
  readonly states = new IdTable();
  depth = 0;
  stopped = false;
  nextConnId = 1;
  nextMsgId = 1;
  nextPublishId = 1;
  /** Marks queues touched by one settle / close pass (queue.mark = -epoch). */
  dispatchEpoch = 0;
  /** Order in which consumers were set aside for lack of room. */
  blockSeq = 0;
  /** id → message for ready and unacked messages, kept while someone retains content (stepping.ts). */
  retained: Map<number, Msg> | undefined;
  /** Direct reply-to: reply name → the channel whose reply consumer it reaches (replyTo.ts). */
  readonly replyTargets = new Map<string, ChannelLike>();

  constructor(
    readonly rules: ProfileRules,
    readonly clock: Clock,
    readonly log: EventLog,
    readonly prng: Prng,
    /** Broker-wide consumer timeout in ms (0 = none). */
    readonly consumerTimeoutMs: number,
    readonly channelTickMs: number,
  ) {
    this.rec = new Recorder(log);
  }

  /** Clock reading taken when the outermost operation began. */
  get t(): number {
    return this.rec.t;
  }

  /** Enters a broker operation; the outermost one reads the clock once. */
  begin(): void {
    if (this.depth++ === 0) this.rec.t = this.clock.now();
  }

  /** Leaves a broker operation; the outermost one sends the queued pushes. */
  end(): void {
    if (--this.depth === 0) this.outbox.flush();
  }

  /** Reads the clock for work done outside an operation (timers, hold mode, connect). */
  stamp(): void {
    if (this.depth === 0) this.rec.t = this.clock.now();
  }

  setState(m: Msg, st: number): void {
    this.states.set(m.id, (m.queue.idx << 5) | st);
    const r = this.retained;
    if (r !== undefined) {
      if (st === S_READY || st === S_UNACKED) r.set(m.id, m);
      else r.delete(m.id);
    }
  }

  /** The queue a message copy belongs to (from the state table). */
  queueOf(id: number): Queue | null {
    return this.queueRegistry[this.states.get(id) >>> 5] ?? null;
  }
}

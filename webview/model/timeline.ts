// Time travel over the event log. The state after n events is found by restoring the nearest
// checkpoint at or before n and replaying at most ~K events, so stepping back is exact and cheap.
// Checkpoints are taken while events are appended; their spacing grows with the state's size so
// that checkpoint memory stays proportional to the log even when queues are deep.
import type { TraceEvent, TraceMessage } from '../../src/protocol/trace';
import { EventStore } from './store';
import { Lanes } from './layout';
import { apply, cloneState, emptyState, stateWeight, type StepState, type UnackedEntry } from './state';

export interface Checkpoint {
  readonly applied: number;
  readonly state: StepState;
}

export class Timeline {
  readonly store: EventStore;
  readonly lanes = new Lanes();
  /** State after every appended event (live head). */
  private head: StepState = emptyState();
  private readonly checkpoints: Checkpoint[] = [{ applied: 0, state: emptyState() }];
  private nextCheckpoint: number;
  /** A scratch state positioned somewhere, reused for sequential stepping. */
  private cursor: StepState = emptyState();

  constructor(
    readonly interval = 256,
    capacity = 1024,
  ) {
    this.store = new EventStore(capacity);
    this.nextCheckpoint = interval;
  }

  get length(): number {
    return this.store.length;
  }
  get checkpointCount(): number {
    return this.checkpoints.length;
  }

  append(events: readonly TraceEvent[], messages: readonly TraceMessage[] = []): void {
    for (const m of messages) this.store.addMessage(m);
    this.store.reserve(events.length);
    for (const e of events) {
      const i = this.store.push(e);
      // Fill in the consumer of a settle from the state, so the diagram can draw it from the consumer's lane.
      const touched: UnackedEntry | undefined = apply(this.head, e);
      let ev = e;
      if (touched?.consumer !== undefined && e.consumer === undefined && e.kind !== 'requeue') {
        this.store.setStr(i, 'consumer', touched.consumer);
        ev = { ...e, consumer: touched.consumer };
      }
      this.lanes.observe(ev);
      if (touched && e.msg === undefined && (e.kind === 'ack' || e.kind === 'nack' || e.kind === 'reject')) {
        this.store.setMsg(i, touched.msg); // labels and the message panel need it
      }
      if (this.head.applied >= this.nextCheckpoint) {
        this.checkpoints.push({ applied: this.head.applied, state: cloneState(this.head) });
        this.nextCheckpoint = this.head.applied + Math.max(this.interval, Math.ceil(stateWeight(this.head) / 8));
      }
    }
  }

  /** The state after `n` events (0 = before the first). The returned object is owned by the timeline: read it, don't keep it. */
  stateAt(n: number): StepState {
    if (!Number.isInteger(n) || n < 0 || n > this.length) throw new RangeError(`step ${n} out of range 0..${this.length}`);
    if (n === this.head.applied) return this.head;
    const c = this.cursor;
    const cp = this.checkpointBefore(n);
    if (!(c.applied <= n && c.applied >= cp.applied)) this.cursor = cloneState(cp.state);
    const s = this.cursor;
    while (s.applied < n) apply(s, this.store.get(s.applied));
    return s;
  }

  private checkpointBefore(n: number): Checkpoint {
    let lo = 0,
      hi = this.checkpoints.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (this.checkpoints[mid]!.applied <= n) lo = mid;
      else hi = mid - 1;
    }
    return this.checkpoints[lo]!;
  }

  /** Latest known status of a message at step n, by scanning back from n (on demand only). */
  messageHistory(msg: number, n: number): number[] {
    const out: number[] = [];
    for (let i = 0; i < n && i < this.length; i++) if (this.store.msgAt(i) === msg) out.push(i);
    return out;
  }
}

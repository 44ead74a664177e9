// Server pushes (deliver, return, confirm, cancel, close, blocked). They are queued while a broker
// operation runs and sent when the outermost one ends (Core.end → flush), so a sink that calls back into
// the broker never sees half-made state. A corked connection keeps its pushes until uncork; in hold mode
// (stepping.ts) deliveries wait in `held` until released one at a time.
import type { AmqpError } from './errors';
import type { ChannelLike, ConnectionLike, OutEntry } from './model';
import type { Confirm, Delivery, ReturnedMessage } from './types';

export const OUT_DELIVER = 0,
  OUT_RETURN = 1,
  OUT_CONFIRM = 2,
  OUT_CANCELLED = 3,
  OUT_CH_CLOSED = 4,
  OUT_CONN_CLOSED = 5,
  OUT_BLOCKED = 6,
  OUT_UNBLOCKED = 7;

export class Outbox {
  // parallel arrays: no object per push on the hot path
  private readonly oConn: (ConnectionLike | undefined)[] = [];
  private readonly oKind: number[] = [];
  private readonly oCh: (ChannelLike | null | undefined)[] = [];
  private readonly oChannel: number[] = [];
  private readonly oPayload: unknown[] = [];
  private outHead = 0;
  private outLen = 0;
  private flushing = false;
  /** Hold mode: deliveries are kept in `held` (from `heldHead` on) instead of being sent. */
  hold = false;
  held: OutEntry[] = [];
  heldHead = 0;

  /** Queues a server push (held, corked, or for the next flush). */
  push(conn: ConnectionLike, kind: number, ch: ChannelLike | null, channel: number, payload: unknown): void {
    // (a corked delivery is on its way too: the sink hears of it now, so it can pause the rest of a long dispatch)
    if (kind === OUT_DELIVER && !this.hold) conn.sink.deliveryQueued?.(channel, payload as Delivery);
    if ((kind === OUT_DELIVER && this.hold) || conn.corked > 0) {
      const e: OutEntry = { conn, kind, ch, channel, payload };
      if (kind === OUT_DELIVER && this.hold) this.held.push(e);
      else conn.corkBuf.push(e);
      return;
    }
    this.pushOut(conn, kind, ch, channel, payload);
  }

  /** Queues a push for the next flush, past cork and hold. */
  pushOut(conn: ConnectionLike, kind: number, ch: ChannelLike | null, channel: number, payload: unknown): void {
    const i = this.outLen++;
    this.oConn[i] = conn;
    this.oKind[i] = kind;
    this.oCh[i] = ch;
    this.oChannel[i] = channel;
    this.oPayload[i] = payload;
  }

  /** Sends queued server pushes. Re-entrant calls from sinks append and return. */
  flush(): void {
    if (this.flushing) return;
    this.flushing = true;
    let firstError: unknown;
    try {
      while (this.outHead < this.outLen) {
        const i = this.outHead++;
        const conn = this.oConn[i]!,
          kind = this.oKind[i]!,
          ch = this.oCh[i]!,
          channel = this.oChannel[i]!,
          payload = this.oPayload[i];
        this.oConn[i] = undefined;
        this.oCh[i] = undefined;
        this.oPayload[i] = undefined;
        try {
          send(conn, kind, ch, channel, payload);
        } catch (ex) {
          if (firstError === undefined) firstError = ex;
        }
      }
    } finally {
      this.outHead = 0;
      this.outLen = 0;
      this.flushing = false;
    }
    if (firstError !== undefined) throw firstError;
  }
}

function send(conn: ConnectionLike, kind: number, ch: ChannelLike | null, channel: number, payload: unknown): void {
  const s = conn.sink;
  const chOpen = conn.open && ch !== null && ch.open;
  switch (kind) {
    case OUT_DELIVER:
      if (chOpen) s.deliver(channel, payload as Delivery);
      break;
    case OUT_RETURN:
      if (chOpen) s.basicReturn(channel, payload as ReturnedMessage);
      break;
    case OUT_CONFIRM:
      if (chOpen) s.confirm(channel, payload as Confirm);
      break;
    case OUT_CANCELLED:
      if (chOpen) s.consumerCancelled(channel, payload as string);
      break;
    case OUT_CH_CLOSED:
      if (conn.open) s.channelClosedByServer(channel, payload as AmqpError);
      break;
    case OUT_CONN_CLOSED:
      s.connectionClosedByServer(payload as AmqpError);
      break;
    case OUT_BLOCKED:
      if (conn.open) s.blocked?.(payload as string);
      break;
    case OUT_UNBLOCKED:
      if (conn.open) s.unblocked?.();
      break;
  }
}

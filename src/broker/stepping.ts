// Stepping, for the stepper: hold mode (deliveries are made — tags assigned, counted unacked — but not
// pushed until released one at a time) and content retention (an O(1) index of live messages' content
// while a live view follows the broker).
import type { Core } from './core';
import type { OutEntry } from './model';
import type { Delivery, PendingDelivery } from './types';

export class Stepping {
  private retainers = 0;

  constructor(private readonly core: Core) {}

  get holding(): boolean {
    return this.core.outbox.hold;
  }

  setHold(hold: boolean): void {
    const core = this.core,
      out = core.outbox;
    if (out.hold === hold) return;
    out.hold = hold;
    core.stamp();
    if (core.rec.on) core.rec.holdChanged(hold, this.pending().length);
    if (hold) return;
    const rest = out.held.slice(out.heldHead);
    out.held = [];
    out.heldHead = 0;
    for (const e of rest) {
      if (live(e)) e.conn.sink.deliveryQueued?.(e.channel, e.payload as Delivery);
      out.pushOut(e.conn, e.kind, e.ch, e.channel, e.payload);
    }
    if (core.depth === 0) out.flush();
  }

  /** Pushes the oldest held delivery to its consumer. Returns it, or undefined when none is held. */
  releaseNext(): PendingDelivery | undefined {
    const core = this.core,
      out = core.outbox;
    core.stamp();
    while (out.heldHead < out.held.length) {
      const e = out.held[out.heldHead++]!;
      if (out.heldHead === out.held.length) {
        out.held = [];
        out.heldHead = 0;
      }
      if (!live(e)) continue;
      const d = e.payload as Delivery;
      if (core.rec.on) core.rec.released(e.conn, e.channel, d);
      e.conn.sink.deliveryQueued?.(e.channel, d);
      out.pushOut(e.conn, e.kind, e.ch, e.channel, e.payload);
      if (core.depth === 0) out.flush();
      return this.view(e);
    }
    return undefined;
  }

  pending(): PendingDelivery[] {
    const out = this.core.outbox,
      list: PendingDelivery[] = [];
    for (let i = out.heldHead; i < out.held.length; i++) {
      const e = out.held[i]!;
      if (live(e)) list.push(this.view(e));
    }
    return list;
  }

  private view(e: OutEntry): PendingDelivery {
    const d = e.payload as Delivery;
    const q = this.core.queueOf(d.messageId);
    return {
      connectionId: e.conn.id,
      channel: e.channel,
      consumerTag: d.consumerTag,
      deliveryTag: d.deliveryTag,
      messageId: d.messageId,
      queue: q ? q.name : '',
    };
  }

  /**
   * Keeps an index of the ready and unacked messages enqueued from now on, so `Broker.messageContent(id)` finds
   * a message's body in O(1) while the event about it is being delivered (the live stepper shows bodies this
   * way). Costs one Map operation per message state change while any retainer holds it; dispose to release.
   */
  retain(): { dispose(): void } {
    if (this.retainers++ === 0) this.core.retained = new Map();
    let done = false;
    return {
      dispose: () => {
        if (!done && (done = true) && --this.retainers === 0) this.core.retained = undefined;
      },
    };
  }

  get retaining(): boolean {
    return this.core.retained !== undefined;
  }
}

function live(e: OutEntry): boolean {
  return e.conn.open && e.ch !== null && e.ch.open;
}

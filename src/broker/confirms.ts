// Publisher confirms, coalesced like RabbitMQ's (rule 37). While the wire layer corks a connection (one read
// batch), a channel's confirms wait in its `pendingConfirms`; at uncork they go out the way
// rabbit_channel:send_confirms_and_nacks sends a flush: a lone ack is single; otherwise every confirmed tag
// below the first nack (and the first still-unconfirmed tag — none here: a publish is decided at once) is
// covered by ONE `multiple` ack for the highest of them, the rest single; nacks likewise, below the first ack
// of the flush. Uncorked publishes (the in-process API) are confirmed one by one, as a lone confirm is.
import type { Core } from './core';
import type { ChannelLike } from './model';
import { OUT_CONFIRM } from './outbox';
import type { Confirm } from './types';

/** Sends a channel's waiting confirms as one flush; each frame is one 'confirmed' event. */
export function flushConfirms(core: Core, ch: ChannelLike): void {
  const pending = ch.pendingConfirms;
  if (pending.length === 0) return;
  ch.pendingConfirms = [];
  const bySeq = new Map(pending.map((p) => [p.seq, p]));
  for (const f of coalesceConfirms(pending)) {
    core.outbox.pushOut(ch.connection, OUT_CONFIRM, ch, ch.number, f);
    const p = bySeq.get(f.deliveryTag)!;
    if (core.rec.on) core.rec.confirmed(p.exchange, p.routingKey, p.pid, ch, f.deliveryTag, f.nack, f.multiple);
  }
}

/** The frames one flush sends: acks first, then nacks (rabbit_channel order). */
export function coalesceConfirms(pending: readonly { seq: number; nack: boolean }[]): Confirm[] {
  const acks = pending
    .filter((p) => !p.nack)
    .map((p) => p.seq)
    .sort((a, b) => a - b);
  const nacks = pending
    .filter((p) => p.nack)
    .map((p) => p.seq)
    .sort((a, b) => a - b);
  const frames: Confirm[] = [];
  if (acks.length === 1) frames.push({ deliveryTag: acks[0]!, multiple: false, nack: false });
  else coalesce(acks, nacks, false, frames);
  coalesce(nacks, acks, true, frames);
  return frames;
}

/** rabbit_channel:coalesce_and_send: tags below the cutoff as one multiple frame, the rest one by one. */
function coalesce(tags: number[], negatives: number[], nack: boolean, out: Confirm[]): void {
  if (tags.length === 0) return;
  const cutoff = Math.min(tags[tags.length - 1]! + 1, ...negatives);
  const below = tags.filter((t) => t < cutoff);
  if (below.length > 0) out.push({ deliveryTag: below[below.length - 1]!, multiple: true, nack });
  for (const t of tags) if (t >= cutoff) out.push({ deliveryTag: t, multiple: false, nack });
}

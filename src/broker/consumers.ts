// basic.consume and removing a consumer (basic.cancel, channel close). A consumer owns its prefetch and
// unacked count; the queue's round-robin and single-active-consumer state live on the queue (model.ts).
import type { Core } from './core';
import { amqpError, rs } from './errors';
import { consumeArgProblem } from './consumerArgs';
import { fieldNumber } from './fields';
import { getQueue } from './lookup';
import { Consumer, insertByPriority, removeFrom, type ChannelLike } from './model';
import type { QueueEngine } from './queue';
import { consumeReplyTo, REPLY_TO } from './replyTo';
import type { BasicConsumeArgs } from './types';

export function basicConsume(core: Core, queues: QueueEngine, ch: ChannelLike, a: BasicConsumeArgs): string {
  if (a.queue === REPLY_TO) return consumeReplyTo(core, ch, a);
  const q = getQueue(core, ch, a.queue ?? '', 'basicConsume');
  let tag = a.consumerTag ?? '';
  if (tag === '') tag = 'amq.ctag-' + core.prng.name(22);
  if (ch.consumers.has(tag)) throw ch.connection.fail(amqpError('NOT_ALLOWED', `attempt to reuse consumer tag '${tag}'`, 'basicConsume'), ch.number);
  const argProblem = consumeArgProblem(rs('queue', q.name, q.vhost.name), q.type, a.arguments ?? {}, core.rules);
  if (argProblem !== null) throw ch.fail(amqpError('PRECONDITION_FAILED', argProblem, 'basicConsume'));
  if (q.type === 'quorum' && core.rules.quorumRefusesGlobalQos && ch.globalPrefetch > 0) {
    throw ch.connection.fail(amqpError('NOT_IMPLEMENTED', `${rs('queue', q.name, q.vhost.name)} does not support global qos`, 'basicConsume'), ch.number);
  }
  const exclusive = a.exclusive === true;
  if ((exclusive && q.consumers.length > 0) || q.consumers.some((c) => c.exclusive)) {
    throw ch.fail(amqpError('ACCESS_REFUSED', `${rs('queue', q.name, q.vhost.name)} in exclusive use`, 'basicConsume'));
  }
  const args = a.arguments ?? {};
  const prio = fieldNumber(args['x-priority']) ?? 0;
  // (a quorum queue treats prefetch 0 as 2000 credits: see QueueEngine.hasCapacity)
  const c = new Consumer(tag, ch, q, a.noAck === true, exclusive, prio, ch.prefetch, args);
  ch.consumers.set(tag, c);
  insertByPriority(q.consumers, c);
  insertByPriority(q.rr, c);
  q.hadConsumer = true;
  if (q.idleTimer !== 0) {
    core.clock.clearTimer(q.idleTimer);
    q.idleTimer = 0;
  }
  if (q.singleActive && q.sacActive === null) q.sacActive = c;
  if (core.rec.on) core.rec.consumer('consumer-added', c, '');
  queues.dispatch(q, false);
  return tag;
}

/** Removes a consumer; its unacked deliveries stay on the channel (rule 18). */
export function removeConsumer(core: Core, queues: QueueEngine, c: Consumer, byClient: boolean): void {
  if (c.cancelled) return;
  c.cancelled = true;
  const ch = c.ch,
    q = c.queue;
  ch.consumers.delete(c.tag);
  removeFrom(q.consumers, c);
  removeFrom(q.rr, c);
  if (core.rec.on) core.rec.consumer('consumer-cancelled', c, byClient ? 'cancel' : 'channel-closed');
  if (q.sacActive === c) {
    let best: Consumer | null = null;
    for (const x of q.consumers) if (best === null || x.priority > best.priority) best = x;
    q.sacActive = best;
  }
  if (q.autoDelete && q.consumers.length === 0 && q.hadConsumer && !q.deleted) queues.deleteQueue(q);
  else if (!q.deleted) {
    if (q.consumers.length === 0) queues.touchIdle(q);
    queues.dispatch(q, false);
  }
}

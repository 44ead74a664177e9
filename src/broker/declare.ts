// queue.declare (passive, redeclare, new), queue.delete, queue.purge, and the effective settings of a
// queue from its arguments and the matching policy (policies are set on the Broker).
import { checkQueueArgs, effectiveSettings, inequivalentArg } from './arguments';
import type { Core } from './core';
import { amqpError, rs } from './errors';
import { fieldNumber, typeName } from './fields';
import { checkExclusive, getQueue, queueName, vhostOf } from './lookup';
import {
  OVERFLOW_DROP_HEAD,
  OVERFLOW_REJECT_PUBLISH,
  OVERFLOW_REJECT_PUBLISH_DLX,
  Queue,
  type ChannelLike,
  type ConnectionLike,
  type Policy,
  type VHost,
} from './model';
import type { QueueEngine } from './queue';
import { declareReplyTo, REPLY_TO } from './replyTo';
import type { FieldTable, QueueDeclareArgs, QueueDeclareOk, QueueDeleteArgs, QueuePurgeArgs, QueueType } from './types';

export class QueueDeclarer {
  /** Policies in the order set (the highest priority matching one applies). */
  readonly policies: Policy[] = [];
  /** Called when a queue with a consumer timeout appears (channels then need their tick). */
  onConsumerTimeout: () => void = () => undefined;

  constructor(
    private readonly core: Core,
    private readonly queues: QueueEngine,
  ) {}

  declare(ch: ChannelLike, a: QueueDeclareArgs): QueueDeclareOk {
    const v = vhostOf(this.core, ch);
    let name = a.queue ?? '';
    if (name.startsWith(REPLY_TO)) return declareReplyTo(this.core, ch, v.name, name);
    if (a.passive) return this.passive(ch, v, name === '' ? queueName(ch, '', 'queueDeclare') : name);
    if (name === '') name = this.serverName(ch, a.arguments ?? {});
    else if (name.startsWith('amq.')) throw ch.fail(amqpError('ACCESS_REFUSED', `queue name '${name}' contains reserved prefix 'amq.*'`, 'queueDeclare'));
    const existing = v.queues.get(name);
    if (existing !== undefined) return this.redeclare(ch, existing, a);
    const what = rs('queue', name, v.name);
    const durable = a.durable === true,
      exclusive = a.exclusive === true,
      autoDelete = a.autoDelete === true;
    const args = a.arguments ?? {};
    const type = this.queueType(ch, what, args);
    if (type === 'quorum' && this.core.rules.quorumStrictProperties) {
      const bad = autoDelete ? 'auto-delete' : exclusive ? 'exclusive-owner' : !durable ? 'non-durable' : null;
      if (bad !== null) throw ch.fail(amqpError('PRECONDITION_FAILED', `invalid property '${bad}' for ${what}`, 'queueDeclare'));
    }
    const problem = checkQueueArgs(what, type, args, this.core.rules);
    if (problem !== null) throw ch.fail(amqpError('PRECONDITION_FAILED', problem, 'queueDeclare'));
    const q = this.create(v, name, type, durable, exclusive ? ch.connection : null, exclusive, autoDelete, args);
    ch.lastQueue = name;
    if (this.core.rec.on) this.core.rec.queue('queue-declared', q, '', 0);
    return { queue: name, messageCount: 0, consumerCount: 0 };
  }

  /** An amq.gen-… name; RabbitMQ's quorum queues cannot be server-named (rabbit_channel, probed on 3.10.8). */
  private serverName(ch: ChannelLike, args: FieldTable): string {
    if (args['x-queue-type'] === 'quorum' && this.core.rules.quorumStrictProperties) {
      throw ch.fail(amqpError('PRECONDITION_FAILED', 'Cannot declare a server-named queue for type rabbit_quorum_queue', 'queueDeclare'));
    }
    return 'amq.gen-' + this.core.prng.name(22);
  }

  private passive(ch: ChannelLike, v: VHost, name: string): QueueDeclareOk {
    const q = v.queues.get(name);
    if (q === undefined) throw ch.fail(amqpError('NOT_FOUND', `no ${rs('queue', name, v.name)}`, 'queueDeclare'));
    checkExclusive(ch, q, 'queueDeclare');
    ch.lastQueue = name;
    this.queues.touchIdle(q);
    return { queue: name, messageCount: q.ready, consumerCount: q.consumers.length };
  }

  private redeclare(ch: ChannelLike, existing: Queue, a: QueueDeclareArgs): QueueDeclareOk {
    const what = rs('queue', existing.name, existing.vhost.name);
    const durable = a.durable === true,
      exclusive = a.exclusive === true,
      autoDelete = a.autoDelete === true;
    checkExclusive(ch, existing, 'queueDeclare');
    const refuse = (detail: string) => ch.fail(amqpError('PRECONDITION_FAILED', detail, 'queueDeclare'));
    if (existing.durable !== durable) throw refuse(`inequivalent arg 'durable' for ${what}: received '${durable}' but current is '${existing.durable}'`);
    if (existing.exclusive !== exclusive) checkExclusive(ch, { owner: {} as ConnectionLike, name: existing.name, vhost: existing.vhost }, 'queueDeclare');
    if (existing.autoDelete !== autoDelete)
      throw refuse(`inequivalent arg 'auto_delete' for ${what}: received '${autoDelete}' but current is '${existing.autoDelete}'`);
    const diff = inequivalentArg(what, existing.type, existing.args, a.arguments ?? {});
    if (diff !== null) throw refuse(diff);
    ch.lastQueue = existing.name;
    // a redeclare renews an x-expires lease (rabbit_amqqueue:stat -> ensure_expiry_timer)
    this.queues.touchIdle(existing);
    return { queue: existing.name, messageCount: existing.ready, consumerCount: existing.consumers.length };
  }

  private queueType(ch: ChannelLike, what: string, args: FieldTable): QueueType {
    const qt = args['x-queue-type'];
    if (qt === undefined || qt === 'classic') return 'classic';
    if (qt === 'quorum') return 'quorum';
    throw ch.fail(
      amqpError(
        'PRECONDITION_FAILED',
        `invalid arg 'x-queue-type' for ${what}: ${typeof qt === 'string' ? `"unsupported queue type '${qt}'"` : `{unacceptable_type,${typeName(qt)}}`}`,
        'queueDeclare',
      ),
    );
  }

  /** Makes a queue (declare or restore): effective settings, priority levels, x-expires lease. */
  create(
    v: VHost,
    name: string,
    type: QueueType,
    durable: boolean,
    owner: ConnectionLike | null,
    exclusive: boolean,
    autoDelete: boolean,
    args: FieldTable,
  ): Queue {
    const rules = this.core.rules;
    const fifo = type === 'quorum' && rules.quorumFifoReturns;
    const q = new Queue(this.core.queueRegistry.length, v, name, type, durable, exclusive, owner, autoDelete, args, fifo);
    this.core.queueRegistry.push(q);
    v.queues.set(name, q);
    this.configure(q);
    // priority sub-queues: x-max-priority on a classic queue (rabbit_priority_queue; levels 0..N, N capped
    // at 255); RabbitMQ 4.x quorum queues always have two levels, normal and high (rabbit_fifo_q)
    const mp = fieldNumber(args['x-max-priority']);
    if (fifo) q.enablePriorities(1, true);
    else if (mp !== undefined && mp >= 1 && (type === 'classic' || rules.priorityOnAnyQueueType)) q.enablePriorities(Math.min(mp, 255), false);
    if (q.consumerTimeout > 0) this.onConsumerTimeout();
    this.queues.touchIdle(q);
    return q;
  }

  /** Applies the queue's arguments and its matching policy (lower wins for limits and TTLs). */
  configure(q: Queue): void {
    const pol = this.policyFor(q);
    q.policy = pol ? pol.name : '';
    const s = effectiveSettings(q.type, q.args, pol ? pol.definition : {}, this.core.rules);
    q.messageTtl = s.messageTtl;
    q.maxLength = s.maxLength;
    q.maxBytes = s.maxBytes;
    q.consumerTimeout = s.consumerTimeout;
    q.expires = s.expires;
    q.overflow =
      s.overflow === 'reject-publish' ? OVERFLOW_REJECT_PUBLISH : s.overflow === 'reject-publish-dlx' ? OVERFLOW_REJECT_PUBLISH_DLX : OVERFLOW_DROP_HEAD;
    q.dlx = s.dlx;
    q.dlrk = s.dlrk;
    q.singleActive = s.singleActive;
    q.deliveryLimit = s.deliveryLimit;
  }

  private policyFor(q: Queue): Policy | undefined {
    let best: Policy | undefined;
    for (const p of this.policies) {
      if (p.vhost !== q.vhost.name || p.applyTo === 'exchanges' || !p.regex.test(q.name)) continue;
      if (best === undefined || p.priority > best.priority) best = p;
    }
    return best;
  }

  purge(ch: ChannelLike, a: QueuePurgeArgs): number {
    return this.queues.purge(getQueue(this.core, ch, a.queue ?? '', 'queuePurge'));
  }

  /** Deleting a missing queue answers delete-ok with 0 (RabbitMQ 3.x+). */
  delete(ch: ChannelLike, a: QueueDeleteArgs): number {
    const v = vhostOf(this.core, ch);
    const name = queueName(ch, a.queue ?? '', 'queueDelete');
    const q = v.queues.get(name);
    if (q === undefined) return 0;
    checkExclusive(ch, q, 'queueDelete');
    const what = rs('queue', name, v.name);
    if (q.type === 'quorum' && this.core.rules.quorumStrictProperties && (a.ifUnused || a.ifEmpty)) {
      // rabbit_quorum_queue:delete/4, a connection error (probed on 3.10.8)
      const flag = a.ifUnused ? 'if-unused' : 'if-empty';
      const text = `cannot delete ${what}. queue.delete operations with ${flag} flag set are not supported by quorum queues`;
      throw ch.connection.fail(amqpError('NOT_IMPLEMENTED', text, 'queueDelete'), ch.number);
    }
    if (a.ifUnused && q.consumers.length > 0) throw ch.fail(amqpError('PRECONDITION_FAILED', `${what} in use`, 'queueDelete'));
    if (a.ifEmpty && q.ready > 0) throw ch.fail(amqpError('PRECONDITION_FAILED', `${what} not empty`, 'queueDelete'));
    return this.queues.deleteQueue(q);
  }
}

// Read-only views of a broker: snapshot (the trees), queueDetail, messageState, and the content of a
// message copy (the one way every view gets a body).
import type { Core } from './core';
import { DL_REASONS, DROP_REASONS, S_ACKED, S_DL, S_DROP, S_READY, S_UNACKED, type Binding, type ChannelLike, type Msg, type Queue } from './model';
import { REPLY_TO } from './replyTo';
import type {
  BasicProperties,
  BindingSnapshot,
  BrokerSnapshot,
  ChannelSnapshot,
  ConnectionSnapshot,
  ExchangeSnapshot,
  MessageState,
  QueueDetail,
  QueueSnapshot,
} from './types';

/** A message copy's content, as views show it. */
export interface MessageContent {
  exchange: string;
  routingKey: string;
  properties: BasicProperties;
  body: Uint8Array;
}

export function snapshot(core: Core): BrokerSnapshot {
  const queues: QueueSnapshot[] = [];
  const exchanges: ExchangeSnapshot[] = [];
  const bindings: BindingSnapshot[] = [];
  for (const v of core.vhosts.values()) {
    for (const q of v.queues.values()) queues.push(queueSnap(q));
    for (const ex of v.exchanges.values()) {
      if (ex.type === 'default') continue;
      exchanges.push({
        vhost: v.name,
        name: ex.name,
        type: ex.type,
        durable: ex.durable,
        autoDelete: ex.autoDelete,
        internal: ex.internal,
        arguments: ex.args,
      });
      for (const b of ex.bindings) bindings.push(bindingSnap(b));
    }
  }
  const connections: ConnectionSnapshot[] = [];
  for (const c of core.connections.values()) {
    const channels: ChannelSnapshot[] = [];
    for (const ch of c.channels.values()) channels.push(channelSnap(ch));
    connections.push({
      id: c.id,
      name: c.info.clientName ?? '',
      user: c.info.user ?? 'guest',
      vhost: c.vhost,
      remoteAddress: c.info.remoteAddress ?? '',
      channels,
    });
  }
  return { profile: core.rules.name, time: core.clock.now(), queues, exchanges, bindings, connections };
}

function channelSnap(ch: ChannelLike): ChannelSnapshot {
  const consumers = [...ch.consumers.values()].map((k) => ({
    consumerTag: k.tag,
    queue: k.queue.name,
    prefetch: k.prefetch,
    noAck: k.noAck,
    exclusive: k.exclusive,
    priority: k.priority,
    active: !k.queue.singleActive || k.queue.sacActive === k,
    unacked: k.unacked,
  }));
  const rc = ch.replyConsumer;
  // direct reply-to: the reply consumer is listed on its pseudo-queue, so the Connections tree shows it
  if (rc !== null) consumers.push({ consumerTag: rc.tag, queue: REPLY_TO, prefetch: 0, noAck: true, exclusive: false, priority: 0, active: true, unacked: 0 });
  return {
    number: ch.number,
    prefetch: ch.prefetch,
    globalPrefetch: ch.globalPrefetch,
    confirm: ch.confirm,
    tx: ch.tx,
    flow: ch.flowActive,
    unacked: ch.unacked.live + ch.txSettles.length,
    consumers,
  };
}

export function queueSnap(q: Queue): QueueSnapshot {
  const ready = q.ready;
  return {
    vhost: q.vhost.name,
    name: q.name,
    type: q.type,
    durable: q.durable,
    exclusive: q.exclusive,
    autoDelete: q.autoDelete,
    ready,
    unacked: q.unacked,
    messages: ready + q.unacked,
    consumers: q.consumers.length,
    arguments: q.args,
  };
}

export function bindingSnap(b: Binding): BindingSnapshot {
  return {
    vhost: b.source.vhost.name,
    source: b.source.name,
    destination: b.queue ? b.queue.name : b.exchange!.name,
    destinationType: b.queue ? 'queue' : 'exchange',
    routingKey: b.routingKey,
    arguments: b.args,
  };
}

/** Ready list in delivery order and unacked entries of one queue. */
export function queueDetail(core: Core, vhost: string, name: string): QueueDetail | undefined {
  const q = core.vhosts.get(vhost)?.queues.get(name);
  if (q === undefined) return undefined;
  const readyMessages = q.readyList().map((m, i) => ({ messageId: m.id, position: i, redelivered: m.deliveries > 0, deliveryCount: m.deliveries }));
  const unackedMessages = [];
  for (const [m, ch] of unackedOf(core, q)) {
    unackedMessages.push({
      messageId: m.id,
      connectionId: ch.connection.id,
      channel: ch.number,
      deliveryTag: m.tag,
      consumerTag: m.consumer ? m.consumer.tag : '',
      deliveredAt: m.deliveredAt,
      redelivered: m.deliveries > 1,
      deliveryCount: m.deliveries,
    });
  }
  return { ...queueSnap(q), readyMessages, unackedMessages };
}

/** Live unacked copies (of one queue, or all), channel by channel in tag order. */
export function* unackedOf(core: Core, q: Queue | null): Generator<[Msg, ChannelLike]> {
  for (const c of core.connections.values())
    for (const ch of c.channels.values()) {
      const u = ch.unacked;
      for (let i = u.head; i < u.msgs.length; i++) {
        const m = u.msgs[i]!;
        if (u.isHeld(i) && (q === null || m.queue === q)) yield [m, ch];
      }
    }
}

/** Settles pending in a transaction (still unacked), with their channel. */
function* txPending(core: Core): Generator<[Msg, ChannelLike]> {
  for (const c of core.connections.values()) for (const ch of c.channels.values()) for (const m of ch.txSettles) yield [m, ch];
}

/** Where a message copy is now (ready@position / unacked / acked / dead-lettered / dropped). */
export function messageState(core: Core, id: number): MessageState | undefined {
  const code = core.states.get(id);
  if (code === 0) return undefined;
  const st = code & 31;
  const q = core.queueOf(id)!;
  const base = { messageId: id, vhost: q.vhost.name, queue: q.name };
  if (st === S_READY) {
    const list = q.readyList();
    const i = list.findIndex((m) => m.id === id);
    const m = list[i]!;
    return { state: 'ready', ...base, position: i, redelivered: m.deliveries > 0, deliveryCount: m.deliveries };
  }
  if (st === S_UNACKED) {
    // live on a channel, or pending inside a transaction: still unacked
    for (const [m, ch] of [...unackedOf(core, q), ...txPending(core)]) {
      if (m.id === id)
        return {
          state: 'unacked',
          ...base,
          connectionId: ch.connection.id,
          channel: ch.number,
          deliveryTag: m.tag,
          consumerTag: m.consumer ? m.consumer.tag : '',
          deliveredAt: m.deliveredAt,
          deliveryCount: m.deliveries,
        };
    }
    return undefined;
  }
  if (st === S_ACKED) return { state: 'acked', ...base };
  if (st < S_DROP) return { state: 'dead-lettered', ...base, reason: DL_REASONS[st - S_DL]! };
  return { state: 'dropped', ...base, reason: DROP_REASONS[st - S_DROP]! };
}

/**
 * Content of a message copy that is still ready or unacked; undefined once it is gone. O(1) while someone
 * retains content (Broker.retainContent, the live stepper); otherwise a scan of its queue.
 */
export function messageContent(core: Core, id: number): MessageContent | undefined {
  const m = findLive(core, id);
  return m ? { exchange: m.exchange, routingKey: m.routingKey, properties: m.properties, body: m.body } : undefined;
}

function findLive(core: Core, id: number): Msg | undefined {
  const indexed = core.retained?.get(id);
  if (indexed) return indexed;
  const st = core.states.get(id) & 31;
  if (st !== S_READY && st !== S_UNACKED) return undefined;
  const q = core.queueOf(id)!;
  if (st === S_READY) return q.readyList().find((m) => m.id === id);
  for (const [m] of unackedOf(core, q)) if (m.id === id) return m;
  for (const [m] of txPending(core)) if (m.id === id) return m;
  return undefined;
}

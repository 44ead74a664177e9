// The event recorder: one method per event kind, taking the broker's objects. Callers check `rec.on`
// first, so a broker with the log off and no subscriber builds nothing. An event's time is the clock
// reading taken when the outermost operation began.
//
// The five kinds every message makes (published, routed, enqueued, delivered, acked / nacked / rejected)
// are written straight into a claimed ring slot, and their typed event is built from the same values only
// when someone subscribed. Every other kind fills the log's raw record (eventRecord.ts says which column
// holds what for each kind). test/unit/broker/events.test.ts checks that both agree with the read-back.
import type { EventLog } from './events';
import { EV, F_HELD, F_MULTIPLE, F_NOACK, F_REDELIVERED, F_REQUEUE, RawEvent } from './eventRecord';
import { N_CHANNEL, N_CONNECTION, N_COUNT, N_DELIVERIES, N_MESSAGE, N_PUBLISH, N_TAG } from './eventRecord';
import { S_CONSUMER_TAG, S_EXCHANGE, S_QUEUE, S_REASON, S_ROUTING_KEY } from './eventRecord';
import { REPLY_TO, type ChannelLike, type ConnectionLike, type Consumer, type Exchange, type Msg, type Queue } from './model';
import type { Delivery, FieldTable } from './types';
import type { CloseReason, SettledEvent } from './eventTypes';

const K_PUBLISHED = EV['published'],
  K_ROUTED = EV['routed'],
  K_ENQUEUED = EV['enqueued'],
  K_DELIVERED = EV['delivered'],
  K_ACKED = EV['acked'];

export class Recorder {
  /** Clock reading of the current operation (Core.t). */
  t = 0;
  private readonly r = new RawEvent();
  constructor(readonly log: EventLog) {}

  get on(): boolean {
    return this.log.active;
  }

  private onChannel(kind: number, vhost: string, ch: ChannelLike): RawEvent {
    const r = this.r.reset(this.t, kind, vhost);
    r.connectionId = ch.connection.id;
    r.channel = ch.number;
    return r;
  }

  private ofCopy(kind: number, q: Queue, m: Msg): RawEvent {
    const r = this.r.reset(this.t, kind, q.vhost.name);
    r.queue = q.name;
    r.exchange = m.exchange;
    r.routingKey = m.routingKey;
    r.messageId = m.id;
    r.publishId = m.publishId;
    r.redelivered = m.deliveries > 0;
    r.deliveryCount = m.deliveries;
    return r;
  }

  private ofPublish(kind: number, ex: Exchange, rk: string, pid: number, ch: ChannelLike): RawEvent {
    const r = this.onChannel(kind, ex.vhost.name, ch);
    r.exchange = ex.name;
    r.routingKey = rk;
    r.publishId = pid;
    return r;
  }

  // ------------------------------------------------------------ messages

  /** enqueued / publish-rejected / requeued / expired / dead-lettered / dropped: one copy in one queue. */
  message(
    kind: 'enqueued' | 'publish-rejected' | 'requeued' | 'expired' | 'dead-lettered' | 'dropped',
    q: Queue,
    m: Msg,
    reason: string,
    deadLetterExchange = '',
  ): void {
    if (kind === 'enqueued') return this.enqueued(q, m);
    const r = this.ofCopy(EV[kind], q, m);
    r.reason = reason;
    r.text = deadLetterExchange;
    this.log.write(r);
  }

  /** A new copy in a queue (hot). */
  private enqueued(q: Queue, m: Msg): void {
    const log = this.log,
      time = this.t,
      vhost = q.vhost.name,
      redelivered = m.deliveries > 0;
    const o = log.claim(time, K_ENQUEUED, redelivered ? F_REDELIVERED : 0, vhost);
    if (o >= 0) this.copyColumns(o, q, m);
    if (!log.listening) return;
    log.emit({
      seq: log.lastSeq,
      time,
      vhost,
      queue: q.name,
      messageId: m.id,
      publishId: m.publishId,
      exchange: m.exchange,
      routingKey: m.routingKey,
      redelivered,
      deliveryCount: m.deliveries,
      kind: 'enqueued',
    });
  }

  /** acked / nacked / rejected: one settled delivery (hot). */
  settled(kind: 'acked' | 'nacked' | 'rejected', ch: ChannelLike, m: Msg, consumer: Consumer | null, tag: number, multiple: boolean, requeue: boolean): void {
    this.settledAs(kind === 'acked' ? K_ACKED : EV[kind], kind, ch, m, consumer ? consumer.tag : '', tag, multiple, requeue, false);
  }

  private settledAs<K extends 'acked' | 'nacked' | 'rejected'>(
    k: number,
    kind: K,
    ch: ChannelLike,
    m: Msg,
    consumerTag: string,
    tag: number,
    multiple: boolean,
    requeue: boolean,
    autoAck: boolean,
  ): void {
    const log = this.log,
      time = this.t,
      q = m.queue,
      vhost = q.vhost.name,
      redelivered = m.deliveries > 1;
    const o = log.claim(time, k, (redelivered ? F_REDELIVERED : 0) | (multiple ? F_MULTIPLE : 0) | (requeue ? F_REQUEUE : 0), vhost);
    if (o >= 0) {
      this.copyColumns(o, q, m);
      this.deliveryColumns(o, ch, consumerTag, tag, autoAck ? 'auto-ack' : '', 0);
    }
    if (!log.listening) return;
    const e: SettledEvent<K> = {
      seq: log.lastSeq,
      time,
      vhost,
      queue: q.name,
      messageId: m.id,
      publishId: m.publishId,
      exchange: m.exchange,
      routingKey: m.routingKey,
      redelivered,
      deliveryCount: m.deliveries,
      kind,
      connectionId: ch.connection.id,
      channel: ch.number,
      consumerTag,
      deliveryTag: tag,
      multiple,
      requeue,
      autoAck,
    };
    log.emit(e as SettledEvent<'acked'>);
  }

  /** A delivery to a consumer (consumerTag) or a basic.get ('' with `left` ready messages), and its auto-ack (hot). */
  delivered(ch: ChannelLike, m: Msg, consumerTag: string, tag: number, noAck: boolean, held: boolean, get: boolean, left: number): void {
    const log = this.log,
      time = this.t,
      q = m.queue,
      vhost = q.vhost.name,
      redelivered = m.deliveries > 1,
      messageCount = get ? left : 0;
    const o = log.claim(time, K_DELIVERED, (redelivered ? F_REDELIVERED : 0) | (noAck ? F_NOACK : 0) | (held ? F_HELD : 0), vhost);
    if (o >= 0) {
      this.copyColumns(o, q, m);
      this.deliveryColumns(o, ch, consumerTag, tag, get ? 'get' : '', messageCount);
    }
    if (log.listening) {
      log.emit({
        seq: log.lastSeq,
        time,
        vhost,
        queue: q.name,
        messageId: m.id,
        publishId: m.publishId,
        exchange: m.exchange,
        routingKey: m.routingKey,
        redelivered,
        deliveryCount: m.deliveries,
        kind: 'delivered',
        connectionId: ch.connection.id,
        channel: ch.number,
        consumerTag,
        deliveryTag: tag,
        noAck,
        held,
        get,
        messageCount,
      });
    }
    if (noAck) this.settledAs(K_ACKED, 'acked', ch, m, consumerTag, tag, false, false, true);
  }

  /** The columns of one copy in one queue (what the enqueued / delivered / settled readers read). */
  private copyColumns(o: number, q: Queue, m: Msg): void {
    const log = this.log,
      nu = log.nums;
    nu[o + N_MESSAGE] = m.id;
    nu[o + N_PUBLISH] = m.publishId;
    nu[o + N_DELIVERIES] = m.deliveries;
    log.str(o + S_QUEUE, q.name);
    log.str(o + S_EXCHANGE, m.exchange);
    log.str(o + S_ROUTING_KEY, m.routingKey);
  }

  /** The columns a delivery and a settle add. */
  private deliveryColumns(o: number, ch: ChannelLike, consumerTag: string, tag: number, reason: string, count: number): void {
    const log = this.log,
      nu = log.nums;
    nu[o + N_CONNECTION] = ch.connection.id;
    nu[o + N_CHANNEL] = ch.number;
    nu[o + N_TAG] = tag;
    nu[o + N_COUNT] = count;
    log.str(o + S_CONSUMER_TAG, consumerTag);
    log.str(o + S_REASON, reason);
  }

  getEmpty(ch: ChannelLike, q: Queue, noAck: boolean): void {
    const r = this.onChannel(EV['get-empty'], q.vhost.name, ch);
    r.queue = q.name;
    r.noAck = noAck;
    this.log.write(r);
  }

  released(conn: ConnectionLike, channel: number, d: Delivery): void {
    const r = this.r.reset(this.t, EV['delivery-released'], conn.vhost);
    r.connectionId = conn.id;
    r.channel = channel;
    r.exchange = d.exchange;
    r.routingKey = d.routingKey;
    r.messageId = d.messageId;
    r.consumerTag = d.consumerTag;
    r.deliveryTag = d.deliveryTag;
    r.redelivered = d.redelivered;
    this.log.write(r);
  }

  // ------------------------------------------------------------ publishing

  published(ex: Exchange, rk: string, pid: number, ch: ChannelLike, mandatory: boolean, size: number): void {
    const log = this.log,
      time = this.t,
      vhost = ex.vhost.name,
      exchange = ex.name,
      connectionId = ch.connection.id,
      channel = ch.number;
    const o = log.claim(time, K_PUBLISHED, mandatory ? F_MULTIPLE : 0, vhost);
    if (o >= 0) this.publishColumns(o, connectionId, channel, exchange, rk, pid, size);
    if (!log.listening) return;
    log.emit({ seq: log.lastSeq, time, vhost, connectionId, channel, exchange, routingKey: rk, publishId: pid, kind: 'published', mandatory, size });
  }

  /** The copies one publish made: `queue` names the queue when there is exactly one. */
  routed(ex: Exchange, rk: string, pid: number, ch: ChannelLike, queue: string, queues: number): void {
    const log = this.log,
      time = this.t,
      vhost = ex.vhost.name,
      exchange = ex.name,
      connectionId = ch.connection.id,
      channel = ch.number;
    const o = log.claim(time, K_ROUTED, 0, vhost);
    if (o >= 0) {
      this.publishColumns(o, connectionId, channel, exchange, rk, pid, queues);
      log.str(o + S_QUEUE, queue);
    }
    if (!log.listening) return;
    log.emit({ seq: log.lastSeq, time, vhost, connectionId, channel, exchange, routingKey: rk, publishId: pid, kind: 'routed', queue, queues });
  }

  /** The columns of a publish (what the published / routed readers read, with the queue for routed). */
  private publishColumns(o: number, connectionId: number, channel: number, exchange: string, rk: string, pid: number, count: number): void {
    const log = this.log,
      nu = log.nums;
    nu[o + N_PUBLISH] = pid;
    nu[o + N_CONNECTION] = connectionId;
    nu[o + N_CHANNEL] = channel;
    nu[o + N_COUNT] = count;
    log.str(o + S_EXCHANGE, exchange);
    log.str(o + S_ROUTING_KEY, rk);
  }

  unroutable(ex: Exchange, rk: string, pid: number, ch: ChannelLike, mandatory: boolean): void {
    const r = this.ofPublish(EV['unroutable'], ex, rk, pid, ch);
    r.multiple = mandatory;
    this.log.write(r);
  }

  returned(ex: Exchange, rk: string, pid: number, ch: ChannelLike): void {
    const r = this.ofPublish(EV['returned'], ex, rk, pid, ch);
    r.code = 312;
    r.text = 'NO_ROUTE';
    this.log.write(r);
  }

  confirmed(ex: Exchange, rk: string, pid: number, ch: ChannelLike, seq: number, nack: boolean, multiple: boolean): void {
    const r = this.ofPublish(EV['confirmed'], ex, rk, pid, ch);
    r.deliveryTag = seq;
    r.reason = nack ? 'nack' : 'ack';
    r.multiple = multiple;
    this.log.write(r);
  }

  // ------------------------------------------------------------ topology

  /** queue-declared (reason 'restored', count = ready messages, after a restore) / purged / queue-deleted. */
  queue(kind: 'queue-declared' | 'purged' | 'queue-deleted', q: Queue, reason: string, messages: number): void {
    const r = this.r.reset(this.t, EV[kind], q.vhost.name);
    r.queue = q.name;
    r.reason = reason;
    r.text = q.type;
    r.count = messages;
    this.log.write(r);
  }

  exchange(kind: 'exchange-declared' | 'exchange-deleted', ex: Exchange, ch: ChannelLike | null): void {
    const r = ch ? this.onChannel(EV[kind], ex.vhost.name, ch) : this.r.reset(this.t, EV[kind], ex.vhost.name);
    r.exchange = ex.name;
    r.text = ex.type;
    this.log.write(r);
  }

  binding(
    kind: 'binding-created' | 'binding-deleted',
    vhost: string,
    source: string,
    q: Queue | null,
    dx: Exchange | null,
    rk: string,
    ch: ChannelLike | null,
  ): void {
    const r = ch ? this.onChannel(EV[kind], vhost, ch) : this.r.reset(this.t, EV[kind], vhost);
    r.exchange = source;
    r.queue = q ? q.name : dx ? dx.name : '';
    r.text = q ? 'queue' : 'exchange';
    r.routingKey = rk;
    this.log.write(r);
  }

  // ------------------------------------------------------------ channels, consumers, connections

  channelOpened(ch: ChannelLike): void {
    this.log.write(this.onChannel(EV['channel-opened'], ch.connection.vhost, ch));
  }

  /** channel-closed, or a channel error (reason 'channel-error' / 'consumer-timeout'; deliveryTag for a 406 unknown tag). */
  channelClosed(kind: 'channel-closed' | 'error', ch: ChannelLike, reason: CloseReason, code: number, text: string, deliveryTag = 0): void {
    const r = this.onChannel(EV[kind], ch.connection.vhost, ch);
    r.reason = reason;
    r.code = code;
    r.text = text;
    r.deliveryTag = deliveryTag;
    this.log.write(r);
  }

  qos(ch: ChannelLike, global: boolean, prefetch: number): void {
    const r = this.onChannel(EV['qos'], ch.connection.vhost, ch);
    r.reason = global ? 'global' : 'consumer';
    r.count = prefetch;
    this.log.write(r);
  }

  recovered(ch: ChannelLike, requeue: boolean, unacked: number): void {
    const r = this.onChannel(EV['recovered'], ch.connection.vhost, ch);
    r.reason = requeue ? 'requeue' : 'redeliver';
    r.count = unacked;
    this.log.write(r);
  }

  consumer(kind: 'consumer-added' | 'consumer-cancelled', c: Consumer, reason: '' | 'cancel' | 'channel-closed' | 'queue-deleted'): void {
    const r = this.onChannel(EV[kind], c.queue.vhost.name, c.ch);
    r.queue = c.queue.name;
    r.consumerTag = c.tag;
    r.noAck = c.noAck;
    r.reason = reason;
    r.count = c.prefetch;
    this.log.write(r);
  }

  /** The reply consumer of a channel (direct reply-to): consumer events on the pseudo-queue. */
  replyConsumer(kind: 'consumer-added' | 'consumer-cancelled', ch: ChannelLike, tag: string, reason: '' | 'cancel' | 'channel-closed'): void {
    const r = this.onChannel(EV[kind], ch.connection.vhost, ch);
    r.queue = REPLY_TO;
    r.consumerTag = tag;
    r.noAck = true;
    r.reason = reason;
    this.log.write(r);
  }

  /** A reply published to a reply name: delivered on `ch` with `tag`, or dropped (ch null). */
  reply(vhost: string, name: string, pid: number, ch: ChannelLike | null, consumerTag: string, tag: number): void {
    const r = ch === null ? this.r.reset(this.t, EV['reply-dropped'], vhost) : this.onChannel(EV['reply-delivered'], vhost, ch);
    r.routingKey = name;
    r.publishId = pid;
    r.consumerTag = consumerTag;
    r.deliveryTag = tag;
    this.log.write(r);
  }

  connectionOpened(conn: ConnectionLike, clientName: string, clientProperties: FieldTable | undefined): void {
    const r = this.r.reset(this.t, EV['connection-opened'], conn.vhost);
    r.connectionId = conn.id;
    r.text = clientName;
    r.obj = clientProperties;
    this.log.write(r);
  }

  /** connection-closed, or a connection-scope error (on `channel`, 0 = the connection itself). */
  connection(kind: 'connection-closed' | 'error', conn: ConnectionLike, channel: number, reason: CloseReason, code: number, text: string): void {
    const r = this.r.reset(this.t, EV[kind], conn.vhost);
    r.connectionId = conn.id;
    r.channel = channel;
    r.reason = reason;
    r.code = code;
    r.text = text;
    this.log.write(r);
  }

  // ------------------------------------------------------------ broker

  clockAdvanced(from: number, to: number): void {
    const r = this.r.reset(from, EV['clock-advanced'], '');
    r.count = to - from;
    this.log.write(r);
  }

  holdChanged(hold: boolean, pending: number): void {
    const r = this.r.reset(this.t, EV['hold-changed'], '');
    r.held = hold;
    r.count = pending;
    this.log.write(r);
  }

  restored(queues: number): void {
    const r = this.r.reset(this.t, EV['restored'], '');
    r.count = queues;
    this.log.write(r);
  }
}

// The event recorder: one method per event kind, taking the broker's objects and writing the event to the
// log (events.ts). Callers check `rec.on` first, so a broker with the log off and no subscriber builds
// nothing. The time of every event is the clock reading taken when the outermost operation began.
import { EV, EventLog } from './events';
import type { ChannelLike, ConnectionLike, Consumer, Exchange, Msg, Queue } from './model';
import type { Delivery } from './types';

export class Recorder {
  /** Clock reading of the current operation (Core.t). */
  t = 0;
  constructor(readonly log: EventLog) {}

  get on(): boolean { return this.log.active; }

  // ------------------------------------------------------------ messages

  /** enqueued / publish-rejected / requeued / expired / dead-lettered / dropped: one copy in one queue. */
  message(kind: 'enqueued' | 'publish-rejected' | 'requeued' | 'expired' | 'dead-lettered' | 'dropped', q: Queue, m: Msg, reason: string, exchange: string): void {
    this.log.emit(this.t, EV[kind], q.vhost.name, q.name, exchange, m.routingKey, m.id, m.publishId, 0, 0, '', 0, m.deliveries > 0, m.deliveries, false, false, false, false, reason, 0, '', 0);
  }

  /** acked / nacked / rejected: one settled delivery. */
  settled(kind: 'acked' | 'nacked' | 'rejected', ch: ChannelLike, m: Msg, consumer: Consumer | null, tag: number, multiple: boolean, requeue: boolean): void {
    const q = m.queue;
    this.log.emit(this.t, EV[kind], q.vhost.name, q.name, m.exchange, m.routingKey, m.id, m.publishId, ch.connection.id, ch.number, consumer ? consumer.tag : '', tag, m.deliveries > 1, m.deliveries, multiple, requeue, false, false, '', 0, '', 0);
  }

  /** A delivery to a consumer (consumerTag) or a basic.get ('' with `left` ready messages), and its auto-ack. */
  delivered(ch: ChannelLike, m: Msg, consumerTag: string, tag: number, noAck: boolean, held: boolean, get: boolean, left: number): void {
    const q = m.queue, now = this.t, redelivered = m.deliveries > 1;
    this.log.emit(now, EV['delivered'], q.vhost.name, q.name, m.exchange, m.routingKey, m.id, m.publishId, ch.connection.id, ch.number, consumerTag, tag, redelivered, m.deliveries, false, false, noAck, held, get ? 'get' : '', 0, '', get ? left : 0);
    if (noAck) this.log.emit(now, EV['acked'], q.vhost.name, q.name, m.exchange, m.routingKey, m.id, m.publishId, ch.connection.id, ch.number, consumerTag, tag, redelivered, m.deliveries, false, false, true, false, 'auto-ack', 0, '', 0);
  }

  getEmpty(ch: ChannelLike, q: Queue, noAck: boolean): void {
    this.log.emit(this.t, EV['get-empty'], q.vhost.name, q.name, '', '', 0, 0, ch.connection.id, ch.number, '', 0, false, 0, false, false, noAck, false, '', 0, '', 0);
  }

  released(conn: ConnectionLike, channel: number, d: Delivery): void {
    this.log.emit(this.t, EV['delivery-released'], conn.vhost, '', d.exchange, d.routingKey, d.messageId, 0, conn.id, channel, d.consumerTag, d.deliveryTag, d.redelivered, 0, false, false, false, false, '', 0, '', 0);
  }

  // ------------------------------------------------------------ publishing

  published(ex: Exchange, rk: string, pid: number, ch: ChannelLike, mandatory: boolean, size: number): void {
    this.log.emit(this.t, EV['published'], ex.vhost.name, '', ex.name, rk, 0, pid, ch.connection.id, ch.number, '', 0, false, 0, mandatory, false, false, false, '', 0, '', size);
  }

  /** The copies one publish made: `queue` names the queue when there is exactly one. */
  routed(ex: Exchange, rk: string, pid: number, ch: ChannelLike, queue: string, queues: number): void {
    this.log.emit(this.t, EV['routed'], ex.vhost.name, queue, ex.name, rk, 0, pid, ch.connection.id, ch.number, '', 0, false, 0, false, false, false, false, '', 0, '', queues);
  }

  unroutable(ex: Exchange, rk: string, pid: number, ch: ChannelLike, mandatory: boolean): void {
    this.log.emit(this.t, EV['unroutable'], ex.vhost.name, '', ex.name, rk, 0, pid, ch.connection.id, ch.number, '', 0, false, 0, mandatory, false, false, false, '', 0, '', 0);
  }

  returned(ex: Exchange, rk: string, pid: number, ch: ChannelLike): void {
    this.log.emit(this.t, EV['returned'], ex.vhost.name, '', ex.name, rk, 0, pid, ch.connection.id, ch.number, '', 0, false, 0, false, false, false, false, '', 312, 'NO_ROUTE', 0);
  }

  confirmed(ex: Exchange, rk: string, pid: number, ch: ChannelLike, seq: number, nack: boolean): void {
    this.log.emit(this.t, EV['confirmed'], ex.vhost.name, '', ex.name, rk, 0, pid, ch.connection.id, ch.number, '', seq, false, 0, false, false, false, false, nack ? 'nack' : 'ack', 0, '', 0);
  }

  // ------------------------------------------------------------ topology

  /** queue-declared (reason 'restored', count = ready messages, after a restore) / purged / queue-deleted. */
  queue(kind: 'queue-declared' | 'purged' | 'queue-deleted', q: Queue, reason: string, count: number): void {
    this.log.emit(this.t, EV[kind], q.vhost.name, q.name, '', '', 0, 0, 0, 0, '', 0, false, 0, false, false, false, false, reason, 0, q.type, count);
  }

  exchange(kind: 'exchange-declared' | 'exchange-deleted', ex: Exchange, ch: ChannelLike | null): void {
    this.log.emit(this.t, EV[kind], ex.vhost.name, '', ex.name, '', 0, 0, ch ? ch.connection.id : 0, ch ? ch.number : 0, '', 0, false, 0, false, false, false, false, '', 0, ex.type, 0);
  }

  binding(kind: 'binding-created' | 'binding-deleted', vhost: string, source: string, q: Queue | null, dx: Exchange | null, rk: string, ch: ChannelLike | null): void {
    this.log.emit(this.t, EV[kind], vhost, q ? q.name : '', source, rk, 0, 0, ch ? ch.connection.id : 0, ch ? ch.number : 0, '', 0, false, 0, false, false, false, false, dx ? dx.name : '', 0, q ? 'queue' : 'exchange', 0);
  }

  // ------------------------------------------------------------ channels, consumers, connections

  /** error / channel-opened / channel-closed / qos / recovered. */
  channel(kind: 'error' | 'channel-opened' | 'channel-closed' | 'qos' | 'recovered', ch: ChannelLike, reason: string, code: number, text: string, count: number): void {
    this.log.emit(this.t, EV[kind], ch.connection.vhost, '', '', '', 0, 0, ch.connection.id, ch.number, '', 0, false, 0, false, false, false, false, reason, code, text, count);
  }

  consumer(kind: 'consumer-added' | 'consumer-cancelled', c: Consumer, reason: string): void {
    const q = c.queue, ch = c.ch;
    this.log.emit(this.t, EV[kind], q.vhost.name, q.name, '', '', 0, 0, ch.connection.id, ch.number, c.tag, 0, false, 0, false, false, c.noAck, false, reason, 0, '', c.prefetch);
  }

  connectionOpened(conn: ConnectionLike, clientName: string): void {
    this.log.emit(this.t, EV['connection-opened'], conn.vhost, '', '', '', 0, 0, conn.id, 0, '', 0, false, 0, false, false, false, false, '', 0, clientName, 0);
  }

  /** connection-closed, or a connection-scope error (on `channel`, 0 = the connection itself). */
  connection(kind: 'connection-closed' | 'error', conn: ConnectionLike, channel: number, reason: string, code: number, text: string): void {
    this.log.emit(this.t, EV[kind], conn.vhost, '', '', '', 0, 0, conn.id, channel, '', 0, false, 0, false, false, false, false, reason, code, text, 0);
  }

  // ------------------------------------------------------------ broker

  clockAdvanced(from: number, to: number): void {
    this.log.emit(from, EV['clock-advanced'], '', '', '', '', 0, 0, 0, 0, '', 0, false, 0, false, false, false, false, '', 0, '', to - from);
  }

  holdChanged(hold: boolean, pending: number): void {
    this.log.emit(this.t, EV['hold-changed'], '', '', '', '', 0, 0, 0, 0, '', 0, false, 0, false, false, false, hold, '', 0, '', pending);
  }

  restored(queues: number): void {
    this.log.emit(this.t, EV['restored'], '', '', '', '', 0, 0, 0, 0, '', 0, false, 0, false, false, false, false, '', 0, '', queues);
  }
}

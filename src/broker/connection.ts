// A client connection: its channels, cork/uncork of server pushes, delivery flow control from the wire
// layer, and closing (every channel closed with its unacked requeued, exclusive queues deleted).
import { BrokerChannel, type Services } from './channel';
import { flushConfirms } from './confirms';
import { amqpError, type AmqpError } from './errors';
import type { ConnectionLike, OutEntry } from './model';
import type { ConnectionInfo, ConnectionSink } from './types';
import type { CloseReason } from './eventTypes';

export class BrokerConnection implements ConnectionLike {
  /** @internal */ open = true;
  /** @internal */ readonly channels = new Map<number, BrokerChannel>();
  /** @internal */ corked = 0;
  /** @internal */ corkBuf: OutEntry[] = [];
  /** @internal See setDeliveriesPaused. */ deliveriesPaused = false;

  /** @internal */
  constructor(
    readonly id: number,
    readonly vhost: string,
    readonly info: ConnectionInfo,
    /** @internal */ readonly sink: ConnectionSink,
    private readonly s: Services,
  ) {}

  get isOpen(): boolean {
    return this.open;
  }

  /** channel.open. A second open of a live channel number is connection error 504. */
  openChannel(n: number): BrokerChannel {
    if (!this.open) throw new Error(`connection ${this.id} is closed`);
    const core = this.s.core;
    core.begin();
    try {
      if (this.channels.has(n)) throw this.fail(amqpError('CHANNEL_ERROR', "second 'channel.open' seen", 'channelOpen'), n);
      if (!Number.isInteger(n) || n < 1 || n > 65535) throw this.fail(amqpError('CHANNEL_ERROR', `invalid channel number ${n}`, 'channelOpen'), n);
      const ch = new BrokerChannel(this, n, this.s);
      this.channels.set(n, ch);
      ch.armTick();
      if (core.rec.on) core.rec.channelOpened(ch);
      return ch;
    } finally {
      core.end();
    }
  }

  channel(n: number): BrokerChannel | undefined {
    return this.channels.get(n);
  }

  /** Holds this connection's server pushes until uncork() (so a reply can go out first). Nests. */
  cork(): void {
    this.corked++;
  }

  uncork(): void {
    if (this.corked === 0) return;
    if (--this.corked > 0) return;
    const buf = this.corkBuf;
    this.corkBuf = [];
    const core = this.s.core;
    for (const e of buf) core.outbox.pushOut(e.conn, e.kind, e.ch, e.channel, e.payload);
    for (const ch of this.channels.values()) flushConfirms(core, ch);
    if (core.depth === 0) core.outbox.flush();
  }

  /**
   * Flow control from the wire layer, for a client that does not read its socket. RabbitMQ's writer blocks on
   * the socket, the queue counts the channel's unsent deliveries and, past its limit, treats the channel as
   * blocked (rabbit_queue_consumers: the consumer goes to the blocked list and the next one gets the message).
   * Here: while paused, no new delivery is made to any consumer on this connection's channels; they are
   * skipped exactly like consumers without prefetch credit, so round-robin, single-active-consumer and
   * consumer priorities go on among the others, and the messages stay ready in their queues. basic.get still
   * answers (the client asked for it), deliveries already made (held ones included) are unaffected, prefetch
   * accounting is unchanged. Unpausing dispatches every queue consumed on this connection, channels in the
   * order they were opened, consumers in the order they were set aside. Records no event and shows nowhere
   * else: it is the transport's state, not the protocol's. Pausing never dispatches, so a sink may call it from
   * inside a broker operation (see ConnectionSink.deliveryQueued).
   */
  setDeliveriesPaused(paused: boolean): void {
    if (this.deliveriesPaused === paused) return;
    this.deliveriesPaused = paused;
    if (paused || !this.open) return;
    const core = this.s.core;
    core.begin();
    try {
      for (const ch of this.channels.values()) ch.gainedRoom();
    } finally {
      core.end();
    }
  }

  get deliveriesArePaused(): boolean {
    return this.deliveriesPaused;
  }

  /** Client connection.close: closes every channel (requeueing unacked), deletes exclusive queues. */
  close(): void {
    if (!this.open) return;
    const core = this.s.core;
    core.begin();
    try {
      this.closeNow('connection-closed', 0, '');
    } finally {
      core.end();
    }
  }

  /** @internal Closes the connection for a connection-scope error (logged) and returns the error to throw. */
  fail(e: AmqpError, channel = 0): AmqpError {
    const core = this.s.core;
    if (core.rec.on) core.rec.connection('error', this, channel, 'connection-error', e.code, e.replyText);
    this.closeNow('connection-error', e.code, e.replyText);
    return e;
  }

  /** @internal */
  closeNow(reason: CloseReason, code: number, text: string): void {
    if (!this.open) return;
    const core = this.s.core;
    // every channel stops taking deliveries before any requeue (else they would go to a sibling channel)
    const chans = [...this.channels.values()];
    for (const ch of chans) ch.markClosed();
    // logged first: the channels' closes, requeues and redeliveries below are its effects
    if (core.rec.on) core.rec.connection('connection-closed', this, 0, reason, code, text);
    for (const ch of chans) ch.finishClose(reason === 'connection-error' ? 'connection-closed' : reason, 0, '');
    this.open = false;
    core.connections.delete(this.id);
    for (const v of core.vhosts.values()) for (const q of [...v.queues.values()]) if (q.owner === this) this.s.queues.deleteQueue(q);
  }
}

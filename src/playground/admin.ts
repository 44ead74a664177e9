// What the playground does to a running broker on the user's behalf: its own admin connection
// (declare, publish, get from the commands), closing a client's connection or channel "from the
// server" (a crashed worker: its unacked messages are requeued) and the bodies of unacked messages
// for the tree's previews.
//
// Until the broker offers server-side close and O(1) content for unacked messages (agreed with
// broker-core in /work/coord/NOTES.md), this records each connection's sink and the delivered
// bodies by wrapping broker.connect once per broker. It is the only code that does.
import { AmqpError, amqpError, sinkOf, type Broker, type BrokerChannel, type BrokerConnection } from '../broker';
import type { BrokerEvent, EventKind, ConnectionInfo, ConnectionSink } from '../broker';

const ADMIN_CLIENT = 'AckLab (VS Code)';
/** Events after which a delivered message is no longer unacked (its body preview can go). */
const SETTLED: ReadonlySet<EventKind> = new Set<EventKind>(['acked', 'nacked', 'rejected', 'requeued', 'expired', 'dead-lettered', 'dropped']);
/** Bodies of unacked messages kept for previews (a bound, so a flood of unacked messages costs nothing extra). */
const MAX_BODIES = 10_000;

interface Tracked {
  conn: BrokerConnection;
  sink: ConnectionSink;
}

export class Admin {
  private conn: BrokerConnection | undefined;
  private ch: BrokerChannel | undefined;
  private nextChannel = 1;
  private readonly connections = new Map<number, Tracked>();
  private readonly bodies = new Map<number, Uint8Array>();
  private readonly sub: { dispose(): void };

  constructor(private readonly broker: Broker) {
    this.track();
    this.sub = broker.events.subscribe((e) => this.onEvent(e));
  }

  /** The admin connection's id (the Connections view hides it). */
  get connectionId(): number | undefined {
    return this.conn?.id;
  }

  /** A channel on the playground's own connection, reopened after a channel error closed it. */
  channel(): BrokerChannel {
    if (!this.conn || !this.conn.isOpen) {
      this.conn = this.broker.connect({ clientName: ADMIN_CLIENT, user: 'guest', vhost: '/', remoteAddress: '' }, sinkOf());
      this.ch = undefined;
      this.nextChannel = 1;
    }
    if (!this.ch || !this.ch.isOpen) this.ch = this.conn.openChannel(this.nextChannel++);
    return this.ch;
  }

  /** Closes a client's connection as the server (320 CONNECTION_FORCED): its unacked messages are requeued. */
  closeConnection(id: number, reason = 'Closed from AckLab'): void {
    const t = this.connections.get(id);
    if (!t || !t.conn.isOpen) throw new Error(`Connection ${id} is not open.`);
    const err = amqpError('CONNECTION_FORCED', reason, 'none');
    try {
      t.sink.connectionClosedByServer(err);
    } finally {
      if (t.conn.isOpen) t.conn.close();
      this.connections.delete(id);
    }
  }

  /** Closes one channel as the server (320 on that channel): its unacked messages are requeued. */
  closeChannel(connectionId: number, channel: number, reason = 'Closed from AckLab'): void {
    const t = this.connections.get(connectionId);
    const ch = t?.conn.isOpen ? t.conn.channel(channel) : undefined;
    if (!t || !ch || !ch.isOpen) throw new Error(`Channel ${channel} of connection ${connectionId} is not open.`);
    const err = new AmqpError('channel', 320, `CONNECTION_FORCED - ${reason}`, 0, 0);
    try {
      t.sink.channelClosedByServer(channel, err);
    } finally {
      if (ch.isOpen) ch.close();
    }
  }

  /** The body of an unacked message delivered to a client (undefined when not known). */
  bodyOf(messageId: number): Uint8Array | undefined {
    return this.bodies.get(messageId);
  }

  dispose(): void {
    this.sub.dispose();
    this.connections.clear();
    this.bodies.clear();
  }

  /** Records every connection (AMQP clients and in-process ones) so they can be closed from the server. */
  private track(): void {
    const broker = this.broker;
    const connect = broker.connect.bind(broker);
    const bodies = this.bodies;
    broker.connect = (info: ConnectionInfo, sink: ConnectionSink) => {
      // remember the bodies of delivered messages while they are unacked (the tree previews them)
      const spy: ConnectionSink = {
        deliver: (ch, d) => {
          if (bodies.size < MAX_BODIES) bodies.set(d.messageId, d.body);
          sink.deliver(ch, d);
        },
        basicReturn: (ch, m) => sink.basicReturn(ch, m),
        confirm: (ch, c) => sink.confirm(ch, c),
        consumerCancelled: (ch, tag) => sink.consumerCancelled(ch, tag),
        channelClosedByServer: (ch, e) => sink.channelClosedByServer(ch, e),
        connectionClosedByServer: (e) => sink.connectionClosedByServer(e),
        blocked: sink.blocked ? (r) => sink.blocked!(r) : undefined,
        unblocked: sink.unblocked ? () => sink.unblocked!() : undefined,
      };
      const conn = connect(info, spy);
      this.connections.set(conn.id, { conn, sink });
      return conn;
    };
  }

  private onEvent(e: BrokerEvent): void {
    if (e.kind === 'connection-closed') this.connections.delete(e.connectionId);
    else if ('messageId' in e && e.messageId && SETTLED.has(e.kind)) this.bodies.delete(e.messageId);
  }
}

// Test harness for the broker core: a broker on a virtual clock and connections whose sinks record
// everything the server pushes.
import { strict as assert } from 'node:assert';
import {
  AmqpError,
  Broker,
  VirtualClock,
  type BrokerChannel,
  type BrokerConnection,
  type BrokerOptions,
  type Confirm,
  type ConnectionSink,
  type Delivery,
  type ReturnedMessage,
} from '../../../src/broker';

export interface Recorder {
  deliveries: (Delivery & { channel: number })[];
  returns: (ReturnedMessage & { channel: number })[];
  confirms: (Confirm & { channel: number })[];
  cancelled: { channel: number; consumerTag: string }[];
  channelClosed: { channel: number; error: AmqpError }[];
  connectionClosed: AmqpError[];
  /** Everything in arrival order, for ordering checks. */
  order: string[];
}

export interface Client {
  conn: BrokerConnection;
  rec: Recorder;
  /** Opens channel n (default: next free number). */
  channel(n?: number): BrokerChannel;
  /** Delivered bodies as strings. */
  bodies(): string[];
}

export class Harness {
  readonly clock = new VirtualClock();
  readonly broker: Broker;
  private nextChannel = new Map<BrokerConnection, number>();

  constructor(options: BrokerOptions = {}) {
    this.broker = new Broker({ clock: this.clock, ...options });
  }

  client(name = 'client', hooks: Partial<ConnectionSink> = {}): Client {
    const rec: Recorder = { deliveries: [], returns: [], confirms: [], cancelled: [], channelClosed: [], connectionClosed: [], order: [] };
    const sink: ConnectionSink = {
      deliver: (channel, d) => {
        rec.deliveries.push({ ...d, channel });
        rec.order.push(`deliver ${channel}/${d.deliveryTag}`);
        hooks.deliver?.(channel, d);
      },
      basicReturn: (channel, r) => {
        rec.returns.push({ ...r, channel });
        rec.order.push(`return ${channel}`);
        hooks.basicReturn?.(channel, r);
      },
      confirm: (channel, c) => {
        rec.confirms.push({ ...c, channel });
        rec.order.push(`${c.nack ? 'nack' : 'ack'} ${channel}/${c.deliveryTag}`);
        hooks.confirm?.(channel, c);
      },
      consumerCancelled: (channel, consumerTag) => {
        rec.cancelled.push({ channel, consumerTag });
        rec.order.push(`cancel ${channel}/${consumerTag}`);
      },
      channelClosedByServer: (channel, error) => {
        rec.channelClosed.push({ channel, error });
        rec.order.push(`channel.close ${channel}`);
      },
      connectionClosedByServer: (error) => {
        rec.connectionClosed.push(error);
        rec.order.push('connection.close');
      },
    };
    const conn = this.broker.connect({ clientName: name }, sink);
    const client: Client = {
      conn,
      rec,
      channel: (n?: number) => {
        const k = n ?? (this.nextChannel.get(conn) ?? 0) + 1;
        this.nextChannel.set(conn, Math.max(k, this.nextChannel.get(conn) ?? 0));
        return conn.openChannel(k);
      },
      bodies: () => rec.deliveries.map((d) => text(d.body)),
    };
    return client;
  }

  /** ready/unacked/consumers of a queue, as `rabbitmqctl list_queues` shows them. */
  counts(queue: string, vhost = '/'): { ready: number; unacked: number; consumers: number } {
    const q = this.broker.snapshot().queues.find((x) => x.name === queue && x.vhost === vhost);
    assert.ok(q, `queue ${queue} exists`);
    return { ready: q.ready, unacked: q.unacked, consumers: q.consumers };
  }

  /** Ready bodies in delivery order (with '*' for redelivered). */
  readyBodies(queue: string): string[] {
    const d = this.broker.queueDetail('/', queue);
    assert.ok(d);
    return d.readyMessages.map((r) => this.bodyOf(r.messageId) + (r.redelivered ? '*' : ''));
  }

  bodyOf(id: number): string {
    const c = this.broker.messageContent(id);
    return c ? text(c.body) : `#${id}`;
  }

  /** Publishes bodies to the default exchange (routing key = queue). */
  publish(ch: BrokerChannel, queue: string, ...bodies: string[]): void {
    for (const b of bodies) ch.basicPublish({ exchange: '', routingKey: queue }, {}, bytes(b));
  }
}

export function bytes(s: string): Uint8Array {
  return new TextEncoder().encode(s);
}
export function text(b: Uint8Array): string {
  return new TextDecoder().decode(b);
}

/** Asserts fn throws an AmqpError with these fields. */
export function throwsAmqp(
  fn: () => unknown,
  expected: { scope?: 'channel' | 'connection'; code: number; text: string; classId?: number; methodId?: number },
): AmqpError {
  let caught: unknown;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  assert.ok(caught instanceof AmqpError, `expected an AmqpError, got ${String(caught)}`);
  assert.equal(caught.code, expected.code);
  assert.equal(caught.replyText, expected.text);
  if (expected.scope) assert.equal(caught.scope, expected.scope);
  if (expected.classId !== undefined) assert.equal(caught.classId, expected.classId);
  if (expected.methodId !== undefined) assert.equal(caught.methodId, expected.methodId);
  return caught;
}

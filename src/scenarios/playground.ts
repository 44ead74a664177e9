// Scenario backend over the in-process broker (virtual clock, deterministic). It also records
// the stepper trace: the broker's event log converted to trace events, with message bodies.
import { Broker, VirtualClock, type BasicProperties, type BrokerConnection, type BrokerChannel, type FieldTable, type Profile } from '../broker';
import type { TraceEvent, TraceMessage } from '../protocol/trace';
import type { ActorClient, Backend, ClientEvents, ReceivedDelivery } from './backend';
import { BrokerTrace, traceMessage } from './brokerTrace';
import type { PublishProps } from './types';

const enc = new TextEncoder();
const dec = new TextDecoder();

function toProps(p: PublishProps): BasicProperties {
  const out: BasicProperties = {};
  if (p.persistent) out.deliveryMode = 2;
  if (p.headers) out.headers = { ...p.headers };
  if (p.replyTo !== undefined) out.replyTo = p.replyTo;
  if (p.correlationId !== undefined) out.correlationId = p.correlationId;
  if (p.expiration !== undefined) out.expiration = p.expiration;
  if (p.contentType !== undefined) out.contentType = p.contentType;
  return out;
}

function propsForTrace(p: BasicProperties): Record<string, unknown> | undefined {
  const { headers: _h, ...rest } = p;
  return Object.keys(rest).length ? rest : undefined;
}

export interface PlaygroundOptions {
  profile?: Profile;
  broker?: Broker;
  clock?: VirtualClock;
}

export class PlaygroundBackend implements Backend {
  readonly kind = 'playground' as const;
  readonly clock: VirtualClock;
  readonly broker: Broker;
  readonly trace: TraceEvent[] = [];
  readonly messages = new Map<number, TraceMessage>();
  private readonly names = new Map<number, string>();
  private readonly tracer: BrokerTrace;
  private readonly pubBody = new Map<number, { body: string; props: BasicProperties; exchange: string; routingKey: string }>();
  private publishing: { body: string; props: BasicProperties; exchange: string; routingKey: string } | undefined;
  private readonly connections: BrokerConnection[] = [];
  private readonly sub: { dispose(): void };

  constructor(opts: PlaygroundOptions = {}) {
    this.clock = opts.clock ?? new VirtualClock();
    this.broker = opts.broker ?? new Broker({ profile: opts.profile ?? 'rabbitmq', clock: this.clock, eventLogSize: 0 });
    this.tracer = new BrokerTrace({
      connection: (id) => this.names.get(id),
      queueType: (q) => this.broker.queueDetail('/', q)?.type,
    });
    this.sub = this.broker.events.subscribe((ev) => {
      if (ev.kind === 'published' && this.publishing) this.pubBody.set(ev.publishId, this.publishing);
      if (ev.kind === 'enqueued' && !this.messages.has(ev.messageId)) {
        const p = this.pubBody.get(ev.publishId);
        if (p)
          this.messages.set(
            ev.messageId,
            traceMessage(ev.messageId, enc.encode(p.body), {
              exchange: p.exchange,
              routingKey: p.routingKey,
              properties: propsForTrace(p.props),
              headers: p.props.headers as Record<string, unknown> | undefined,
            }),
          );
      }
      const t = this.tracer.convert(ev);
      if (t) this.trace.push(t);
    });
  }

  /** Record a message's content as the broker delivered it (dead-lettered copies get x-death here). */
  private noteDelivered(id: number, body: Uint8Array, exchange: string, routingKey: string, props: BasicProperties): void {
    const prev = this.messages.get(id);
    if (prev && prev.headers === props.headers) return;
    this.messages.set(
      id,
      traceMessage(id, body, { exchange, routingKey, properties: propsForTrace(props), headers: props.headers as Record<string, unknown> | undefined }),
    );
  }

  async connect(actor: string, events: ClientEvents): Promise<ActorClient> {
    let closed = false;
    let confirming = false;
    let publishSeq = 0;
    const unconfirmed = new Set<number>();
    const conn = this.broker.connect(
      { clientName: actor, user: 'guest', vhost: '/' },
      {
        deliver: (_ch, d) => {
          this.noteDelivered(d.messageId, d.body, d.exchange, d.routingKey, d.properties);
          events.delivery(toReceived(d.body, d.redelivered, d.deliveryTag, d.consumerTag, d.exchange, d.routingKey, d.properties));
        },
        basicReturn: (_ch, m) => {
          events.returned(dec.decode(m.body));
        },
        confirm: (_ch, c) => {
          // A multiple confirm covers every outstanding publish up to its tag: count each message.
          for (const seq of [...unconfirmed]) {
            if (seq === c.deliveryTag || (c.multiple && seq < c.deliveryTag)) {
              unconfirmed.delete(seq);
              events.confirm(!c.nack);
            }
          }
        },
        consumerCancelled: () => {
          /* cancel notifications are visible in the trace */
        },
        channelClosedByServer: (_ch, err) => {
          events.channelError({ code: err.code, text: err.replyText });
        },
        connectionClosedByServer: (err) => {
          closed = true;
          events.channelError({ code: err.code, text: err.replyText });
        },
      },
    );
    this.names.set(conn.id, actor);
    this.connections.push(conn);
    const channel: BrokerChannel = conn.openChannel(1);
    const setPublishing = (p: PlaygroundBackend['publishing']): void => {
      this.publishing = p;
    };
    const noteDelivered = this.noteDelivered.bind(this);
    const ch = (): BrokerChannel => {
      if (!channel.isOpen) throw Object.assign(new Error(`${actor}'s channel is closed`), { closedChannel: true });
      return channel;
    };
    const client: ActorClient = {
      get open() {
        return !closed && conn.isOpen && channel.isOpen;
      },
      async queueDeclare(queue, o) {
        const ok = ch().queueDeclare({
          queue,
          durable: o.durable ?? false,
          exclusive: o.exclusive ?? false,
          autoDelete: o.autoDelete ?? false,
          arguments: (o.arguments ?? {}) as FieldTable,
        });
        return { queue: ok.queue, messageCount: ok.messageCount };
      },
      async exchangeDeclare(exchange, type, durable) {
        ch().exchangeDeclare({ exchange, type, durable });
      },
      async bind(queue, exchange, key) {
        ch().queueBind({ queue, exchange, routingKey: key });
      },
      async publish(exchange, key, body, props) {
        const p = toProps(props);
        setPublishing({ body, props: p, exchange, routingKey: key });
        if (confirming) unconfirmed.add(++publishSeq); // confirms arrive inside basicPublish
        try {
          ch().basicPublish({ exchange, routingKey: key, mandatory: props.mandatory ?? false }, p, enc.encode(body));
        } finally {
          setPublishing(undefined);
        }
      },
      async confirmSelect() {
        ch().confirmSelect({});
        confirming = true;
      },
      async waitConfirms() {
        if (unconfirmed.size) throw new Error(`${unconfirmed.size} publishes not confirmed yet`);
      },
      async qos(prefetch, global) {
        ch().basicQos({ prefetchCount: prefetch, global });
      },
      async consume(queue, noAck, consumerTag) {
        return ch().basicConsume({ queue, noAck, consumerTag: consumerTag ?? '' });
      },
      async get(queue, noAck) {
        const g = ch().basicGet({ queue, noAck });
        if (!g) return undefined;
        noteDelivered(g.messageId, g.body, g.exchange, g.routingKey, g.properties);
        return toReceived(g.body, g.redelivered, g.deliveryTag, '', g.exchange, g.routingKey, g.properties);
      },
      async ack(tag, multiple) {
        ch().basicAck({ deliveryTag: tag, multiple });
      },
      async nack(tag, multiple, requeue) {
        ch().basicNack({ deliveryTag: tag, multiple, requeue });
      },
      async reject(tag, requeue) {
        ch().basicReject({ deliveryTag: tag, requeue });
      },
      async cancel(tag) {
        ch().basicCancel({ consumerTag: tag });
      },
      async recover() {
        ch().basicRecover({ requeue: true });
      },
      async crash() {
        closed = true;
        conn.close();
      },
      async close() {
        if (channel.isOpen) channel.close();
        closed = true;
        conn.close();
      },
    };
    return client;
  }

  async settle(): Promise<void> {
    /* the in-process broker is synchronous */
  }

  advanceClock(ms: number): boolean {
    this.clock.advance(ms);
    return true;
  }

  async readyCount(queue: string): Promise<number> {
    return this.broker.queueDetail('/', queue)?.ready ?? 0;
  }

  unackedCount(queue: string): number | undefined {
    return this.broker.queueDetail('/', queue)?.unacked ?? 0;
  }

  async dispose(): Promise<void> {
    for (const c of this.connections) if (c.isOpen) c.close();
    this.sub.dispose();
  }
}

function toReceived(
  body: Uint8Array,
  redelivered: boolean,
  tag: number,
  consumerTag: string,
  exchange: string,
  routingKey: string,
  p: BasicProperties,
): ReceivedDelivery {
  const d: ReceivedDelivery = {
    body: dec.decode(body),
    redelivered,
    tag,
    consumerTag,
    exchange,
    routingKey,
    headers: (p.headers ?? {}) as Record<string, unknown>,
  };
  if (p.correlationId !== undefined) d.correlationId = p.correlationId;
  if (p.replyTo !== undefined) d.replyTo = p.replyTo;
  return d;
}

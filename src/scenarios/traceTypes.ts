// What the broker-event → trace-event converters (traceFlow.ts, traceTopology.ts) share: the names
// resolver, what earlier publishes told (exchange, publisher), and the per-event context.
import type { BrokerEvent, EventKind, EventOf } from '../broker';
import type { QueueType, TraceEvent } from '../protocol/trace';

export interface TraceNames {
  /** Display name of a connection (the scenario actor, or the client's connection_name). */
  connection(id: number): string | undefined;
  /** Queue type, when the broker can tell it. */
  queueType?(queue: string): QueueType | undefined;
}

const MAX_PUB_MEMORY = 20_000;

/** What the trace remembers of recent publishes, so later events can be drawn from the right exchange and publisher. */
export class PublishMemory {
  /** publishId -> exchange it was published to, so an enqueue can be drawn from that exchange. */
  readonly exchange = new Map<number, string>();
  readonly publisher = new Map<number, string>();
  /** channel key -> publisher, for confirms. */
  readonly confirmPublisher = new Map<string, string>();

  remember(pub: number, exchange: string, publisher: string): void {
    this.exchange.set(pub, exchange);
    this.publisher.set(pub, publisher);
    if (this.exchange.size > MAX_PUB_MEMORY) {
      const oldest = this.exchange.keys().next().value as number;
      this.exchange.delete(oldest);
      this.publisher.delete(oldest);
    }
  }
}

/** One event's context: its seq/time, its channel and connection as the trace names them. */
export interface TraceContext {
  base: { seq: number; time: number };
  /** `conn/channel`, when the event is on a channel. */
  ch: string | undefined;
  /** The connection's name, when the event is on a connection. */
  conn: string | undefined;
  memory: PublishMemory;
  names: TraceNames;
}

export type Converter<K extends EventKind> = (b: EventOf<K>, c: TraceContext) => TraceEvent | undefined;
/** One converter per event kind: a new kind is a compile error until it has one (brokerTrace.ts joins the tables). */
export type Converters = { [K in EventKind]: Converter<K> };
export type AnyConverter = (b: BrokerEvent, c: TraceContext) => TraceEvent | undefined;

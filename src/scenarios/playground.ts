// Scenario backend over the in-process broker (virtual clock, deterministic). It also records
// the stepper trace: the broker's event log converted to trace events, and each message's content
// (body, properties, headers) read from the broker when it is enqueued (Broker.messageContent, the
// one content accessor; retained, so O(1)). A dead-lettered copy is a new message: its x-death
// headers are there.
import { Broker, VirtualClock, type BrokerEvent, type Profile } from '../broker';
import type { TraceEvent, TraceMessage } from '../protocol/trace';
import type { ActorClient, Backend, ClientEvents } from './backend';
import { BrokerTrace, contentMessage } from './brokerTrace';
import { PlaygroundClient } from './playgroundClient';

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
  private readonly clients: PlaygroundClient[] = [];
  private readonly subs: { dispose(): void }[];

  constructor(opts: PlaygroundOptions = {}) {
    this.clock = opts.clock ?? new VirtualClock();
    this.broker = opts.broker ?? new Broker({ profile: opts.profile ?? 'rabbitmq', clock: this.clock, eventLogSize: 0 });
    this.tracer = new BrokerTrace({
      connection: (id) => this.names.get(id),
      queueType: (q) => this.broker.queueDetail('/', q)?.type,
    });
    this.subs = [this.broker.retainContent(), this.broker.events.subscribe((ev) => this.record(ev))];
  }

  private record(ev: BrokerEvent): void {
    if (ev.kind === 'enqueued' && !this.messages.has(ev.messageId)) {
      const c = this.broker.messageContent(ev.messageId);
      if (c) this.messages.set(ev.messageId, contentMessage(ev.messageId, c));
    }
    const t = this.tracer.convert(ev);
    if (t) this.trace.push(t);
  }

  async connect(actor: string, events: ClientEvents): Promise<ActorClient> {
    const client = new PlaygroundClient(this.broker, actor, events);
    this.names.set(client.conn.id, actor);
    this.clients.push(client);
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
    for (const c of this.clients) if (c.conn.isOpen) c.conn.close();
    for (const s of this.subs) s.dispose();
  }
}

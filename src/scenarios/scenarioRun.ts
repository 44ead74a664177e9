// The state of one scenario run: each actor's client and what it saw, the deliveries waiting for a
// consumer's reaction, the current step's log. runner.ts drives it; steps.ts performs the steps.
import type { ActorClient, Backend, ChannelError, ReceivedDelivery } from './backend';
import type { Behaviour, Scenario } from './types';

export interface ActorRecord {
  deliveries: ReceivedDelivery[];
  errors: ChannelError[];
  returned: string[];
  confirms: { acks: number; nacks: number };
  /** Deliveries a 'hold' consumer has not finished yet (tags). */
  held: number[];
  nacked: Map<string, number>;
  behaviour: Behaviour | undefined;
}

/** Bound on consumer reactions per step (catches requeue loops; a 20,000-message bench step needs ~20,000). */
const MAX_REACTIONS = 1_000_000;

function fib(n: number): number {
  let a = 0,
    b = 1;
  for (let i = 0; i < n; i++) [a, b] = [b, a + b];
  return a;
}

export class ScenarioRun {
  readonly actors = new Map<string, ActorRecord>();
  private readonly clients = new Map<string, ActorClient>();
  private readonly inbox: Array<{ actor: string; d: ReceivedDelivery }> = [];
  /** What the clients saw during the current step, one line each. */
  log: string[] = [];
  /** actor -> correlation id -> reply body. */
  readonly rpcReplies = new Map<string, Map<string, string>>();

  constructor(
    readonly scenario: Scenario,
    readonly backend: Backend,
  ) {}

  /** Connects every actor, recording what each one receives. */
  async connectActors(): Promise<void> {
    for (const name of this.scenario.actors) {
      const rec: ActorRecord = { deliveries: [], errors: [], returned: [], confirms: { acks: 0, nacks: 0 }, held: [], nacked: new Map(), behaviour: undefined };
      this.actors.set(name, rec);
      const client = await this.backend.connect(name, {
        delivery: (d) => this.received(name, rec, d),
        returned: (body) => {
          rec.returned.push(body);
          this.log.push(`${name} ← basic.return ${JSON.stringify(body)}`);
        },
        confirm: (ack) => {
          if (ack) rec.confirms.acks++;
          else rec.confirms.nacks++;
        },
        channelError: (e) => {
          rec.errors.push(e);
          this.log.push(`${name} ✖ channel closed by the broker: ${e.code} ${e.text}`);
        },
      });
      this.clients.set(name, client);
    }
  }

  private received(name: string, rec: ActorRecord, d: ReceivedDelivery): void {
    rec.deliveries.push(d);
    const count = d.headers['x-delivery-count'];
    this.log.push(
      `${name} ← ${JSON.stringify(d.body)} tag ${d.tag}${d.redelivered ? ' redelivered' : ''}${count !== undefined ? ` x-delivery-count ${String(plain(count))}` : ''}`,
    );
    if (d.correlationId !== undefined && rec.behaviour?.kind !== 'rpc-server') {
      let m = this.rpcReplies.get(name);
      if (!m) this.rpcReplies.set(name, (m = new Map()));
      m.set(d.correlationId, d.body);
    }
    this.inbox.push({ actor: name, d });
  }

  client(actor: string): ActorClient {
    const c = this.clients.get(actor);
    if (!c) throw new Error(`scenario ${this.scenario.name}: unknown actor '${actor}'`);
    return c;
  }

  actor(name: string): ActorRecord {
    return this.actors.get(name)!;
  }

  /** Consumers react to what they received, until nothing more happens. */
  async settle(): Promise<void> {
    for (let i = 0; i < MAX_REACTIONS; i++) {
      await this.backend.settle();
      const next = this.inbox.shift();
      if (!next) return;
      await this.react(next.actor, next.d);
    }
    throw new Error(`scenario ${this.scenario.name}: consumers did not settle after ${MAX_REACTIONS} reactions (a requeue loop?)`);
  }

  private async react(actor: string, d: ReceivedDelivery): Promise<void> {
    const rec = this.actor(actor);
    const c = this.client(actor);
    const b = rec.behaviour;
    if (!b || !c.open || d.consumerTag === '') return; // basic.get results are handled by steps
    switch (b.kind) {
      case 'ack':
        await c.ack(d.tag, false);
        this.log.push(`${actor} → ack tag ${d.tag}`);
        break;
      case 'forget':
      case 'auto':
        break;
      case 'hold':
        rec.held.push(d.tag);
        break;
      case 'reject':
        await c.reject(d.tag, false);
        this.log.push(`${actor} → reject tag ${d.tag} requeue=false`);
        break;
      case 'nack-requeue':
        return this.nackRequeue(actor, rec, c, d, b.times);
      case 'rpc-server': {
        const reply = b.reply === 'fib' ? String(fib(Number(d.body))) : d.body.toUpperCase();
        if (d.replyTo) await c.publish('', d.replyTo, reply, d.correlationId !== undefined ? { correlationId: d.correlationId } : {});
        await c.ack(d.tag, false);
        this.log.push(`${actor} → reply ${JSON.stringify(reply)} to ${d.replyTo ?? '?'} (correlation_id ${d.correlationId ?? '-'}), ack tag ${d.tag}`);
        break;
      }
    }
  }

  /** nack with requeue the first `times` deliveries of a body (always, without times), then ack. */
  private async nackRequeue(actor: string, rec: ActorRecord, c: ActorClient, d: ReceivedDelivery, times: number | undefined): Promise<void> {
    const n = rec.nacked.get(d.body) ?? 0;
    if (times === undefined || n < times) {
      rec.nacked.set(d.body, n + 1);
      await c.nack(d.tag, false, true);
      this.log.push(`${actor} → nack tag ${d.tag} requeue=true`);
    } else {
      await c.ack(d.tag, false);
      this.log.push(`${actor} → ack tag ${d.tag}`);
    }
  }
}

/** Strips typed AMQP values ({$type, value}) for comparison and display. */
export function plain(v: unknown): unknown {
  if (v && typeof v === 'object' && '$type' in v && 'value' in v) return plain((v as { value: unknown }).value);
  if (typeof v === 'bigint') return Number(v);
  if (v instanceof Uint8Array) return Buffer.from(v).toString();
  if (Array.isArray(v)) return v.map(plain);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plain(x)]));
  return v;
}

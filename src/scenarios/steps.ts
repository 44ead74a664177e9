// What each scenario step does to its actor's client, and the line it logs. One handler per step
// kind (a new kind fails to compile until it has one). A handler returns why the step was skipped,
// or undefined.
import type { ScenarioRun } from './scenarioRun';
import type { Step } from './types';

type Handler<K extends Step['do']> = (run: ScenarioRun, s: Extract<Step, { do: K }>) => Promise<string | undefined>;
type Handlers = { [K in Step['do']]: Handler<K> };

const done = undefined;

const SETUP: Pick<Handlers, 'declareQueue' | 'declareExchange' | 'bind' | 'publish' | 'confirmSelect' | 'waitConfirms' | 'qos' | 'consume' | 'get'> = {
  declareQueue: async (run, s) => {
    const ok = await run
      .client(s.actor)
      .queueDeclare(s.queue, { durable: s.durable, exclusive: s.exclusive, autoDelete: s.autoDelete, arguments: s.arguments });
    run.log.push(`${s.actor} declared queue ${ok.queue}`);
    return done;
  },
  declareExchange: async (run, s) => void (await run.client(s.actor).exchangeDeclare(s.exchange, s.type, s.durable ?? false)),
  bind: async (run, s) => void (await run.client(s.actor).bind(s.queue, s.exchange, s.key)),
  publish: async (run, s) => {
    for (const body of s.bodies) {
      await run.client(s.actor).publish(s.exchange ?? '', s.key, body, s.props ?? {});
      run.log.push(`${s.actor} → publish ${JSON.stringify(body)} to ${s.exchange || '(default)'} '${s.key}'`);
    }
    return done;
  },
  confirmSelect: async (run, s) => void (await run.client(s.actor).confirmSelect()),
  waitConfirms: async (run, s) => void (await run.client(s.actor).waitConfirms()),
  qos: async (run, s) => void (await run.client(s.actor).qos(s.prefetch, s.global ?? false)),
  consume: async (run, s) => {
    run.actor(s.actor).behaviour = s.behaviour;
    const tag = await run.client(s.actor).consume(s.queue, s.noAck ?? s.behaviour.kind === 'auto', s.consumerTag ?? s.actor);
    run.log.push(`${s.actor} consuming from ${s.queue} as ${tag}`);
    return done;
  },
  get: async (run, s) => {
    const d = await run.client(s.actor).get(s.queue, s.noAck ?? false);
    run.log.push(d ? `${s.actor} basic.get → ${JSON.stringify(d.body)} tag ${d.tag}` : `${s.actor} basic.get → empty`);
    if (d) run.actor(s.actor).deliveries.push(d);
    return done;
  },
};

const SETTLE: Pick<Handlers, 'ack' | 'nack' | 'reject' | 'work' | 'cancel' | 'recover' | 'crash' | 'close' | 'clock'> = {
  ack: async (run, s) => {
    await run.client(s.actor).ack(s.tag, s.multiple ?? false);
    run.log.push(`${s.actor} → ack tag ${s.tag}${s.multiple ? ' multiple' : ''}`);
    return done;
  },
  nack: async (run, s) => {
    await run.client(s.actor).nack(s.tag, s.multiple ?? false, s.requeue ?? true);
    run.log.push(`${s.actor} → nack tag ${s.tag}${s.multiple ? ' multiple' : ''} requeue=${s.requeue ?? true}`);
    return done;
  },
  reject: async (run, s) => {
    await run.client(s.actor).reject(s.tag, s.requeue ?? true);
    run.log.push(`${s.actor} → reject tag ${s.tag} requeue=${s.requeue ?? true}`);
    return done;
  },
  work: async (run, s) => {
    const rec = run.actor(s.actor);
    const tags = rec.held.splice(0, s.count ?? rec.held.length);
    for (const t of tags) {
      await run.client(s.actor).ack(t, false);
      run.log.push(`${s.actor} → finished, ack tag ${t}`);
    }
    return done;
  },
  cancel: async (run, s) => {
    await run.client(s.actor).cancel(s.consumerTag);
    run.log.push(`${s.actor} → basic.cancel ${s.consumerTag}`);
    return done;
  },
  recover: async (run, s) => void (await run.client(s.actor).recover()),
  crash: async (run, s) => {
    run.actor(s.actor).held = [];
    await run.client(s.actor).crash();
    run.log.push(`${s.actor} ✖ crashed (connection dropped)`);
    return done;
  },
  close: async (run, s) => {
    run.actor(s.actor).held = [];
    await run.client(s.actor).close();
    run.log.push(`${s.actor} closed its channel and connection`);
    return done;
  },
  clock: async (run, s) => {
    if (!run.backend.advanceClock(s.ms)) return 'no virtual clock on this backend';
    run.log.push(`clock +${s.ms} ms`);
    return done;
  },
};

const HANDLERS: Handlers = { ...SETUP, ...SETTLE };

/** Performs one step; returns why it was skipped, or undefined. */
export function perform(run: ScenarioRun, s: Step): Promise<string | undefined> {
  return (HANDLERS[s.do] as (run: ScenarioRun, s: Step) => Promise<string | undefined>)(run, s);
}

// fast-check generators for the model-based property test: a queue configuration and a list of
// abstract operations (see harness.ts for how they are resolved against the model's state).
import fc from 'fast-check';
import type { ModelConfig } from './model';
import type { Op, TagSel } from './harness';
import { SLOTS } from './harness';

const slot = fc.integer({ min: 0, max: SLOTS - 1 });
const tagSel: fc.Arbitrary<TagSel> = fc.oneof(
  { arbitrary: fc.constant<TagSel>('out'), weight: 12 },
  { arbitrary: fc.constant<TagSel>('last'), weight: 4 },
  { arbitrary: fc.constant<TagSel>('zero'), weight: 2 },
  { arbitrary: fc.constant<TagSel>('future'), weight: 1 },
  { arbitrary: fc.constant<TagSel>('settled'), weight: 1 },
  { arbitrary: fc.constant<TagSel>('foreign'), weight: 1 },
);
const index = fc.nat({ max: 7 });
/** Clock steps: a tick, TTL-sized steps, the 30-minute consumer timeout and past it. */
const ms = fc.constantFrom(1, 1_000, 7_000, 60_000, 600_000, 1_800_000, 1_860_001);

export interface OpOptions {
  /** Generate connection.close and recover(requeue=false) (a 540 connection error). Default true. */
  connectionClose?: boolean;
}

/** Operations; `recover` only for the rabbitmq profile (LavinMQ's recover re-sends to the same consumer: not modelled). */
export function opArb(profile: ModelConfig['profile'], opts: OpOptions = {}): fc.Arbitrary<Op> {
  const connectionClose = opts.connectionClose ?? true;
  const ops: fc.WeightedArbitrary<Op>[] = [
    { weight: 20, arbitrary: fc.record({ k: fc.constant('publish' as const), s: slot }) },
    {
      weight: 6,
      arbitrary: fc.record({
        k: fc.constant('consume' as const),
        s: slot,
        noAck: fc.oneof({ arbitrary: fc.constant(false), weight: 3 }, { arbitrary: fc.constant(true), weight: 1 }),
      }),
    },
    { weight: 3, arbitrary: fc.record({ k: fc.constant('cancel' as const), s: slot, pick: fc.nat({ max: 2 }) }) },
    { weight: 4, arbitrary: fc.record({ k: fc.constant('qos' as const), s: slot, n: fc.nat({ max: 3 }) }) },
    { weight: 8, arbitrary: fc.record({ k: fc.constant('get' as const), s: slot, dlq: fc.boolean(), noAck: fc.boolean() }) },
    { weight: 14, arbitrary: fc.record({ k: fc.constant('ack' as const), s: slot, t: tagSel, i: index, multiple: fc.boolean() }) },
    { weight: 9, arbitrary: fc.record({ k: fc.constant('nack' as const), s: slot, t: tagSel, i: index, multiple: fc.boolean(), requeue: fc.boolean() }) },
    { weight: 6, arbitrary: fc.record({ k: fc.constant('reject' as const), s: slot, t: tagSel, i: index, requeue: fc.boolean() }) },
    { weight: 3, arbitrary: fc.record({ k: fc.constant('closeChannel' as const), s: slot }) },
    ...(connectionClose ? [{ weight: 2, arbitrary: fc.record({ k: fc.constant('closeConnection' as const), c: fc.nat({ max: 1 }) }) }] : []),
    { weight: 5, arbitrary: fc.record({ k: fc.constant('advance' as const), ms }) },
  ];
  if (profile === 'rabbitmq') {
    const requeue = connectionClose ? fc.oneof({ arbitrary: fc.constant(true), weight: 9 }, { arbitrary: fc.constant(false), weight: 1 }) : fc.constant(true);
    ops.push({ weight: 3, arbitrary: fc.record({ k: fc.constant('recover' as const), s: slot, requeue }) });
  }
  return fc.oneof(...ops);
}

export const configArb: fc.Arbitrary<ModelConfig> = fc
  .oneof(
    // classic queue, rabbitmq profile, optional TTL and DLX
    fc.record({
      profile: fc.constant('rabbitmq' as const),
      type: fc.constant('classic' as const),
      ttl: fc.option(fc.constantFrom(5_000, 45_123, 2_000_000), { nil: undefined }),
      dlx: fc.boolean(),
    }),
    // classic or quorum with a short consumer timeout and channel tick (BrokerOptions), so timeouts
    // meet TTL expiry, requeues and other channels' ticks more often
    fc
      .record({
        profile: fc.constant('rabbitmq' as const),
        type: fc.constantFrom('classic' as const, 'quorum' as const),
        dlx: fc.boolean(),
        consumerTimeoutMs: fc.constantFrom(5_000, 90_000),
        tickMs: fc.constantFrom(1_000, 7_000, 60_000),
      })
      .map((c) => (c.type === 'classic' ? { ...c, ttl: 45_123 } : { ...c, deliveryLimit: 2 })),
    // quorum queue with a delivery limit (undefined = default 20, negative = unlimited), optional DLX
    fc.record({
      profile: fc.constant('rabbitmq' as const),
      type: fc.constant('quorum' as const),
      deliveryLimit: fc.option(fc.constantFrom(0, 1, 2, 3, -1), { nil: undefined }),
      dlx: fc.boolean(),
    }),
    // LavinMQ profile, classic queue
    fc.record({
      profile: fc.constant('lavinmq' as const),
      type: fc.constant('classic' as const),
      ttl: fc.option(fc.constantFrom(5_000, 45_123), { nil: undefined }),
      dlx: fc.boolean(),
    }),
  )
  .map((c) => Object.fromEntries(Object.entries(c).filter(([, v]) => v !== undefined)) as unknown as ModelConfig);

/** A configuration and `length` operations fitting its profile. */
export function scenarioArb(length: number, opts: OpOptions = {}): fc.Arbitrary<{ cfg: ModelConfig; ops: Op[] }> {
  return configArb.chain((cfg) => fc.record({ cfg: fc.constant(cfg), ops: fc.array(opArb(cfg.profile, opts), { minLength: length, maxLength: length }) }));
}

// Every behaviour difference between the brokers AckLab imitates, as data. The engine asks
// `core.rules.<field>` and never compares profile names; a new profile (e.g. RabbitMQ 3.x) is one more
// object here plus its name in `Profile` (types.ts).
import type { Profile } from './types';

export interface ProfileRules {
  readonly name: Profile;
  /** Prefetch of a channel before any basic.qos (0 = unlimited). */
  readonly defaultPrefetch: number;
  /** Consumer acknowledgement timeout when no option, argument or policy sets one (0 = none; rule 26). */
  readonly defaultConsumerTimeoutMs: number;
  /** The channel.close text of a consumer timeout. */
  consumerTimeoutText(channel: number, timeoutMs: number): string;
  /** Quorum queues refuse auto-delete, exclusive and non-durable declarations. */
  readonly quorumStrictProperties: boolean;
  /** Quorum queues put returned messages in a FIFO served first (rabbit_fifo) and have two priority levels. */
  readonly quorumFifoReturns: boolean;
  /** Quorum queues refuse x-max-priority (they have their own two levels). */
  readonly quorumRefusesMaxPriority: boolean;
  /** x-max-priority makes priority levels on every queue type, not only classic. */
  readonly priorityOnAnyQueueType: boolean;
  /** A quorum queue with a prefetch-0 consumer and a channel-wide qos refuses basic.consume (540). */
  readonly quorumRefusesGlobalQos: boolean;
  /**
   * Which queues count deliveries against a delivery limit, and how (rule 14):
   * 'quorum-returns': quorum queues only, counting returns, default `quorumDefaultDeliveryLimit`;
   * 'any-queue-deliveries': every queue, counting deliveries, only when x-delivery-limit / policy sets one.
   */
  readonly deliveryLimit: 'quorum-returns' | 'any-queue-deliveries';
  /** Default delivery limit of quorum queues (-1 = unlimited); used with 'quorum-returns'. */
  readonly quorumDefaultDeliveryLimit: number;
  /** Texts of queue-argument errors: RabbitMQ's rabbit_amqqueue:check_arguments or LavinMQ's validators. */
  readonly argumentErrors: 'rabbitmq' | 'lavinmq';
  /** queue.unbind / exchange.unbind naming a missing queue or exchange answers unbind-ok (else 404). */
  readonly unbindMissingIsOk: boolean;
  /** basic.consume checks x-cancel-on-ha-failover (3.x: boolean on classic, refused on quorum); 4.x ignores it. */
  readonly haFailoverConsumerArg: boolean;
  /** x-dead-letter-routing-key without x-dead-letter-exchange is refused. */
  readonly dlrkNeedsDlx: boolean;
  /** reject-publish overflow refuses a message when the queue is AT the limit before it (LavinMQ), not over it after. */
  readonly overflowRefusesAtLimit: boolean;
  /** Dead-lettering sets x-last-death-reason / -queue / -exchange. */
  readonly lastDeathHeaders: boolean;
  /** Header tables the broker builds (dead lettering) are sorted by key (rule 43). */
  readonly sortsBuiltHeaders: boolean;
  /** A per-consumer basic.qos clears the channel-wide limit (rabbit_channel: unlimit_prefetch). */
  readonly qosClearsGlobal: boolean;
  /** A per-consumer basic.qos applies to the channel's existing consumers at once (rule 20). */
  readonly qosAppliesToExisting: boolean;
  /** Consumers that got room back (qos, flow) resume in consume order, not in the order they were set aside. */
  readonly resumeInConsumeOrder: boolean;
  /** basic.nack with tag 0, multiple, and nothing unacked is 406 "unknown delivery tag 0". */
  readonly nackAllWhenEmptyFails: boolean;
  /** basic.recover requeue=false redelivers to the same consumer (else 540 NOT_IMPLEMENTED). */
  readonly recoverWithoutRequeue: boolean;
  /** channel.flow active=false pauses deliveries (else 540 NOT_IMPLEMENTED). */
  readonly flowPauses: boolean;
  /** nack multiple with requeue settles per (queue, consumer tag), dispatching between batches (rule 38). */
  readonly requeueBatchesPerConsumer: boolean;
  /** A quorum queue's first delivery already carries x-delivery-count: 0 (RabbitMQ 3.x; 4.x adds it from the first return). */
  readonly quorumCountsFirstDelivery: boolean;
  /** A quorum queue without a delivery limit puts nack / reject / recover requeues at its back (3.x; a closed channel's stay in front). */
  readonly quorumRequeueToBack: boolean;
}

export const RABBITMQ: ProfileRules = {
  name: 'rabbitmq',
  defaultPrefetch: 0,
  defaultConsumerTimeoutMs: 1_800_000,
  consumerTimeoutText: (channel, timeout) =>
    `PRECONDITION_FAILED - delivery acknowledgement on channel ${channel} timed out. Timeout value used: ${timeout} ms. This timeout value can be configured, see consumers doc guide to learn more`,
  quorumStrictProperties: true,
  quorumFifoReturns: true,
  quorumRefusesMaxPriority: true,
  priorityOnAnyQueueType: false,
  quorumRefusesGlobalQos: true,
  deliveryLimit: 'quorum-returns',
  quorumDefaultDeliveryLimit: 20,
  argumentErrors: 'rabbitmq',
  unbindMissingIsOk: true,
  haFailoverConsumerArg: false,
  dlrkNeedsDlx: true,
  overflowRefusesAtLimit: false,
  lastDeathHeaders: true,
  sortsBuiltHeaders: true,
  qosClearsGlobal: true,
  qosAppliesToExisting: false,
  resumeInConsumeOrder: false,
  nackAllWhenEmptyFails: false,
  recoverWithoutRequeue: false,
  flowPauses: false,
  requeueBatchesPerConsumer: true,
  quorumCountsFirstDelivery: false,
  quorumRequeueToBack: false,
};

/**
 * RabbitMQ 3.x (checked against Debian's 3.10.8) where 4.x changed the rules (rule 40): no x-last-death-*
 * headers, no default delivery limit on quorum queues, x-delivery-count from the first delivery, and without a
 * delivery limit a settled requeue goes to the back of a quorum queue; basic.consume still checks
 * x-cancel-on-ha-failover (removed in 4.x).
 */
export const RABBITMQ_3: ProfileRules = {
  ...RABBITMQ,
  name: 'rabbitmq-3',
  quorumDefaultDeliveryLimit: -1,
  lastDeathHeaders: false,
  quorumCountsFirstDelivery: true,
  quorumRequeueToBack: true,
  haFailoverConsumerArg: true,
};

export const LAVINMQ: ProfileRules = {
  name: 'lavinmq',
  defaultPrefetch: 65535,
  defaultConsumerTimeoutMs: 0,
  consumerTimeoutText: () => 'PRECONDITION_FAILED - consumer timeout',
  quorumStrictProperties: false,
  quorumFifoReturns: false,
  quorumRefusesMaxPriority: false,
  priorityOnAnyQueueType: true,
  quorumRefusesGlobalQos: false,
  deliveryLimit: 'any-queue-deliveries',
  quorumDefaultDeliveryLimit: -1,
  argumentErrors: 'lavinmq',
  unbindMissingIsOk: false,
  haFailoverConsumerArg: false,
  dlrkNeedsDlx: false,
  overflowRefusesAtLimit: true,
  lastDeathHeaders: false,
  sortsBuiltHeaders: false,
  qosClearsGlobal: false,
  qosAppliesToExisting: true,
  resumeInConsumeOrder: true,
  nackAllWhenEmptyFails: true,
  recoverWithoutRequeue: true,
  flowPauses: true,
  requeueBatchesPerConsumer: false,
  quorumCountsFirstDelivery: false,
  quorumRequeueToBack: false,
};

const PROFILES: Record<Profile, ProfileRules> = { rabbitmq: RABBITMQ, 'rabbitmq-3': RABBITMQ_3, lavinmq: LAVINMQ };

/** Every profile name, for settings, CLI options and their error texts. */
export const PROFILE_NAMES = Object.keys(PROFILES) as readonly Profile[];

export function isProfile(v: unknown): v is Profile {
  return typeof v === 'string' && Object.hasOwn(PROFILES, v);
}

export function profileRules(p: Profile): ProfileRules {
  const r = PROFILES[p];
  if (r === undefined) throw new Error(`unknown broker profile '${String(p)}' (known: ${Object.keys(PROFILES).join(', ')})`);
  return r;
}

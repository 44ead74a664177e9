// basic.consume arguments as rabbit_amqqueue:check_consume_arguments checks them: first the values of the
// arguments the queue type takes, then the keys it does not take (in the client's order). Texts probed on
// RabbitMQ 3.10.8; 4.2's source has the same texts and no x-cancel-on-ha-failover (so it ignores that one).
import { fieldNumber, typeName } from './fields';
import type { ProfileRules } from './profile';
import type { FieldTable, QueueType } from './types';

const MODULE: Record<QueueType, string> = { classic: 'rabbit_classic_queue', quorum: 'rabbit_quorum_queue' };

/** The first problem with a consume's arguments on a queue of `type`, as RabbitMQ words it; null = fine. */
export function consumeArgProblem(what: string, type: QueueType, args: FieldTable, rules: ProfileRules): string | null {
  const xp = args['x-priority'];
  if (xp !== undefined && (fieldNumber(xp) === undefined || !Number.isInteger(fieldNumber(xp)))) {
    return `invalid arg 'x-priority' for ${what}: "expected integer, got ${typeName(xp)}"`;
  }
  if (rules.argumentErrors !== 'rabbitmq') return null;
  const failover = args['x-cancel-on-ha-failover'];
  const takesFailover = rules.haFailoverConsumerArg && type === 'classic';
  if (failover !== undefined && takesFailover && typeof failover !== 'boolean') {
    return `invalid arg 'x-cancel-on-ha-failover' for ${what}: {unacceptable_type,${typeName(failover)}}`;
  }
  for (const key of Object.keys(args)) {
    const refused = key === 'x-stream-offset' || (key === 'x-cancel-on-ha-failover' && rules.haFailoverConsumerArg && !takesFailover);
    if (refused) return `invalid arg '${key}' for ${what} of queue type ${MODULE[type]}`;
  }
  return null;
}

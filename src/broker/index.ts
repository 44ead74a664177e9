// Public API of the broker core. Import from here ('../broker'), not from the modules.
export { Broker, BrokerConnection, BrokerChannel } from './broker';
export { AmqpError, ReplyCode, Method, amqpError } from './errors';
export type { ReplyName, MethodName } from './errors';
export { VirtualClock, RealClock } from './clock';
export type { Clock, TimerId } from './clock';
export type * from './types';
export { saveDurableState, loadDurableState, DurableStateError } from './store';
export type { PolicyDefinition } from './broker';
export { long, timestamp, fieldNumber } from './fields';

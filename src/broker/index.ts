// Public API of the broker core. Import from here ('../broker'), not from the modules.
//
// Where each behaviour lives (imports only go down this list; scripts/check-cycles.mjs checks no circle):
//   broker.ts      the Broker facade: connect, vhosts, policies, blocked, shutdown; wires the parts below
//   connection.ts  BrokerConnection: channels, cork/uncork, delivery pause, close (exclusive queues go)
//   channel.ts     BrokerChannel: AMQP methods; owns tags + unacked list; qos, flow, consumer-timeout tick,
//                  close (requeue in tag order);  settle.ts: its Settler (ack/nack/reject, recover, tx commit)
//   consumers.ts   basic.consume, removing a consumer
//   declare.ts     queue.declare / delete / purge; effective settings from arguments + policy
//   exchanges.ts   exchange.declare / delete, bind / unbind;  bindings.ts: the binding lists
//   publish.ts     basic.publish: routing, copies, mandatory returns, publisher confirms (sent here)
//   queue.ts       QueueEngine: enqueue, dispatch, deliver, basic.get, requeue, TTL expiry, x-expires,
//                  overflow, dead-letter application, queue deletion
//   deadletter.ts  where a dead-lettered copy goes and its x-death headers
//   inspect.ts     snapshot, queueDetail, messageState, messageContent;  durable.ts: restart state
//   stepping.ts    hold / release of deliveries, content retention
//   core.ts        shared state: clock reading, depth, outbox.ts (server pushes), recorder.ts (events);
//                  events.ts: the log (ring + subscribers), eventRecord.ts: a slot's columns and the reader per kind
//   profile.ts     every RabbitMQ / LavinMQ difference, as data;  arguments.ts: the queue-argument table
//   model.ts       messages, consumers, queues (ready structure), exchanges;  unacked.ts, routing.ts
//   types.ts       the API's value types (fields, options, method arguments, snapshots);  eventTypes.ts: the typed events
//   replyTo.ts     direct reply-to;  senderRoutes.ts: CC / BCC routing
//
// A RabbitMQ-style broker in plain TypeScript (no vscode, no net), exact about acknowledgements
// (docs/semantics.md rules 1–34, RabbitMQ 4.2 by default, `profile: 'lavinmq'` for LavinMQ).
//
//   const broker = new Broker({ clock: new VirtualClock() });         // profile 'rabbitmq'
//   const conn = broker.connect({ clientName: 'worker' }, sink);     // sink: ConnectionSink
//   const ch = conn.openChannel(1);
//   ch.queueDeclare({ queue: 'tasks', durable: true });
//   ch.basicQos({ prefetchCount: 10 });
//   ch.basicConsume({ queue: 'tasks' });                            // deliveries → sink.deliver
//   ch.basicPublish({ routingKey: 'tasks' }, { deliveryMode: 2 }, body);
//   ch.basicAck({ deliveryTag: 1 });
//
// Contracts:
// - One method per AMQP 0-9-1 method, argument names as in the spec (camelCase). Methods run to
//   completion synchronously. A refused method throws AmqpError { scope, code, replyText, classId,
//   methodId } with RabbitMQ's text; by then the broker has already closed the channel (scope
//   'channel': its unacked messages are requeued) or the connection (scope 'connection'). The wire
//   layer only reports it. Calling a method on a closed channel throws a plain Error.
// - Server pushes go to the connection's ConnectionSink, in order, after the state change that
//   caused them, at the end of the outermost broker call (so a sink may call back into the broker):
//   deliveries made possible by publish/ack/nack/reject/consume/qos/recover/close/flow are pushed
//   during that call; TTL expiry and the consumer timeout push from clock timers; hold mode pushes
//   from releaseNextDelivery(). To send a reply before the pushes it caused (consume-ok before the
//   first deliver), wrap the call in connection.cork() … uncork().
// - Errors the broker raises on its own (consumer timeout, shutdown) arrive as
//   sink.channelClosedByServer / connectionClosedByServer; thrown errors are not also reported there.
// - Events: broker.events.subscribe(fn) gets every state change synchronously, in order (fixed-shape
//   BrokerEvent: seq, time, kind, ids); broker.events.entries() is the bounded log (eventLogSize,
//   default 10,000; 0 = off). With a VirtualClock the same inputs give the same log.
// - Inspection: snapshot() (queues with ready/unacked/consumers, exchanges, bindings, connections →
//   channels → consumers), queueDetail(vhost, name) (ready list in order, unacked entries),
//   messageState(id) (ready@position / unacked / acked / dead-lettered / dropped, with reason),
//   messageContent(id) for a live copy: the one way to read a message's content (retainContent() makes it
//   O(1) while a view follows the broker). Message ids identify one copy in one queue (a fanout makes
//   several, a dead-lettered copy gets a new id); publishId ties copies to their publish.
// - Stepping: setHoldDeliveries(true) keeps deliveries (tags assigned, counted unacked) until
//   releaseNextDelivery(); pendingDeliveries() lists them.
// - Restart: durableState() (JSON-safe) → Broker.restore(state, options). On disk: ./persistence
//   (openDurableStore: the state log, confirms after fsync). shutdown() ends a broker for good.
// - Field tables: plain JS values, with TypedValue ({ $type: 'l', value }) where the AMQP type
//   matters (x-death count, x-delivery-count, timestamps); long()/timestamp() build them.
export { Broker } from './broker';
export { BrokerConnection } from './connection';
export { BrokerChannel } from './channel';
export type { PolicyDefinition } from './broker';
export type { MessageContent } from './inspect';
export { QUEUE_ARGUMENTS } from './arguments';
export { PROFILE_NAMES, isProfile } from './profile';
export type { QueueArgument } from './arguments';
export { AmqpError, ReplyCode, Method, amqpError } from './errors';
export type { ReplyName, MethodName } from './errors';
export { VirtualClock, RealClock } from './clock';
export { sinkOf } from './sink';
export type { Clock, TimerId } from './clock';
export type * from './types';
export type * from './eventTypes';
export { long, timestamp, fieldNumber } from './fields';
export { eventIs } from './events';

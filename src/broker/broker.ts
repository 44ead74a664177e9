// API stub: the shape other areas build on. Implementation follows in this file.
import { AmqpError } from './errors';
import { EventLog } from './events';
import type {
  BasicAckArgs, BasicCancelArgs, BasicConsumeArgs, BasicGetArgs, BasicNackArgs, BasicProperties, BasicPublishArgs,
  BasicQosArgs, BasicRecoverArgs, BasicRejectArgs, BrokerOptions, BrokerSnapshot, ConfirmSelectArgs, ConnectionInfo,
  ConnectionSink, DurableState, EventStream, ExchangeBindArgs, ExchangeDeclareArgs, ExchangeDeleteArgs, GetOk,
  MessageState, PendingDelivery, Profile, QueueBindArgs, QueueDeclareArgs, QueueDeclareOk, QueueDeleteArgs, QueueDetail,
  QueuePurgeArgs, QueueUnbindArgs,
} from './types';

const todo = (): never => { throw new Error('not implemented yet'); };

export class BrokerChannel {
  readonly number: number = 0;
  get isOpen(): boolean { return todo(); }
  exchangeDeclare(_a: ExchangeDeclareArgs): void { todo(); }
  exchangeDelete(_a: ExchangeDeleteArgs): void { todo(); }
  exchangeBind(_a: ExchangeBindArgs): void { todo(); }
  exchangeUnbind(_a: ExchangeBindArgs): void { todo(); }
  queueDeclare(_a: QueueDeclareArgs): QueueDeclareOk { return todo(); }
  queueBind(_a: QueueBindArgs): void { todo(); }
  queueUnbind(_a: QueueUnbindArgs): void { todo(); }
  queuePurge(_a: QueuePurgeArgs): { messageCount: number } { return todo(); }
  queueDelete(_a: QueueDeleteArgs): { messageCount: number } { return todo(); }
  basicQos(_a: BasicQosArgs): void { todo(); }
  basicConsume(_a: BasicConsumeArgs): string { return todo(); }
  basicCancel(_a: BasicCancelArgs): string { return todo(); }
  basicPublish(_a: BasicPublishArgs, _p: BasicProperties, _body: Uint8Array): void { todo(); }
  basicGet(_a: BasicGetArgs): GetOk | null { return todo(); }
  basicAck(_a: BasicAckArgs): void { todo(); }
  basicNack(_a: BasicNackArgs): void { todo(); }
  basicReject(_a: BasicRejectArgs): void { todo(); }
  basicRecover(_a: BasicRecoverArgs): void { todo(); }
  confirmSelect(_a?: ConfirmSelectArgs): void { todo(); }
  txSelect(): void { todo(); }
  txCommit(): void { todo(); }
  txRollback(): void { todo(); }
  flow(_active: boolean): boolean { return todo(); }
  close(): void { todo(); }
}

export class BrokerConnection {
  readonly id: number = 0;
  get isOpen(): boolean { return todo(); }
  openChannel(_n: number): BrokerChannel { return todo(); }
  channel(_n: number): BrokerChannel | undefined { return todo(); }
  cork(): void { todo(); }
  uncork(): void { todo(); }
  close(): void { todo(); }
}

export class Broker {
  readonly profile: Profile = 'rabbitmq';
  readonly events: EventStream = new EventLog(0);
  constructor(_options: BrokerOptions = {}) {}
  static restore(_state: DurableState, _options: BrokerOptions = {}): Broker { return todo(); }
  connect(_info: ConnectionInfo, _sink: ConnectionSink): BrokerConnection { return todo(); }
  snapshot(): BrokerSnapshot { return todo(); }
  queueDetail(_vhost: string, _name: string): QueueDetail | undefined { return todo(); }
  messageState(_id: number): MessageState | undefined { return todo(); }
  setHoldDeliveries(_hold: boolean): void { todo(); }
  releaseNextDelivery(): PendingDelivery | undefined { return todo(); }
  pendingDeliveries(): PendingDelivery[] { return todo(); }
  durableState(): DurableState { return todo(); }
  addVhost(_name: string): void { todo(); }
  shutdown(_error?: AmqpError): void { todo(); }
}

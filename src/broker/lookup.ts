// Name lookups a channel method starts with: vhost, queue ('' = the channel's last declared queue),
// exchange, and the exclusive-queue lock. Each failure closes the channel (ch.fail) and returns the error.
import type { Core } from './core';
import { amqpError, rs, type MethodName } from './errors';
import type { ChannelLike, Exchange, Queue, VHost } from './model';

export function vhostOf(core: Core, ch: ChannelLike): VHost {
  return core.vhosts.get(ch.connection.vhost)!;
}

/** Expands '' to the channel's last declared queue. */
export function queueName(ch: ChannelLike, name: string, method: MethodName): string {
  if (name !== '') return name;
  if (ch.lastQueue === '') throw ch.fail(amqpError('NOT_FOUND', 'no previously declared queue', method));
  return ch.lastQueue;
}

export function checkExclusive(ch: ChannelLike, q: Pick<Queue, 'owner' | 'name' | 'vhost'>, method: MethodName): void {
  if (q.owner !== null && q.owner !== ch.connection) {
    throw ch.fail(
      amqpError(
        'RESOURCE_LOCKED',
        `cannot obtain exclusive access to locked ${rs('queue', q.name, q.vhost.name)}. It could be originally declared on another connection or the exclusive property value does not match that of the original declaration.`,
        method,
      ),
    );
  }
}

export function getQueue(core: Core, ch: ChannelLike, name: string, method: MethodName): Queue {
  const v = vhostOf(core, ch);
  const q = v.queues.get(queueName(ch, name, method));
  if (q === undefined) throw ch.fail(amqpError('NOT_FOUND', `no ${rs('queue', name || ch.lastQueue, v.name)}`, method));
  checkExclusive(ch, q, method);
  return q;
}

export function getExchange(core: Core, ch: ChannelLike, name: string, method: MethodName): Exchange {
  const v = vhostOf(core, ch);
  const ex = v.exchanges.get(name);
  if (ex === undefined) throw ch.fail(amqpError('NOT_FOUND', `no ${rs('exchange', name, v.name)}`, method));
  return ex;
}

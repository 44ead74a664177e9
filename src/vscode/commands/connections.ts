// Closing a client's channel or connection "from the server" (a crashed worker: its unacked
// messages are requeued), from either view's menu or the palette.
import { channelOfConnectionNode, channelOfNode, connectionOfNode } from '../../playground';
import { isPlain, pickChannel } from './prompts';
import type { Handler } from './types';

export const CONNECTIONS: Record<string, Handler> = {
  closeChannel: async (s, arg?: unknown) => {
    let target = channelOfNode(arg) ?? channelOfConnectionNode(arg);
    if (!target && isPlain(arg) && 'connectionId' in arg && 'channel' in arg) target = arg as { connectionId: number; channel: number };
    if (!target) target = await pickChannel(s);
    if (!target) return undefined;
    s.playground.closeChannel(target.connectionId, target.channel);
    s.log.info(`Closed channel ${target.channel} of connection ${target.connectionId}: its unacked messages are requeued`);
    s.queues.flushNow();
    s.connections.flushNow();
    return true;
  },
  closeConnection: async (s, arg?: unknown) => {
    let id = connectionOfNode(arg) ?? channelOfNode(arg)?.connectionId;
    if (id === undefined && isPlain(arg) && 'connectionId' in arg) id = Number((arg as { connectionId: number }).connectionId);
    if (id === undefined) id = (await pickChannel(s, true))?.connectionId;
    if (id === undefined) return undefined;
    s.playground.closeConnection(id);
    s.log.info(`Closed connection ${id}: its unacked messages are requeued (as when a worker dies)`);
    s.queues.flushNow();
    s.connections.flushNow();
    return true;
  },
};

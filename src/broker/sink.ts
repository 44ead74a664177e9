// A ConnectionSink from only the callbacks a caller cares about (an in-process client, a demo, a bench, a test);
// every other server push is ignored.
import type { ConnectionSink } from './types';

export function sinkOf(handlers: Partial<ConnectionSink> = {}): ConnectionSink {
  const ignore = (): void => undefined;
  return {
    deliver: ignore,
    basicReturn: ignore,
    confirm: ignore,
    consumerCancelled: ignore,
    channelClosedByServer: ignore,
    connectionClosedByServer: ignore,
    ...handlers,
  };
}

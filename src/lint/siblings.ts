// Consumers that run every registered callback for each message (kombu: `Consumer(…, callbacks=[a, b])`,
// `consumer.register_callback(c)`): one callback that does not settle may sit beside another that does, so a
// missing ack is only a finding when no other callback of the same consumer can settle (or be seen at all).
import type { Call, SNode } from './syntax';

/** The callback expressions given to one consumer: the list the site's call registers, and every registration
 *  on the same receiver (`c.register_callback(x)`) in the file. */
export function consumerCallbacks(call: Call, listKeywords: readonly string[], registrations: readonly Call[]): SNode[] {
  const out: SNode[] = [];
  for (const k of listKeywords) {
    const v = call.kwargs.get(k);
    if (v) out.push(...(/list|array|tuple/.test(v.type) ? v.namedChildren : [v]));
  }
  const recv = call.receiver?.text;
  if (recv) for (const r of registrations) if (r.receiver?.text === recv && r.args[0]) out.push(r.args[0]);
  return out;
}

/**
 * Can a callback of this consumer other than `handler` settle the delivery? `resolve` gives the functions an
 * expression denotes (none: code the analysis cannot see, which may settle); `settles` tells whether one may.
 */
export function otherCallbackMaySettle<F extends { node: SNode }>(
  callbacks: readonly SNode[],
  handler: F,
  resolve: (e: SNode) => F[],
  settles: (f: F) => boolean,
): boolean {
  return callbacks.some((e) => {
    const fs = resolve(e);
    if (!fs.length) return true;
    return fs.some((f) => f.node.startIndex !== handler.node.startIndex && settles(f));
  });
}

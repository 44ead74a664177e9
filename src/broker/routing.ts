// Exchange routing: default, direct, fanout, topic, headers, exchange-to-exchange bindings and
// alternate exchanges. Destinations are collected once each (a mark per routing pass).
import { fieldEquals } from './fields';
import type { Binding, Exchange, Queue } from './model';
import type { FieldTable } from './types';

/** Topic match: words split on '.', '*' = exactly one word, '#' = zero or more words. */
export function topicMatch(pattern: string[], key: string[]): boolean {
  return match(pattern, 0, key, 0);
}

function match(p: string[], pi: number, k: string[], ki: number): boolean {
  for (;;) {
    if (pi === p.length) return ki === k.length;
    const w = p[pi]!;
    if (w === '#') {
      // collapse consecutive '#'
      while (pi + 1 < p.length && p[pi + 1] === '#') pi++;
      if (pi + 1 === p.length) return true;
      for (let j = ki; j <= k.length; j++) if (match(p, pi + 1, k, j)) return true;
      return false;
    }
    if (ki === k.length) return false;
    if (w !== '*' && w !== k[ki]) return false;
    pi++;
    ki++;
  }
}

/** Headers exchange: x-match all (default) / any / all-with-x / any-with-x. */
export function headersMatch(bindingArgs: FieldTable, headers: FieldTable | undefined): boolean {
  const mode = bindingArgs['x-match'];
  const any = mode === 'any' || mode === 'any-with-x';
  const withX = mode === 'all-with-x' || mode === 'any-with-x';
  const h = headers ?? {};
  for (const key of Object.keys(bindingArgs)) {
    if (key === 'x-match') continue;
    if (!withX && key.startsWith('x-')) continue;
    const want = bindingArgs[key];
    const has = Object.prototype.hasOwnProperty.call(h, key);
    // a void binding value matches on presence alone
    const ok = has && (want === null || fieldEquals(want, h[key]));
    if (any && ok) return true;
    if (!any && !ok) return false;
  }
  return !any;
}

export class Router {
  private epoch = 0;

  /**
   * Routes from `ex`, appending each destination queue once to `out`.
   * Returns the number of queues added.
   */
  route(ex: Exchange, routingKey: string, headers: FieldTable | undefined, out: Queue[]): number {
    const epoch = ++this.epoch;
    return this.routeFrom(ex, routingKey, headers, out, epoch);
  }

  private routeFrom(ex: Exchange, rk: string, headers: FieldTable | undefined, out: Queue[], epoch: number): number {
    if (ex.mark === epoch) return 0;
    ex.mark = epoch;
    const before = out.length;
    if (ex.type === 'default') {
      const q = ex.vhost.queues.get(rk);
      if (q !== undefined && q.mark !== epoch) {
        q.mark = epoch;
        out.push(q);
      }
    } else if (ex.type === 'direct') {
      const bs = ex.direct.get(rk);
      if (bs !== undefined) for (let i = 0; i < bs.length; i++) this.follow(bs[i]!, rk, headers, out, epoch);
    } else if (ex.type === 'fanout') {
      const bs = ex.bindings;
      for (let i = 0; i < bs.length; i++) this.follow(bs[i]!, rk, headers, out, epoch);
    } else if (ex.type === 'topic') {
      const bs = ex.bindings;
      if (bs.length > 0) {
        const words = rk === '' ? [] : rk.split('.');
        for (let i = 0; i < bs.length; i++) {
          const b = bs[i]!;
          if (topicMatch(b.words!, words)) this.follow(b, rk, headers, out, epoch);
        }
      }
    } else {
      const bs = ex.bindings;
      for (let i = 0; i < bs.length; i++) {
        const b = bs[i]!;
        if (headersMatch(b.args, headers)) this.follow(b, rk, headers, out, epoch);
      }
    }
    let added = out.length - before;
    if (added === 0) {
      const ae = ex.alternate;
      if (ae !== null) {
        const alt = ex.vhost.exchanges.get(ae);
        if (alt !== undefined) added += this.routeFrom(alt, rk, headers, out, epoch);
      }
    }
    return added;
  }

  private follow(b: Binding, rk: string, headers: FieldTable | undefined, out: Queue[], epoch: number): void {
    if (b.queue !== null) {
      const q = b.queue;
      if (q.mark !== epoch) {
        q.mark = epoch;
        out.push(q);
      }
    } else if (b.exchange !== null) {
      this.routeFrom(b.exchange, rk, headers, out, epoch);
    }
  }
}

// Ack-mode flags seen through small wrappers: options merged with `Object.assign({ noAck: x }, extra)`, a flag
// passed negated (`noAck: !needAck`), and a flag handed to a handler factory (`this.makeHandler(q, needAck)`,
// whose parameter the returned handler tests). Each answers undefined when the shape is not plain.
import type { Family } from './languages';
import type { Func, SNode } from './syntax';
import { callOf } from './syntaxCalls';

/** `Object.assign({ noAck: … }, more)`: the literal object whose keys it starts from. */
export function assignedOptions(fam: Family, n: SNode): SNode | undefined {
  const c = fam === 'js' ? callOf(fam, n) : null;
  if (!c || c.name !== 'assign' || c.receiver?.text !== 'Object') return undefined;
  const first = c.args[0];
  return first && first.type === 'object' ? first : undefined;
}

/** `!name` / `not name`: the name negated. */
export function negatedName(text: string): string | undefined {
  return /^(?:!\s*|not\s+)([A-Za-z_$][\w$]*)$/.exec(text.trim())?.[1];
}

/**
 * The handler expression is a call of a same-file factory given `flagVar` as its i-th argument: the name of the
 * factory's i-th parameter (what the returned handler tests), else undefined.
 */
export function factoryParam(fam: Family, expr: SNode, funcsByName: { get(name: string): Func[] | undefined }, flagVar: string): string | undefined {
  const c = callOf(fam, expr);
  if (!c) return undefined;
  const i = c.args.findIndex((a) => a.text.trim() === flagVar);
  const f = funcsByName.get(c.name)?.find((x) => x.body);
  const p = i >= 0 ? f?.params[i] : undefined;
  return p ? /^[$@]?[A-Za-z_][\w$]*/.exec(p)?.[0] : undefined;
}

// A channel kept in a process's state (Elixir `{:ok, %{in: in_chan, out: out_chan}}`, later `state.out`): the
// variable the state field was built from, so a settle on `state.out` is known to be on `out_chan`.
import { lastSegment } from './syntax';

/** For `state.key` (or `state[:key]`), the one variable the file puts under `key:` in a map literal. */
export function stateFieldVariable(text: string, expr: string): string | undefined {
  const m = /^[a-z_]\w*(?:\.(\w+)|\[:(\w+)\])$/.exec(expr.trim());
  const key = m?.[1] ?? m?.[2];
  if (!key) return undefined;
  const vars = new Set<string>();
  for (const x of text.matchAll(new RegExp(`%\\{[^{}]*?\\b${key}:\\s*([a-z_]\\w*)`, 'g'))) vars.add(x[1]);
  return vars.size === 1 ? lastSegment([...vars][0]) : undefined;
}

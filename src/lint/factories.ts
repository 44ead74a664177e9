// Handler factories: `ch.consume(q, this.makeHandler(topic))`, where a same-file function or method returns the
// function that handles each delivery (`makeHandler(topic) { return async (msg) => { … } }`). The handler is the
// function literal it returns; anything else it returns (a variable, a call) is not followed.
import type { Family } from './languages';
import { funcTypes, type Func, type SNode } from './syntax';
import { funcOf } from './syntaxFuncs';

const RETURN = /^(?:return_statement|return|return_expression)$/;

/** The function literals `f` returns (from its own body, not from functions nested in it), as handlers. */
export function returnedFunctions(fam: Family, f: Func, limit = 2000): Func[] {
  const types = funcTypes(fam);
  const out: Func[] = [];
  if (!f.body) return out;
  // An arrow whose body is itself a function: `(topic) => (msg) => { … }`.
  if (types.includes(f.body.type)) {
    const g = funcOf(fam, f.body);
    return g ? [g] : out;
  }
  const stack: SNode[] = [f.body];
  for (let seen = 0; stack.length && seen < limit; seen++) {
    const n = stack.pop()!;
    if (RETURN.test(n.type)) {
      const v = n.namedChildren[0];
      const g = v && types.includes(v.type) ? funcOf(fam, v) : null;
      if (g) out.push(g);
      continue;
    }
    for (const c of n.namedChildren) if (!types.includes(c.type)) stack.push(c);
  }
  return out;
}

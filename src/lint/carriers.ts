// Names that hold the delivery wrapped in a value (`event = Arrival(method, props, body)`, `job := Job{d}`,
// `var work = new Work(delivery)`): handing such a name to other code hands the delivery on, as handing the
// delivery itself does. Not a value merely computed from it (`order = json.loads(body)`): `carries` decides.
import type { SNode } from './syntax';

/** Assignment-like nodes and the fields of their target and value, across the grammars. */
const ASSIGN: Record<string, [string, string]> = {
  assignment: ['left', 'right'],
  assignment_expression: ['left', 'right'],
  augmented_assignment: ['left', 'right'],
  variable_declarator: ['name', 'value'],
  short_var_declaration: ['left', 'right'],
  assignment_statement: ['left', 'right'],
};

/** The simple names assigned, anywhere in `body`, a value for which `carries` holds. */
export function carrierNames(body: SNode, carries: (value: SNode) => boolean, limit = 2000): Set<string> {
  const out = new Set<string>();
  const stack: SNode[] = [body];
  for (let seen = 0; stack.length && seen < limit; seen++) {
    const n = stack.pop()!;
    const f = ASSIGN[n.type];
    if (f) {
      const target = n.childForFieldName(f[0]);
      let value = n.childForFieldName(f[1]);
      // Go: `a := x` has expression lists on both sides.
      if (value?.type === 'expression_list' && value.namedChildren.length === 1) value = value.namedChildren[0];
      const name = target?.type === 'expression_list' && target.namedChildren.length === 1 ? target.namedChildren[0] : target;
      if (name && value && /^[$@]?[A-Za-z_][\w$]*$/.test(name.text) && carries(value)) out.add(name.text);
    }
    for (const c of n.namedChildren) stack.push(c);
  }
  return out;
}

const CONTAINER =
  /^(?:tuple|list|array|object|dictionary|hash|composite_literal|literal_value|new_expression|object_creation_expression|array_creation_expression|initializer_expression|anonymous_object_creation_expression|map)$/;
const INNER = /argument|pair|keyed_element|element|initializer|literal_value|shorthand_property/;
const CALL = /^(?:call|call_expression|invocation_expression|method_invocation)$/;

/**
 * Does `value` wrap the delivery itself: a tuple, list, object or `new` expression holding it, or a call of a
 * capitalised name (a constructor by convention: `Arrival(method, …)`, `Job{d}`)? A lowercase call
 * (`decode(msg)`) computes a value from the delivery and is not a wrapper.
 */
export function wrapsDelivery(value: SNode, isDelivery: (text: string) => boolean, depth = 0): boolean {
  if (depth > 3) return false;
  const holds = (n: SNode): boolean =>
    n.namedChildren.some((c) => isDelivery(c.text.trim()) || ((INNER.test(c.type) || CONTAINER.test(c.type)) && wrapsDelivery(c, isDelivery, depth + 1)));
  if (CONTAINER.test(value.type) || (depth > 0 && INNER.test(value.type))) return holds(value);
  if (CALL.test(value.type)) {
    const callee = value.childForFieldName('function') ?? value.childForFieldName('name') ?? value.namedChildren[0];
    const last = callee?.text.split(/[.:]/).pop() ?? '';
    return /^_*[A-Z]/.test(last) && holds(value);
  }
  return false;
}

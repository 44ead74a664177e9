// Per-language reading of a function node: its name (also from the declaration it is assigned to), parameters, body.
import type { Family } from './languages';
import { field, type Func, FUNC_TYPES, isExDef, lastSegment, named, optionValue, type SNode, unquote } from './syntax';

/** Names bound by a parameter node (first identifier found). */
function paramName(p: SNode): string | undefined {
  const idTypes = ['identifier', 'variable_name', 'shorthand_property_identifier_pattern'];
  if (idTypes.includes(p.type)) return p.text;
  const direct = field(p, 'name') ?? field(p, 'pattern');
  if (direct && idTypes.includes(direct.type)) return direct.text;
  const stack = [p];
  while (stack.length) {
    const c = stack.shift()!;
    if (idTypes.includes(c.type)) return c.text;
    if (c.type === 'type' || c.type === 'type_annotation' || c.type === 'decorator' || c.type === 'modifiers') continue;
    stack.push(...named(c));
  }
  return undefined;
}

export function funcOf(fam: Family, n: SNode): Func | null {
  if (!FUNC_TYPES[fam].includes(n.type) && !(fam === 'ex' && isExDef(n))) return null;
  let params: SNode[] = [];
  let body: SNode | null = null;
  let name: string | undefined;
  switch (fam) {
    case 'js': {
      const ps = field(n, 'parameters') ?? field(n, 'parameter');
      params = ps ? (ps.type === 'identifier' ? [ps] : named(ps)) : [];
      body = field(n, 'body');
      name = field(n, 'name')?.text;
      if (!name && n.parent?.type === 'variable_declarator') name = field(n.parent, 'name')?.text;
      if (!name && n.parent?.type === 'assignment_expression') name = lastSegment(field(n.parent, 'left')?.text);
      if (!name && n.parent?.type === 'pair') name = unquote(field(n.parent, 'key')?.text ?? '');
      if (!name && (n.parent?.type === 'public_field_definition' || n.parent?.type === 'field_definition'))
        name = (field(n.parent, 'name') ?? field(n.parent, 'property'))?.text;
      break;
    }
    case 'py': {
      params = named(field(n, 'parameters'));
      body = field(n, 'body');
      name = field(n, 'name')?.text;
      if (!name && n.parent?.type === 'assignment') name = lastSegment(field(n.parent, 'left')?.text);
      const names = params.map(paramName);
      if (names[0] === 'self' || names[0] === 'cls') params = params.slice(1);
      break;
    }
    case 'go':
      params = named(field(n, 'parameters'));
      body = field(n, 'body');
      name = field(n, 'name')?.text;
      break;
    case 'java': {
      const ps = field(n, 'parameters');
      params = ps ? (ps.type === 'identifier' ? [ps] : named(ps)) : [];
      body = field(n, 'body');
      name = field(n, 'name')?.text;
      if (!name && n.parent?.type === 'variable_declarator') name = field(n.parent, 'name')?.text;
      break;
    }
    case 'cs': {
      const ps = field(n, 'parameters');
      params = ps ? (ps.type === 'identifier' ? [ps] : named(ps).filter((p) => p.type !== 'modifier')) : [];
      body = field(n, 'body');
      name = field(n, 'name')?.text;
      if (!name && n.parent?.type === 'equals_value_clause') name = n.parent.parent?.namedChildren[0]?.text;
      if (!name && n.parent?.type === 'variable_declarator') name = field(n.parent, 'name')?.text ?? n.parent.namedChildren[0]?.text;
      break;
    }
    case 'rb': {
      const ps = field(n, 'parameters') ?? n.namedChildren.find((c) => c.type === 'block_parameters' || c.type === 'lambda_parameters') ?? null;
      params = named(ps);
      body = field(n, 'body') ?? n.namedChildren.find((c) => c.type === 'body_statement' || c.type === 'block_body') ?? null;
      name = field(n, 'name')?.text;
      break;
    }
    case 'php': {
      params = named(field(n, 'parameters'));
      body = field(n, 'body');
      name = field(n, 'name')?.text;
      if (!name && n.parent?.type === 'assignment_expression') name = field(n.parent, 'left')?.text;
      break;
    }
    case 'ex':
      return elixirFunc(n);
    case 'erl':
    case 'lfe':
      return { node: n, name: field(n, 'name')?.text, params: named(field(n, 'parameters')).map((p) => p.text), body: field(n, 'body') };
  }
  return { node: n, name, params: params.map((p) => paramName(p) ?? p.text), body };
}

/** Elixir: `fn … -> … end`, and `def name(args) do … end` / `def name(args), do: …`. */
function elixirFunc(n: SNode): Func {
  if (n.type === 'anonymous_function') {
    const clause = n.namedChildren.find((c) => c.type === 'stab_clause');
    const params = named(clause ? field(clause, 'left') : null);
    return { node: n, params: params.map((p) => p.text), body: clause ? field(clause, 'right') : null };
  }
  const head = n.namedChildren.find((c) => c.type === 'arguments')?.namedChildren[0];
  const h = head?.type === 'binary_operator' ? field(head, 'left') : head; // def f(x) when guard
  const name = h ? (h.type === 'call' ? field(h, 'target')?.text : h.text) : undefined;
  const params = h && h.type === 'call' ? named(h.namedChildren.find((c) => c.type === 'arguments')) : [];
  let body = n.namedChildren.find((c) => c.type === 'do_block') ?? null;
  if (!body) {
    const kw = n.namedChildren.find((c) => c.type === 'arguments')?.namedChildren.find((c) => c.type === 'keywords');
    body = kw ? (optionValue(kw, ['do']) ?? null) : null;
  }
  return { node: n, name, params: params.map((p) => p.text), body };
}

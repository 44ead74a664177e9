// Per-language reading of a call node: callee name, receiver, positional and keyword arguments, Ruby/Elixir block.
import type { Family } from './languages';
import { type Call, CALL_TYPES, field, named, type SNode } from './syntax';

function argsOf(list: SNode | null): { args: SNode[]; kwargs: Map<string, SNode> } {
  const args: SNode[] = [];
  const kwargs = new Map<string, SNode>();
  for (const a of named(list)) {
    if (a.type === 'keyword_argument') {
      const k = field(a, 'name');
      const v = field(a, 'value');
      if (k && v) kwargs.set(k.text, v);
    } else if (a.type === 'argument') {
      // C# / PHP: named argument has a `name` field; the value is the last named child.
      const k = field(a, 'name');
      const kids = named(a);
      const v = kids[kids.length - 1];
      if (k && v && v !== k) kwargs.set(k.text, v);
      else if (v) args.push(v);
    } else if (a.type === 'pair' && field(a, 'key')?.type === 'hash_key_symbol') {
      kwargs.set(field(a, 'key')!.text, field(a, 'value')!);
    } else if (a.type === 'pair' && field(a, 'key')?.type === 'simple_symbol' && field(a, 'value')) {
      // Ruby's older hash-rocket keyword: `:manual_ack => true` means `manual_ack: true`.
      kwargs.set(field(a, 'key')!.text.replace(/^:/, ''), field(a, 'value')!);
    } else if (a.type === 'keywords') {
      for (const p of named(a)) {
        const k = field(p, 'key');
        const v = field(p, 'value');
        if (k && v) kwargs.set(k.text.replace(/[:\s]+$/, ''), v);
      }
    } else {
      args.push(a);
    }
  }
  return { args, kwargs };
}

export function callOf(fam: Family, n: SNode): Call | null {
  switch (fam) {
    case 'js':
    case 'go': {
      if (n.type !== 'call_expression') return null;
      const fn = field(n, 'function');
      if (!fn) return null;
      const { args, kwargs } = argsOf(field(n, 'arguments'));
      if (fn.type === 'member_expression' || fn.type === 'selector_expression') {
        const prop = field(fn, 'property') ?? field(fn, 'field');
        if (!prop) return null;
        return { node: n, name: prop.text, nameNode: prop, receiver: field(fn, 'object') ?? field(fn, 'operand'), args, kwargs, block: null };
      }
      if (fn.type === 'identifier') return { node: n, name: fn.text, nameNode: fn, receiver: null, args, kwargs, block: null };
      return { node: n, name: '', nameNode: fn, receiver: null, args, kwargs, block: null };
    }
    case 'py': {
      if (n.type !== 'call') return null;
      const fn = field(n, 'function');
      if (!fn) return null;
      const { args, kwargs } = argsOf(field(n, 'arguments'));
      if (fn.type === 'attribute') {
        const a = field(fn, 'attribute')!;
        return { node: n, name: a.text, nameNode: a, receiver: field(fn, 'object'), args, kwargs, block: null };
      }
      return { node: n, name: fn.type === 'identifier' ? fn.text : '', nameNode: fn, receiver: null, args, kwargs, block: null };
    }
    case 'java': {
      if (n.type !== 'method_invocation') return null;
      const name = field(n, 'name');
      if (!name) return null;
      const { args, kwargs } = argsOf(field(n, 'arguments'));
      return { node: n, name: name.text, nameNode: name, receiver: field(n, 'object'), args, kwargs, block: null };
    }
    case 'cs': {
      if (n.type !== 'invocation_expression') return null;
      const fn = field(n, 'function');
      if (!fn) return null;
      const { args, kwargs } = argsOf(field(n, 'arguments'));
      if (fn.type === 'member_access_expression') {
        const nm = field(fn, 'name')!;
        const id = nm.type === 'generic_name' ? (nm.namedChildren[0] ?? nm) : nm;
        return { node: n, name: id.text, nameNode: nm, receiver: field(fn, 'expression'), args, kwargs, block: null };
      }
      const id = fn.type === 'generic_name' ? (fn.namedChildren[0] ?? fn) : fn;
      return { node: n, name: id.text, nameNode: fn, receiver: null, args, kwargs, block: null };
    }
    case 'rb': {
      if (n.type !== 'call') return null;
      const m = field(n, 'method');
      if (!m) return null;
      const { args, kwargs } = argsOf(field(n, 'arguments'));
      return { node: n, name: m.text, nameNode: m, receiver: field(n, 'receiver'), args, kwargs, block: field(n, 'block') };
    }
    case 'php':
      return phpCall(n);
    case 'ex':
    case 'erl':
    case 'lfe':
      return clauseLangCall(n);
  }
}

function phpCall(n: SNode): Call | null {
  if (!CALL_TYPES.php.includes(n.type)) return null;
  const { args, kwargs } = argsOf(field(n, 'arguments'));
  if (n.type === 'function_call_expression') {
    const fn = field(n, 'function')!;
    return { node: n, name: fn.text, nameNode: fn, receiver: null, args, kwargs, block: null };
  }
  const nm = field(n, 'name');
  if (!nm) return null;
  return { node: n, name: nm.text, nameNode: nm, receiver: field(n, 'object') ?? field(n, 'scope'), args, kwargs, block: null };
}

/** Elixir, and the Erlang/LFE readers: `call` nodes with a `target` (a `dot` for `Mod.fun`). */
function clauseLangCall(n: SNode): Call | null {
  if (n.type !== 'call') return null;
  const t = field(n, 'target');
  if (!t) return null;
  const argNode = n.namedChildren.find((c) => c.type === 'arguments') ?? null;
  const { args, kwargs } = argsOf(argNode);
  const block = n.namedChildren.find((c) => c.type === 'do_block') ?? null;
  if (t.type === 'dot') {
    const r = field(t, 'right');
    if (!r) return null;
    return { node: n, name: r.text, nameNode: r, receiver: field(t, 'left'), args, kwargs, block };
  }
  return { node: n, name: t.text, nameNode: t, receiver: null, args, kwargs, block };
}

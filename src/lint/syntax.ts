// Per-language reading of a syntax tree: calls, functions and control flow, in one shape for the engine.
// Works on tree-sitter nodes and on the synthetic nodes of the Erlang/LFE readers (same SNode interface).
import type { Family } from './languages';

export interface Point {
  row: number;
  column: number;
}

/** The subset of a tree-sitter node the engine uses. */
export interface SNode {
  readonly id: number;
  readonly type: string;
  readonly text: string;
  readonly startIndex: number;
  readonly endIndex: number;
  readonly startPosition: Point;
  readonly endPosition: Point;
  readonly namedChildren: SNode[];
  readonly children: SNode[];
  readonly parent: SNode | null;
  readonly isNamed: boolean;
  childForFieldName(name: string): SNode | null;
  childrenForFieldName(name: string): SNode[];
}

export interface Call {
  node: SNode;
  name: string;
  nameNode: SNode;
  receiver: SNode | null;
  args: SNode[];
  kwargs: Map<string, SNode>;
  block: SNode | null;
}

export interface Func {
  node: SNode;
  name?: string;
  params: string[];
  /** Statement container (block) or expression body. */
  body: SNode | null;
}

export type Flow =
  | { k: 'if'; cond: SNode | null; arms: (SNode | null)[]; exhaustive: boolean; init?: SNode | null }
  | { k: 'switch'; subject: SNode | null; arms: SNode[][]; exhaustive: boolean; fallthrough: boolean; init?: SNode | null; typed?: boolean }
  | { k: 'return'; value: SNode | null }
  | { k: 'throw' }
  | { k: 'break' }
  | { k: 'continue' }
  | { k: 'try'; body: SNode[]; catches: SNode[][]; orelse: SNode[]; fin: SNode[]; catchHeads?: string[] }
  | { k: 'loop'; head: SNode[]; body: SNode[]; infinite: boolean }
  | { k: 'with'; items: SNode[]; body: SNode[] }
  | { k: 'defer'; body: SNode }
  | { k: 'short'; left: SNode; right: SNode }
  | { k: 'func' }
  | { k: 'skip' };

const named = (n: SNode | null | undefined): SNode[] => (n ? n.namedChildren.filter((c) => c && !isComment(c)) : []);
export const isComment = (n: SNode): boolean => n.type === 'comment' || n.type === 'line_comment' || n.type === 'block_comment';
const field = (n: SNode, f: string): SNode | null => n.childForFieldName(f);

const CALL_TYPES: Record<Family, string[]> = {
  js: ['call_expression'],
  py: ['call'],
  go: ['call_expression'],
  java: ['method_invocation'],
  cs: ['invocation_expression'],
  rb: ['call'],
  php: ['member_call_expression', 'nullsafe_member_call_expression', 'function_call_expression', 'scoped_call_expression'],
  ex: ['call'],
  erl: ['call'],
  lfe: ['call'],
};
export const callTypes = (f: Family): string[] => CALL_TYPES[f];

const FUNC_TYPES: Record<Family, string[]> = {
  js: [
    'arrow_function',
    'function_expression',
    'function',
    'function_declaration',
    'generator_function_declaration',
    'method_definition',
    'generator_function',
  ],
  py: ['function_definition', 'lambda'],
  go: ['func_literal', 'function_declaration', 'method_declaration'],
  java: ['lambda_expression', 'method_declaration'],
  cs: ['lambda_expression', 'anonymous_method_expression', 'local_function_statement', 'method_declaration'],
  rb: ['method', 'singleton_method', 'lambda', 'do_block', 'block'],
  php: ['anonymous_function', 'arrow_function', 'function_definition', 'method_declaration', 'anonymous_function_creation_expression'],
  ex: ['anonymous_function'],
  erl: ['function', 'fun'],
  lfe: ['function', 'fun'],
};
export const funcTypes = (f: Family): string[] => FUNC_TYPES[f];

function unquote(s: string): string {
  return s.replace(/^[:'"`]+|['"`]+$/g, '');
}

/** The value of a string literal node, or undefined. */
export function stringValue(n: SNode | null | undefined): string | undefined {
  if (!n) return undefined;
  if (/string|atom|symbol/.test(n.type) && !/interpol/.test(n.text)) return unquote(n.text.replace(/^[a-z]*(['"])/, '$1'));
  return undefined;
}

/** true / false for boolean literals (any language), else undefined. */
export function boolValue(n: SNode | null | undefined): boolean | undefined {
  if (!n) return undefined;
  const t = n.text.trim().replace(/^'/, '');
  if (t === 'true' || t === 'True' || t === 'TRUE') return true;
  if (t === 'false' || t === 'False' || t === 'FALSE') return false;
  return undefined;
}

/** Value of `key` in an object / hash / keyword-list literal node. */
export function optionValue(n: SNode | null | undefined, keys: string[]): SNode | undefined {
  if (!n) return undefined;
  for (const c of named(n)) {
    if (c.type === 'pair' || c.type === 'property_assignment' || c.type === 'element_value_pair' || c.type === 'keyword_argument') {
      const k = field(c, 'key') ?? field(c, 'name') ?? c.namedChildren[0];
      const v = field(c, 'value') ?? c.namedChildren[c.namedChildren.length - 1];
      if (k && keys.includes(unquote(k.text.replace(/[:\s]+$/, '')))) return v ?? undefined;
    } else if (c.type === 'shorthand_property_identifier' && keys.includes(c.text)) {
      return c;
    } else if (c.type === 'keywords' || c.type === 'map_content' || c.type === 'hash') {
      const v = optionValue(c, keys);
      if (v) return v;
    }
  }
  return undefined;
}

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
    case 'php': {
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
    case 'ex':
    case 'erl':
    case 'lfe': {
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
  }
}

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
    case 'ex': {
      if (n.type === 'anonymous_function') {
        const clause = n.namedChildren.find((c) => c.type === 'stab_clause');
        params = named(clause ? field(clause, 'left') : null);
        body = clause ? field(clause, 'right') : null;
      } else {
        const head = n.namedChildren.find((c) => c.type === 'arguments')?.namedChildren[0];
        const h = head?.type === 'binary_operator' ? field(head, 'left') : head; // def f(x) when guard
        name = h ? (h.type === 'call' ? field(h, 'target')?.text : h.text) : undefined;
        params = h && h.type === 'call' ? named(h.namedChildren.find((c) => c.type === 'arguments')) : [];
        body = n.namedChildren.find((c) => c.type === 'do_block') ?? null;
        if (!body) {
          const kw = n.namedChildren.find((c) => c.type === 'arguments')?.namedChildren.find((c) => c.type === 'keywords');
          body = kw ? (optionValue(kw, ['do']) ?? null) : null;
        }
      }
      return { node: n, name, params: params.map((p) => p.text), body };
    }
    case 'erl':
    case 'lfe':
      return { node: n, name: field(n, 'name')?.text, params: named(field(n, 'parameters')).map((p) => p.text), body: field(n, 'body') };
  }
  return { node: n, name, params: params.map((p) => paramName(p) ?? p.text), body };
}

export function isExDef(n: SNode): boolean {
  if (n.type !== 'call') return false;
  const t = n.childForFieldName('target');
  return !!t && (t.text === 'def' || t.text === 'defp');
}

export function lastSegment(s: string | undefined): string | undefined {
  if (!s) return undefined;
  const m = /([A-Za-z_$][\w$]*)\W*$/.exec(s);
  return m ? m[1] : undefined;
}

/** Statements of a block-ish node (or the node itself when it is a single statement / expression). */
export function stmts(n: SNode | null): SNode[] {
  if (!n) return [];
  const blockish = [
    'statement_block',
    'block',
    'compound_statement',
    'statement_list',
    'body_statement',
    'block_body',
    'then',
    'else',
    'body',
    'do_block',
    'switch_body',
    'program',
    'module',
    'source_file',
    'declaration_list',
    'begin_block',
    'expression_list',
  ];
  if (
    (n.type === 'body_statement' || n.type === 'do_block') &&
    n.namedChildren.some((c) => c.type === 'rescue' || c.type === 'ensure' || c.type === 'rescue_block' || c.type === 'catch_block' || c.type === 'after_block')
  )
    return [n];
  if (blockish.includes(n.type)) {
    const kids = named(n);
    // Go wraps a block's statements in a statement_list.
    return kids.length === 1 && kids[0].type === 'statement_list' ? named(kids[0]) : kids;
  }
  return [n];
}

/** The text of a catch clause before its body: `except pika.exceptions.ConnectionClosed as e:`. */
function headText(clause: SNode, body: SNode | null): string {
  return body ? clause.text.slice(0, Math.max(0, body.startIndex - clause.startIndex)) : clause.text.slice(0, 200);
}

const JS_LOOPS = ['for_statement', 'for_in_statement', 'while_statement', 'do_statement'];

/** Control-flow meaning of a node, or null when it is plain sequential code. */
export function flowOf(fam: Family, n: SNode): Flow | null {
  const t = n.type;
  if (isComment(n)) return { k: 'skip' };
  if (FUNC_TYPES[fam].includes(t) || t === 'class_declaration' || t === 'class_definition' || t === 'class' || t === 'decorated_definition')
    return { k: 'func' };
  switch (fam) {
    case 'js':
    case 'java':
    case 'cs':
    case 'go':
    case 'php': {
      if (t === 'if_statement') {
        const arms: (SNode | null)[] = [field(n, 'consequence') ?? field(n, 'body')];
        let exhaustive = false;
        for (const alt of n.childrenForFieldName('alternative')) {
          if (alt.type === 'else_clause') {
            arms.push(field(alt, 'body') ?? alt.namedChildren[0] ?? null);
            exhaustive = true;
          } else if (alt.type === 'else_if_clause') arms.push(field(alt, 'body'));
          else {
            arms.push(alt);
            exhaustive = true;
          }
        }
        return { k: 'if', cond: field(n, 'condition'), arms, exhaustive, init: field(n, 'initializer') };
      }
      if (t === 'ternary_expression' || t === 'conditional_expression') {
        return { k: 'if', cond: field(n, 'condition'), arms: [field(n, 'consequence') ?? field(n, 'body'), field(n, 'alternative')], exhaustive: true };
      }
      if (t === 'binary_expression') {
        const op = n.children.find((c) => !c.isNamed && /^(&&|\|\||\?\?|and|or)$/.test(c.text));
        if (op) return { k: 'short', left: field(n, 'left')!, right: field(n, 'right')! };
        return null;
      }
      if (t === 'return_statement') return { k: 'return', value: n.namedChildren[0] ?? null };
      if (t === 'throw_statement' || t === 'throw_expression') return { k: 'throw' };
      if (t === 'break_statement') return { k: 'break' };
      if (t === 'continue_statement') return { k: 'continue' };
      if (
        t === 'switch_statement' ||
        t === 'switch_expression' ||
        t === 'expression_switch_statement' ||
        t === 'type_switch_statement' ||
        t === 'select_statement'
      ) {
        const body = field(n, 'body');
        const cases = body ? named(body) : named(n).filter((c) => /case|default|communication/.test(c.type));
        const arms: SNode[][] = [];
        let exhaustive = false;
        let fallthrough = fam === 'js' || fam === 'php' || fam === 'java';
        for (const c of cases) {
          if (c.type === 'switch_rule') fallthrough = false;
          const isDefault =
            c.type === 'switch_default' ||
            c.type === 'default_statement' ||
            c.type === 'default_case' ||
            /^default\b/.test(c.text.trim()) ||
            ((c.type === 'switch_block_statement_group' || c.type === 'switch_rule') &&
              c.namedChildren.some((l) => l.type === 'switch_label' && /^default/.test(l.text.trim())));
          if (isDefault) exhaustive = true;
          const value = field(c, 'value');
          arms.push(
            named(c).filter(
              (s) =>
                s !== value &&
                s.type !== 'switch_label' &&
                s.type !== 'constant_pattern' &&
                s.type !== 'case_switch_label' &&
                s.type !== 'expression_list' &&
                !/pattern$/.test(s.type) &&
                s.type !== 'when_clause',
            ),
          );
        }
        return { k: 'switch', subject: field(n, 'value') ?? field(n, 'condition'), arms, exhaustive, fallthrough, init: field(n, 'initializer') };
      }
      if (t === 'try_statement' || t === 'try_with_resources_statement') {
        const clauses = named(n).filter((c) => c.type === 'catch_clause');
        const bodies = clauses.map((c) => field(c, 'body') ?? c.namedChildren[c.namedChildren.length - 1] ?? null);
        const catches = bodies.map((b) => stmts(b));
        const catchHeads = clauses.map((c, i) => headText(c, bodies[i]));
        const fin = named(n).find((c) => c.type === 'finally_clause');
        const finBody = fin ? stmts(field(fin, 'body') ?? fin.namedChildren[0] ?? null) : [];
        const head = fam === 'java' ? (field(n, 'resources') ? [field(n, 'resources')!] : []) : [];
        return { k: 'try', body: [...head, ...stmts(field(n, 'body'))], catches, orelse: [], fin: finBody, catchHeads };
      }
      if (JS_LOOPS.includes(t) || t === 'enhanced_for_statement' || t === 'foreach_statement' || t === 'for_each_statement') {
        const body = field(n, 'body') ?? named(n).find((c) => c.type === 'block') ?? null;
        const cond = field(n, 'condition');
        let infinite = false;
        if (t === 'while_statement' && cond && /^\(?\s*true\s*\)?$/.test(cond.text)) infinite = true;
        if (t === 'for_statement' && fam !== 'go' && !cond && !/;\s*[^;\s)]/.test(n.text.slice(0, n.text.indexOf(')') + 1))) infinite = true;
        if (fam === 'go' && t === 'for_statement' && named(n).length === 1) infinite = true;
        if (fam === 'go' && t === 'for_statement' && cond && cond.text === 'true') infinite = true;
        const head = named(n).filter((c) => c !== body && c.type !== 'range_clause');
        const range = named(n).find((c) => c.type === 'range_clause');
        if (range && field(range, 'right')) head.push(field(range, 'right')!);
        return { k: 'loop', head: t === 'do_statement' ? [] : head, body: stmts(body), infinite };
      }
      if (t === 'defer_statement') return { k: 'defer', body: n.namedChildren[0] };
      if (
        t === 'import_statement' ||
        t === 'import_declaration' ||
        t === 'using_directive' ||
        t === 'package_clause' ||
        t === 'namespace_use_declaration' ||
        t === 'type_annotation'
      )
        return { k: 'skip' };
      return null;
    }
    case 'py': {
      if (t === 'if_statement') {
        const arms: (SNode | null)[] = [field(n, 'consequence')];
        let exhaustive = false;
        for (const alt of n.childrenForFieldName('alternative')) {
          if (alt.type === 'else_clause') {
            arms.push(field(alt, 'body'));
            exhaustive = true;
          } else arms.push(field(alt, 'consequence'));
        }
        return { k: 'if', cond: field(n, 'condition'), arms, exhaustive };
      }
      if (t === 'conditional_expression') {
        const [a, c, b] = named(n);
        return { k: 'if', cond: c ?? null, arms: [a ?? null, b ?? null], exhaustive: true };
      }
      if (t === 'boolean_operator') return { k: 'short', left: field(n, 'left')!, right: field(n, 'right')! };
      if (t === 'return_statement') return { k: 'return', value: n.namedChildren[0] ?? null };
      if (t === 'raise_statement') return { k: 'throw' };
      if (t === 'break_statement') return { k: 'break' };
      if (t === 'continue_statement') return { k: 'continue' };
      if (t === 'match_statement') {
        const body = field(n, 'body') ?? n.namedChildren[n.namedChildren.length - 1];
        const cases = named(body).filter((c) => c.type === 'case_clause');
        return {
          k: 'switch',
          subject: field(n, 'subject'),
          arms: cases.map((c) => stmts(field(c, 'consequence'))),
          exhaustive: cases.some((c) => /^case\s+_\s*:/.test(c.text)),
          fallthrough: false,
        };
      }
      if (t === 'try_statement') {
        const clauses = named(n).filter((c) => c.type === 'except_clause' || c.type === 'except_group_clause');
        const bodies = clauses.map((c) => named(c).find((x) => x.type === 'block') ?? null);
        const catches = bodies.map((b) => stmts(b));
        const catchHeads = clauses.map((c, i) => headText(c, bodies[i]));
        const orelse = named(n).find((c) => c.type === 'else_clause');
        const fin = named(n).find((c) => c.type === 'finally_clause');
        return {
          k: 'try',
          body: stmts(field(n, 'body')),
          catches,
          orelse: orelse ? stmts(field(orelse, 'body')) : [],
          fin: fin ? stmts(named(fin).find((x) => x.type === 'block') ?? null) : [],
          catchHeads,
        };
      }
      if (t === 'for_statement' || t === 'while_statement') {
        const cond = field(n, 'condition');
        return {
          k: 'loop',
          head: [field(n, 'right') ?? cond].filter((x): x is SNode => !!x),
          body: stmts(field(n, 'body')),
          infinite: t === 'while_statement' && !!cond && /^(True|1)$/.test(cond.text),
        };
      }
      if (t === 'with_statement') {
        const clause = named(n).find((c) => c.type === 'with_clause');
        const items = named(clause).map((i) => field(i, 'value') ?? i);
        return { k: 'with', items, body: stmts(field(n, 'body')) };
      }
      if (t === 'import_statement' || t === 'import_from_statement') return { k: 'skip' };
      return null;
    }
    case 'rb': {
      if (t === 'if' || t === 'unless' || t === 'elsif') {
        const arms: (SNode | null)[] = [field(n, 'consequence')];
        let alt = field(n, 'alternative');
        let exhaustive = false;
        while (alt) {
          if (alt.type === 'else') {
            arms.push(alt);
            exhaustive = true;
            break;
          }
          arms.push(field(alt, 'consequence'));
          alt = field(alt, 'alternative');
        }
        return { k: 'if', cond: field(n, 'condition'), arms, exhaustive };
      }
      if (t === 'if_modifier' || t === 'unless_modifier') return { k: 'if', cond: field(n, 'condition'), arms: [field(n, 'body')], exhaustive: false };
      if (t === 'conditional') return { k: 'if', cond: field(n, 'condition'), arms: [field(n, 'consequence'), field(n, 'alternative')], exhaustive: true };
      if (t === 'binary') {
        const op = field(n, 'operator')?.text ?? n.children.find((c) => !c.isNamed)?.text;
        if (op && /^(&&|\|\||and|or)$/.test(op)) return { k: 'short', left: field(n, 'left')!, right: field(n, 'right')! };
        return null;
      }
      if (t === 'return') return { k: 'return', value: n.namedChildren[0] ?? null };
      if (t === 'next') return { k: 'continue' };
      if (t === 'break') return { k: 'break' };
      if (t === 'case' || t === 'case_match') {
        const whens = named(n).filter((c) => c.type === 'when' || c.type === 'in_clause');
        const els = named(n).find((c) => c.type === 'else');
        const arms = whens.map((w) => stmts(field(w, 'body')));
        if (els) arms.push(stmts(els));
        return { k: 'switch', subject: field(n, 'value'), arms, exhaustive: !!els, fallthrough: false };
      }
      if (t === 'begin' || (t === 'body_statement' && named(n).some((c) => c.type === 'rescue' || c.type === 'ensure'))) {
        const kids = named(n);
        const body = kids.filter((c) => c.type !== 'rescue' && c.type !== 'ensure' && c.type !== 'else');
        const rescues = kids.filter((c) => c.type === 'rescue');
        const catches = rescues.map((c) => stmts(field(c, 'body')));
        const catchHeads = rescues.map((c) => headText(c, field(c, 'body')));
        const orelse = kids.find((c) => c.type === 'else');
        const fin = kids.find((c) => c.type === 'ensure');
        return { k: 'try', body, catches, orelse: orelse ? stmts(orelse) : [], fin: fin ? named(fin) : [], catchHeads };
      }
      if (t === 'while' || t === 'until' || t === 'for') {
        const cond = field(n, 'condition');
        return {
          k: 'loop',
          head: [field(n, 'value') ?? cond].filter((x): x is SNode => !!x),
          body: stmts(field(n, 'body')),
          infinite: t === 'while' && cond?.text === 'true',
        };
      }
      return null;
    }
    case 'ex':
    case 'erl':
    case 'lfe':
      return flowOfCallLang(n);
  }
}

/** Elixir (tree-sitter) and the Erlang/LFE readers: control flow is expressed by calls with clause blocks. */
function flowOfCallLang(n: SNode): Flow | null {
  if (n.type === 'anonymous_function' || n.type === 'fun' || n.type === 'function') return { k: 'func' };
  if (n.type === 'comment') return { k: 'skip' };
  if (n.type === 'clauses') {
    // Erlang/LFE reader: alternatives (case/if/receive) as a node with `clause` children.
    const clauses = named(n).filter((c) => c.type === 'clause');
    return { k: 'switch', subject: null, arms: clauses.map((c) => stmts(field(c, 'body'))), exhaustive: true, fallthrough: false };
  }
  if (n.type === 'try') {
    return {
      k: 'try',
      body: stmts(field(n, 'body')),
      catches: n.childrenForFieldName('catch').map((c) => stmts(c)),
      orelse: [],
      fin: stmts(field(n, 'after')),
    };
  }
  if (n.type === 'do_block' && n.namedChildren.some((c) => c.type === 'rescue_block' || c.type === 'catch_block' || c.type === 'after_block')) {
    const kids = n.namedChildren;
    const body = kids.filter((c) => !/_block$/.test(c.type));
    const catches = kids
      .filter((c) => c.type === 'rescue_block' || c.type === 'catch_block')
      .map((b) => named(b).flatMap((c) => (c.type === 'stab_clause' ? stmts(c.childForFieldName('right')) : [c])));
    const after = kids.find((c) => c.type === 'after_block');
    const els = kids.find((c) => c.type === 'else_block');
    return { k: 'try', body, catches, orelse: els ? named(els) : [], fin: after ? named(after) : [] };
  }
  if (n.type !== 'call') return null;
  const target = n.childForFieldName('target');
  if (!target || target.type !== 'identifier') return null;
  const kw = target.text;
  const doBlock = n.namedChildren.find((c) => c.type === 'do_block') ?? null;
  const argsNode = n.namedChildren.find((c) => c.type === 'arguments') ?? null;
  const kws = argsNode?.namedChildren.find((c) => c.type === 'keywords');
  if (kw === 'def' || kw === 'defp' || kw === 'defmacro') return { k: 'func' };
  if (kw === 'raise' || kw === 'reraise' || kw === 'throw' || kw === 'exit' || kw === 'error') return { k: 'throw' };
  if (kw === 'if' || kw === 'unless') {
    if (doBlock) {
      const els = doBlock.namedChildren.find((c) => c.type === 'else_block');
      const thenStmts = doBlock.namedChildren.filter((c) => c.type !== 'else_block');
      return { k: 'switch', subject: argsNode?.namedChildren[0] ?? null, arms: [thenStmts, els ? named(els) : []], exhaustive: true, fallthrough: false };
    }
    if (kws) {
      const d = optionValue(kws, ['do']);
      const e = optionValue(kws, ['else']);
      return { k: 'switch', subject: argsNode?.namedChildren[0] ?? null, arms: [d ? [d] : [], e ? [e] : []], exhaustive: true, fallthrough: false };
    }
  }
  if ((kw === 'case' || kw === 'cond' || kw === 'receive' || kw === 'with') && doBlock) {
    const clauses = doBlock.namedChildren.filter((c) => c.type === 'stab_clause');
    const arms = clauses.map((c) => stmts(c.childForFieldName('right')));
    const els = doBlock.namedChildren.find((c) => c.type === 'else_block');
    if (els) arms.push(named(els).flatMap((c) => (c.type === 'stab_clause' ? stmts(c.childForFieldName('right')) : [c])));
    if (kw === 'with' && !els) arms.push([]); // without else, a failed match returns the value unchanged
    const head = kw === 'case' ? argsNode?.namedChildren[0] : undefined;
    return { k: 'switch', subject: head ?? null, arms, exhaustive: kw !== 'receive' || true, fallthrough: false };
  }
  if (kw === 'try' && doBlock) {
    const body = doBlock.namedChildren.filter((c) => !/_block$/.test(c.type));
    const catches = doBlock.namedChildren
      .filter((c) => c.type === 'rescue_block' || c.type === 'catch_block')
      .map((b) => named(b).flatMap((c) => (c.type === 'stab_clause' ? stmts(c.childForFieldName('right')) : [c])));
    const after = doBlock.namedChildren.find((c) => c.type === 'after_block');
    const els = doBlock.namedChildren.find((c) => c.type === 'else_block');
    return { k: 'try', body, catches, orelse: els ? named(els) : [], fin: after ? named(after) : [] };
  }
  return null;
}

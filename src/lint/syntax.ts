// The engine's view of a syntax tree: the node interface shared by tree-sitter and the Erlang/LFE readers, the
// call/function/flow shapes (read per language in syntaxCalls.ts, syntaxFuncs.ts, syntaxFlow.ts) and small
// helpers on nodes: literals, option maps, statement lists.
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

export const named = (n: SNode | null | undefined): SNode[] => (n ? n.namedChildren.filter((c) => c && !isComment(c)) : []);
export const isComment = (n: SNode): boolean => n.type === 'comment' || n.type === 'line_comment' || n.type === 'block_comment';
export const field = (n: SNode, f: string): SNode | null => n.childForFieldName(f);

export const CALL_TYPES: Record<Family, string[]> = {
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

export const FUNC_TYPES: Record<Family, string[]> = {
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

export function unquote(s: string): string {
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
export function headText(clause: SNode, body: SNode | null): string {
  return body ? clause.text.slice(0, Math.max(0, body.startIndex - clause.startIndex)) : clause.text.slice(0, 200);
}

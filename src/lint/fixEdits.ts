// Text edits for quick fixes that need no analysis state: the indentation at an offset, removing one settle
// statement, and where a handler that ends by deferring its work (setTimeout, .then) really ends.
import type { Family } from './languages';
import { funcTypes, isComment, stmts, type SNode } from './syntax';

/** A quick fix: a title and its edits, as offsets into the text. */
export interface Fix {
  title: string;
  edits: { start: number; end: number; text: string }[];
}

function lineStart(text: string, i: number): number {
  return text.lastIndexOf('\n', i - 1) + 1;
}
export function indentAt(text: string, i: number): string {
  const s = lineStart(text, i);
  return /^[ \t]*/.exec(text.slice(s))![0];
}

/** Functions (callbacks) written inside a statement, outermost only. */
export function nestedFunctions(fam: Family, n: SNode): SNode[] {
  const out: SNode[] = [];
  const walk = (x: SNode): void => {
    for (const c of x.namedChildren) {
      if (funcTypes(fam).includes(c.type)) out.push(c);
      else walk(c);
    }
  };
  walk(n);
  return out;
}

/** Calls that run their callback later, once: the work a handler defers to them ends inside the callback. */
const DEFERRERS = /^(?:setTimeout|setImmediate|queueMicrotask|process\.nextTick|.+\.then|.+\.finally)$/;

/**
 * The last statement inside the one callback `stmt` defers its work to, when `stmt` is a call of a known
 * deferrer (JS/TS) whose single callback has a block body; otherwise null.
 */
export function deferredCallbackTail(fam: Family, stmt: SNode, callbacks: SNode[]): SNode | null {
  if (fam !== 'js' || callbacks.length !== 1) return null;
  const call = stmt.type === 'expression_statement' ? stmt.namedChildren[0] : stmt;
  if (!call || call.type !== 'call_expression') return null;
  const callee = call.childForFieldName('function');
  if (!callee || !DEFERRERS.test(callee.text.replace(/\s+/g, ''))) return null;
  const cb = callbacks[0]!;
  if (cb.parent?.parent?.id !== call.id) return null; // a direct argument of the deferring call (nodes compare by id)
  const body = cb.childForFieldName('body');
  if (body?.type !== 'statement_block') return null; // `() => expr`: no statement to follow
  const inner = stmts(body).filter((x) => !isComment(x));
  const tail = inner[inner.length - 1];
  return tail && tail.type !== 'statement_block' ? tail : null;
}

export function removeStatementFix(text: string, callNode: SNode, title: string): Fix[] {
  let stmt = callNode;
  while (stmt.parent && ['await', 'await_expression', 'expression_statement', 'parenthesized_expression'].includes(stmt.parent.type)) stmt = stmt.parent;
  const stripped = stmt.text
    .replace(/^await\s+/, '')
    .replace(/;\s*$/, '')
    .trim();
  if (stripped !== callNode.text.trim()) return [];
  let start = stmt.startIndex;
  let end = stmt.endIndex;
  const ls = lineStart(text, start);
  const nl = text.indexOf('\n', end);
  const lineEnd = nl < 0 ? text.length : nl;
  if (/^[ \t]*$/.test(text.slice(ls, start)) && /^[ \t;]*$/.test(text.slice(end, lineEnd))) {
    start = ls;
    end = nl < 0 ? lineEnd : nl + 1;
  }
  return [{ title, edits: [{ start, end, text: '' }] }];
}

// Small hand-written readers for Erlang and LFE (no tree-sitter grammar for them is on npm). They build just enough
// of a tree for the engine: functions, calls (records such as #'basic.ack'{} / (make-basic.ack …) become calls named
// `basic.ack` with their fields as keyword arguments), clause alternatives (case/receive/if/cond) and try.
import type { Point, SNode } from './syntax';

let nextId = 1 << 28;

class Src {
  private starts: number[] | undefined;
  constructor(readonly text: string) {}
  point(offset: number): Point {
    if (!this.starts) {
      this.starts = [0];
      for (let i = 0; i < this.text.length; i++) if (this.text.charCodeAt(i) === 10) this.starts.push(i + 1);
    }
    const s = this.starts;
    let lo = 0;
    let hi = s.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (s[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { row: lo, column: offset - s[lo] };
  }
}

export class XNode implements SNode {
  readonly id = nextId++;
  readonly namedChildren: XNode[] = [];
  parent: XNode | null = null;
  readonly isNamed = true;
  private readonly fields = new Map<string, XNode[]>();
  constructor(
    private readonly src: Src,
    readonly type: string,
    public startIndex: number,
    public endIndex: number,
  ) {}
  get children(): XNode[] {
    return this.namedChildren;
  }
  get text(): string {
    return this.src.text.slice(this.startIndex, this.endIndex);
  }
  get startPosition(): Point {
    return this.src.point(this.startIndex);
  }
  get endPosition(): Point {
    return this.src.point(this.endIndex);
  }
  childForFieldName(name: string): XNode | null {
    return this.fields.get(name)?.[0] ?? null;
  }
  childrenForFieldName(name: string): XNode[] {
    return this.fields.get(name) ?? [];
  }
  add(child: XNode | null | undefined, field?: string): this {
    if (!child) return this;
    child.parent = this;
    this.namedChildren.push(child);
    if (field) this.fields.set(field, [...(this.fields.get(field) ?? []), child]);
    if (this.namedChildren.length === 1 && child.startIndex < this.startIndex) this.startIndex = child.startIndex;
    if (child.endIndex > this.endIndex) this.endIndex = child.endIndex;
    return this;
  }
}

function mk(src: Src, type: string, start: number, end: number, kids: (XNode | null | undefined)[] = [], field?: string): XNode {
  const n = new XNode(src, type, start, end);
  for (const k of kids) n.add(k, field);
  return n;
}

// ---------------------------------------------------------------------------------------------------------------
// LFE

interface SAtom {
  kind: 'atom';
  text: string;
  start: number;
  end: number;
}
interface SList {
  kind: 'list';
  items: SExp[];
  start: number;
  end: number;
  tuple?: boolean;
}
type SExp = SAtom | SList;

function readSexps(text: string): SExp[] {
  let i = 0;
  const n = text.length;
  const skip = () => {
    while (i < n) {
      const c = text[i];
      if (c === ';') {
        while (i < n && text[i] !== '\n') i++;
        continue;
      }
      if (c === '#' && text[i + 1] === '|') {
        const e = text.indexOf('|#', i + 2);
        i = e < 0 ? n : e + 2;
        continue;
      }
      if (/\s/.test(c)) {
        i++;
        continue;
      }
      break;
    }
  };
  const read = (): SExp | null => {
    skip();
    if (i >= n) return null;
    const c = text[i];
    if (c === '(' || c === '[' || (c === '#' && (text[i + 1] === '(' || (/[bmM]/.test(text[i + 1] ?? '') && text[i + 2] === '(')))) {
      const start = i;
      const tuple = c === '#';
      if (c === '#') i += text[i + 1] === '(' ? 2 : 3;
      else i++;
      const close = c === '[' ? ']' : ')';
      const items: SExp[] = [];
      for (;;) {
        skip();
        if (i >= n) break;
        if (text[i] === close || text[i] === ')' || text[i] === ']') {
          i++;
          break;
        }
        const x = read();
        if (!x) break;
        items.push(x);
      }
      return { kind: 'list', items, start, end: i, tuple };
    }
    if (c === ')' || c === ']') {
      i++;
      return read();
    }
    if (c === '"' || (c === '#' && text[i + 1] === '"')) {
      const start = i;
      i += c === '#' ? 2 : 1;
      while (i < n && text[i] !== '"') {
        if (text[i] === '\\') i++;
        i++;
      }
      i++;
      return { kind: 'atom', text: text.slice(start, i), start, end: i };
    }
    if (c === "'" || c === '`' || c === ',') {
      const start = i++;
      if (text[i] === '@') i++;
      const inner = read();
      if (!inner) return null;
      if (inner.kind === 'atom') return { kind: 'atom', text: text.slice(start, inner.end), start, end: inner.end };
      return { ...inner, start };
    }
    const start = i;
    while (i < n && !/[\s()[\]";]/.test(text[i])) i++;
    return { kind: 'atom', text: text.slice(start, i), start, end: i };
  };
  const out: SExp[] = [];
  for (;;) {
    const x = read();
    if (!x) break;
    out.push(x);
  }
  return out;
}

export function readLfe(text: string): SNode {
  const src = new Src(text);
  const root = mk(src, 'source', 0, text.length);
  const head = (l: SExp): string | undefined => (l.kind === 'list' && !l.tuple && l.items[0]?.kind === 'atom' ? l.items[0].text : undefined);
  const body = (xs: SExp[], start: number, end: number) => mk(src, 'body', xs[0]?.start ?? start, xs.length ? xs[xs.length - 1].end : end, xs.map(conv));
  const atomNode = (a: SExp | undefined): XNode | null => (a ? mk(src, a.kind === 'atom' ? 'atom' : 'list', a.start, a.end) : null);
  const clause = (c: SExp): XNode | null => {
    if (c.kind !== 'list' || !c.items.length) return null;
    const [pat, ...rest] = c.items;
    const guardless = rest[0] && head(rest[0]) === 'when' ? rest.slice(1) : rest;
    const n = mk(src, 'clause', c.start, c.end);
    n.add(atomNode(pat), 'pattern');
    n.add(body(guardless, pat.end, c.end), 'body');
    return n;
  };
  function conv(x: SExp | undefined): XNode | null {
    if (!x) return null; // a missing form in half-typed code
    if (x.kind === 'atom') return atomNode(x);
    const h = head(x);
    const args = x.items.slice(1);
    if (!h) return mk(src, 'group', x.start, x.end, x.items.map(conv));
    if (h === 'defun' || h === 'defmacro') {
      const name = args[0];
      if (args[1]?.kind === 'list' && args[1].items[0]?.kind === 'list') {
        // multi-clause: (defun f ((pat) body…) …) → one function per clause
        const g = mk(src, 'group', x.start, x.end);
        for (const c of args.slice(1)) {
          if (c.kind !== 'list' || !c.items.length) continue;
          const f = mk(src, 'function', c.start, c.end);
          f.add(atomNode(name), 'name');
          f.add(mk(src, 'parameters', c.items[0].start, c.items[0].end, c.items[0].kind === 'list' ? c.items[0].items.map(atomNode) : []), 'parameters');
          f.add(body(c.items.slice(1), c.items[0].end, c.end), 'body');
          g.add(f);
        }
        return g;
      }
      const f = mk(src, 'function', x.start, x.end);
      f.add(atomNode(name), 'name');
      const ps = args[1];
      f.add(mk(src, 'parameters', ps?.start ?? x.start, ps?.end ?? x.start, ps?.kind === 'list' ? ps.items.map(atomNode) : []), 'parameters');
      const rest = args.slice(2).filter((a, i) => !(i === 0 && a.kind === 'atom' && a.text.startsWith('"')));
      f.add(body(rest, ps?.end ?? x.start, x.end), 'body');
      return f;
    }
    if (h === 'lambda' || h === 'match-lambda') {
      const f = mk(src, 'fun', x.start, x.end);
      const ps = args[0];
      f.add(mk(src, 'parameters', ps?.start ?? x.start, ps?.end ?? x.start, ps?.kind === 'list' ? ps.items.map(atomNode) : []), 'parameters');
      f.add(body(args.slice(1), ps?.end ?? x.start, x.end), 'body');
      return f;
    }
    if (h === 'receive' || h === 'cond' || h === 'case' || h === 'if') {
      const g = mk(src, 'group', x.start, x.end);
      const cl = mk(src, 'clauses', x.start, x.end);
      if (h === 'if') {
        g.add(conv(args[0]));
        for (const arm of [args[1], args[2]]) {
          const c = mk(src, 'clause', arm?.start ?? x.end, arm?.end ?? x.end);
          c.add(mk(src, 'body', arm?.start ?? x.end, arm?.end ?? x.end, arm ? [conv(arm)] : []), 'body');
          cl.add(c);
        }
      } else {
        const clauses = h === 'case' ? args.slice(1) : args;
        if (h === 'case' && args[0]) g.add(conv(args[0]));
        for (const c of clauses) {
          if (h === 'receive' && head(c) === 'after') {
            const cc = clause({ ...c, items: c.kind === 'list' ? c.items.slice(1) : [] } as SList);
            if (cc) cl.add(cc);
            continue;
          }
          const cc = clause(c);
          if (cc) cl.add(cc);
        }
      }
      g.add(cl);
      return g;
    }
    if (h === 'try') {
      const t = mk(src, 'try', x.start, x.end);
      const parts: SExp[] = [];
      let caseArms: SExp[] = [];
      let catchArms: SExp[] = [];
      let after: SExp[] = [];
      for (const a of args) {
        const ah = head(a);
        if (ah === 'case' && a.kind === 'list') caseArms = a.items.slice(1);
        else if (ah === 'catch' && a.kind === 'list') catchArms = a.items.slice(1);
        else if (ah === 'after' && a.kind === 'list') after = a.items.slice(1);
        else parts.push(a);
      }
      const b = body(parts, x.start, x.end);
      if (caseArms.length) {
        const cl = mk(src, 'clauses', x.start, x.end);
        for (const c of caseArms) cl.add(clause(c));
        b.add(cl);
      }
      t.add(b, 'body');
      for (const c of catchArms) {
        const cc = clause(c);
        if (cc) t.add(cc.childForFieldName('body'), 'catch');
      }
      if (after.length) t.add(body(after, x.start, x.end), 'after');
      return t;
    }
    if (h === 'let' || h === 'let*' || h === 'flet' || h === 'progn') {
      const g = mk(src, 'group', x.start, x.end);
      if (h !== 'progn' && args[0]?.kind === 'list')
        for (const b of args[0].items) if (b.kind === 'list' && b.items[1]) g.add(conv(b.items[b.items.length - 1]));
      for (const a of h === 'progn' ? args : args.slice(1)) g.add(conv(a));
      return g;
    }
    // A call. (make-basic.ack delivery_tag tag …) → call `basic.ack` with keyword fields.
    const call = mk(src, 'call', x.start, x.end);
    const target = x.items[0] as SAtom;
    const argNode = mk(src, 'arguments', target.end, x.end);
    const make = /^make-(.+)$/.exec(h);
    if (make) {
      call.add(mk(src, 'identifier', target.start + 5, target.end), 'target');
      const kws = mk(src, 'keywords', target.end, x.end);
      for (let i = 0; i + 1 < args.length; i += 2) {
        const p = mk(src, 'pair', args[i].start, args[i + 1].end);
        p.add(atomNode(args[i]), 'key');
        p.add(conv(args[i + 1]), 'value');
        kws.add(p);
      }
      argNode.add(kws);
    } else {
      const colon = h.indexOf(':');
      if (colon > 0) {
        const dot = mk(src, 'dot', target.start, target.end);
        dot.add(mk(src, 'identifier', target.start, target.start + colon), 'left');
        dot.add(mk(src, 'identifier', target.start + colon + 1, target.end), 'right');
        call.add(dot, 'target');
      } else {
        call.add(mk(src, 'identifier', target.start, target.end), 'target');
      }
      for (const a of args) argNode.add(conv(a));
    }
    call.add(argNode);
    return call;
  }
  for (const x of readSexps(text)) root.add(conv(x));
  return root;
}

// ---------------------------------------------------------------------------------------------------------------
// Erlang

interface Tok {
  t: string;
  kind: 'atom' | 'var' | 'punct' | 'str' | 'num' | 'kw';
  start: number;
  end: number;
}
const ERL_KW = new Set(['case', 'of', 'end', 'receive', 'after', 'if', 'fun', 'try', 'catch', 'begin', 'when']);

function lexErlang(text: string): Tok[] {
  const toks: Tok[] = [];
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text[i];
    if (c === '%') {
      while (i < n && text[i] !== '\n') i++;
      continue;
    }
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const start = i;
    if (c === '"') {
      i++;
      while (i < n && text[i] !== '"') {
        if (text[i] === '\\') i++;
        i++;
      }
      i++;
      toks.push({ t: text.slice(start, i), kind: 'str', start, end: i });
      continue;
    }
    if (c === "'") {
      i++;
      while (i < n && text[i] !== "'") {
        if (text[i] === '\\') i++;
        i++;
      }
      i++;
      toks.push({ t: text.slice(start + 1, i - 1), kind: 'atom', start, end: i });
      continue;
    }
    if (c === '$') {
      i += text[i + 1] === '\\' ? 3 : 2;
      toks.push({ t: text.slice(start, i), kind: 'num', start, end: i });
      continue;
    }
    if (/[a-z]/.test(c)) {
      while (i < n && /[\w@]/.test(text[i])) i++;
      const w = text.slice(start, i);
      toks.push({ t: w, kind: ERL_KW.has(w) ? 'kw' : 'atom', start, end: i });
      continue;
    }
    if (/[A-Z_]/.test(c)) {
      while (i < n && /[\w@]/.test(text[i])) i++;
      toks.push({ t: text.slice(start, i), kind: 'var', start, end: i });
      continue;
    }
    if (/[0-9]/.test(c)) {
      while (i < n && /[\w.#]/.test(text[i]) && !(text[i] === '.' && !/[0-9]/.test(text[i + 1] ?? ''))) i++;
      toks.push({ t: text.slice(start, i), kind: 'num', start, end: i });
      continue;
    }
    const two = text.slice(i, i + 2);
    if (['->', '<-', '||', '<<', '>>', '=>', ':=', '=:', '==', '/=', '=<', '>=', '++', '--', '::'].includes(two)) {
      i += two === '=:' && text[i + 2] === '=' ? 3 : 2;
      toks.push({ t: text.slice(start, i), kind: 'punct', start, end: i });
      continue;
    }
    i++;
    toks.push({ t: c, kind: 'punct', start, end: i });
  }
  return toks;
}

export function readErlang(text: string): SNode {
  const src = new Src(text);
  const toks = lexErlang(text);
  let p = 0;
  const peek = (k = 0) => toks[p + k];
  const at = (t: string) => peek()?.t === t && peek().kind !== 'str' && (peek().kind !== 'atom' || !ERL_KW.has(t));
  const atKw = (t: string) => peek()?.kind === 'kw' && peek().t === t;

  /** Expressions separated by ',' until one of the stop tokens (not consumed). */
  function exprs(stop: (tk: Tok) => boolean): XNode[] {
    const out: XNode[] = [];
    while (p < toks.length && !stop(peek())) {
      const e = expr(stop);
      if (e) out.push(e);
      if (at(',')) p++;
      else if (!stop(peek()) && p < toks.length) p++; // skip a stray token
    }
    return out;
  }
  const isStop = (tk: Tok | undefined, stop: (tk: Tok) => boolean) =>
    !tk || stop(tk) || (tk.kind === 'punct' && (tk.t === ',' || tk.t === ';' || tk.t === '.' || tk.t === '->'));

  /** One expression: a run of primaries and operators. */
  function expr(stop: (tk: Tok) => boolean): XNode | null {
    const start = peek()?.start ?? text.length;
    const parts: XNode[] = [];
    let guard = 0;
    while (p < toks.length && !isStop(peek(), stop) && guard++ < 10000) {
      const q = primary(stop);
      if (q) parts.push(q);
    }
    if (!parts.length) return null;
    return parts.length === 1 ? parts[0] : mk(src, 'group', start, parts[parts.length - 1].endIndex, parts);
  }

  function clauses(endOn: (tk: Tok) => boolean): XNode {
    const start = peek()?.start ?? text.length;
    const cl = mk(src, 'clauses', start, start);
    while (p < toks.length && !endOn(peek())) {
      const cs = peek().start;
      const patStart = p;
      let depth = 0;
      while (p < toks.length && !(depth === 0 && (at('->') || atKw('when')))) {
        const t = peek().t;
        if ((peek().kind === 'punct' && '([{'.includes(t)) || t === '<<') depth++;
        if ((peek().kind === 'punct' && ')]}'.includes(t)) || t === '>>') depth--;
        if (peek().kind === 'kw' && ['case', 'receive', 'if', 'fun', 'try', 'begin'].includes(t)) depth++;
        if (atKw('end')) depth--;
        p++;
      }
      const patEnd = toks[p - 1]?.end ?? cs;
      if (atKw('when')) {
        while (p < toks.length && !at('->')) p++;
      }
      if (at('->')) p++;
      const c = mk(src, 'clause', cs, patEnd);
      c.add(mk(src, 'pattern', toks[patStart]?.start ?? cs, patEnd), 'pattern');
      const bodyStop = (tk: Tok) => (tk.kind === 'punct' && tk.t === ';') || endOn(tk) || (tk.kind === 'punct' && tk.t === '.');
      const b = exprs(bodyStop);
      c.add(mk(src, 'body', b[0]?.startIndex ?? patEnd, b[b.length - 1]?.endIndex ?? patEnd, b), 'body');
      cl.add(c);
      if (at(';')) p++;
      else break;
    }
    return cl;
  }
  const kwStop =
    (...ks: string[]) =>
    (tk: Tok) =>
      tk.kind === 'kw' && ks.includes(tk.t);

  function primary(stop: (tk: Tok) => boolean): XNode | null {
    const tk = peek();
    const start = tk.start;
    if (tk.kind === 'kw') {
      p++;
      switch (tk.t) {
        case 'case': {
          const subj = expr(kwStop('of'));
          if (atKw('of')) p++;
          const cl = clauses(kwStop('end'));
          if (atKw('end')) p++;
          return mk(src, 'group', start, toks[p - 1].end, [subj, cl]);
        }
        case 'receive':
        case 'if': {
          const cl = clauses(kwStop('end', 'after'));
          if (atKw('after')) {
            p++;
            const a = clauses(kwStop('end'));
            for (const c of a.namedChildren) cl.add(c);
          }
          if (atKw('end')) p++;
          cl.startIndex = start;
          cl.endIndex = toks[p - 1].end;
          return cl;
        }
        case 'begin': {
          const b = exprs(kwStop('end'));
          if (atKw('end')) p++;
          return mk(src, 'group', start, toks[p - 1].end, b);
        }
        case 'try': {
          const t = mk(src, 'try', start, start);
          const b = exprs(kwStop('of', 'catch', 'after', 'end'));
          const bodyNode = mk(src, 'body', start, toks[p - 1]?.end ?? start, b);
          if (atKw('of')) {
            p++;
            bodyNode.add(clauses(kwStop('catch', 'after', 'end')));
          }
          t.add(bodyNode, 'body');
          if (atKw('catch')) {
            p++;
            const cl = clauses(kwStop('after', 'end'));
            for (const c of cl.namedChildren) t.add(c.childForFieldName('body'), 'catch');
          }
          if (atKw('after')) {
            p++;
            const a = exprs(kwStop('end'));
            t.add(mk(src, 'body', start, toks[p - 1].end, a), 'after');
          }
          if (atKw('end')) p++;
          t.endIndex = toks[p - 1].end;
          return t;
        }
        case 'fun': {
          if (at('(')) {
            const f = mk(src, 'fun', start, start);
            const cl = clauses(kwStop('end'));
            if (atKw('end')) p++;
            const first = cl.namedChildren[0];
            f.add(mk(src, 'parameters', start, start), 'parameters');
            f.add(first?.childForFieldName('body') ?? mk(src, 'body', start, start), 'body');
            f.endIndex = toks[p - 1].end;
            return f;
          }
          while (p < toks.length && !isStop(peek(), stop) && !at(')')) p++; // fun name/arity
          return mk(src, 'atom', start, toks[p - 1].end);
        }
        default:
          return null;
      }
    }
    if (tk.kind === 'punct' && (tk.t === '(' || tk.t === '{' || tk.t === '[' || tk.t === '<<')) {
      p++;
      const close = tk.t === '(' ? ')' : tk.t === '{' ? '}' : tk.t === '[' ? ']' : '>>';
      const inner = exprs((x) => x.kind === 'punct' && (x.t === close || x.t === '||' || x.t === '|'));
      while (p < toks.length && !at(close)) {
        p++;
        exprs((x) => x.kind === 'punct' && x.t === close);
      }
      if (at(close)) p++;
      return mk(src, 'group', start, toks[p - 1].end, inner);
    }
    if (tk.kind === 'punct' && tk.t === '#') {
      // record: #name{field = value, …} (also Var#name{…} updates and Var#name.field)
      p++;
      const nameTok = peek();
      if (!nameTok) return null;
      p++;
      if (at('{')) {
        p++;
        const call = mk(src, 'call', start, start);
        call.add(mk(src, 'identifier', nameTok.start, nameTok.end), 'target');
        const args = mk(src, 'arguments', nameTok.end, nameTok.end);
        const kws = mk(src, 'keywords', nameTok.end, nameTok.end);
        while (p < toks.length && !at('}')) {
          const k = peek();
          if ((k.kind === 'atom' || k.kind === 'var') && peek(1)?.t === '=') {
            p += 2;
            const v = expr((x) => x.kind === 'punct' && (x.t === '}' || x.t === ','));
            const pair = mk(src, 'pair', k.start, v?.endIndex ?? k.end);
            pair.add(mk(src, 'identifier', k.start, k.end), 'key');
            if (v) pair.add(v, 'value');
            kws.add(pair);
          } else p++;
          if (at(',')) p++;
        }
        if (at('}')) p++;
        args.add(kws);
        call.add(args);
        call.endIndex = toks[p - 1].end;
        // The record name alone, e.g. basic.ack
        (call.childForFieldName('target') as XNode).startIndex = nameTok.kind === 'atom' && text[nameTok.start] === "'" ? nameTok.start + 1 : nameTok.start;
        (call.childForFieldName('target') as XNode).endIndex = nameTok.kind === 'atom' && text[nameTok.start] === "'" ? nameTok.end - 1 : nameTok.end;
        return call;
      }
      if (at('.')) p += 2;
      return mk(src, 'atom', start, toks[p - 1].end);
    }
    if ((tk.kind === 'atom' || tk.kind === 'var') && (peek(1)?.t === '(' || (peek(1)?.t === ':' && peek(3)?.t === '('))) {
      const call = mk(src, 'call', start, start);
      if (peek(1).t === ':') {
        const dot = mk(src, 'dot', start, peek(2).end);
        dot.add(mk(src, 'identifier', tk.start, tk.end), 'left');
        dot.add(mk(src, 'identifier', peek(2).start, peek(2).end), 'right');
        call.add(dot, 'target');
        p += 3;
      } else {
        call.add(mk(src, 'identifier', tk.start, tk.end), 'target');
        p += 1;
      }
      p++; // (
      const args = exprs((x) => x.kind === 'punct' && x.t === ')');
      if (at(')')) p++;
      call.add(mk(src, 'arguments', start, toks[p - 1].end, args));
      call.endIndex = toks[p - 1].end;
      return call;
    }
    p++;
    return tk.kind === 'punct' ? null : mk(src, tk.kind === 'var' ? 'identifier' : 'atom', tk.start, tk.end);
  }

  const root = mk(src, 'source', 0, text.length);
  try {
    readForms(root);
  } catch (err) {
    // Half-typed code: keep the forms read so far (the reader is best-effort, never fatal).
    if (!(err instanceof TypeError)) throw err;
  }
  return root;

  function readForms(root: XNode): void {
    while (p < toks.length) {
      const tk = peek();
      if (tk.t === '-' && tk.kind === 'punct') {
        while (p < toks.length && !(at('.') && (peek(1) === undefined || /\s/.test(text[peek().end] ?? ' ')))) p++;
        p++;
        continue;
      }
      if (tk.kind === 'atom' && peek(1)?.t === '(') {
        // function clauses: name(Args) [when G] -> Body ; name(Args) -> Body .
        for (;;) {
          const nameTok = peek();
          if (!nameTok || nameTok.kind !== 'atom' || peek(1)?.t !== '(') break;
          const f = mk(src, 'function', nameTok.start, nameTok.end);
          f.add(mk(src, 'identifier', nameTok.start, nameTok.end), 'name');
          p += 2;
          const ps = exprs((x) => x.kind === 'punct' && x.t === ')');
          if (at(')')) p++;
          f.add(mk(src, 'parameters', nameTok.end, toks[p - 1].end, ps), 'parameters');
          if (atKw('when')) while (p < toks.length && !at('->')) p++;
          if (at('->')) p++;
          const b = exprs((x) => x.kind === 'punct' && (x.t === ';' || x.t === '.'));
          f.add(mk(src, 'body', b[0]?.startIndex ?? f.endIndex, b[b.length - 1]?.endIndex ?? f.endIndex, b), 'body');
          root.add(f);
          if (at(';')) {
            p++;
            continue;
          }
          if (at('.')) p++;
          break;
        }
        continue;
      }
      p++;
    }
  }
}

// A small hand-written Erlang reader (no tree-sitter grammar for it is on npm): just enough of a tree for the engine:
// functions, calls (records such as #'basic.ack'{} become calls named `basic.ack` with their fields as keyword
// arguments), clause alternatives (case/receive/if) and try.
import type { SNode } from './syntax';
import { mk, Src, type XNode } from './xnode';

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
const isStop = (tk: Tok | undefined, stop: (tk: Tok) => boolean) =>
  !tk || stop(tk) || (tk.kind === 'punct' && (tk.t === ',' || tk.t === ';' || tk.t === '.' || tk.t === '->'));

const kwStop =
  (...ks: string[]) =>
  (tk: Tok) =>
    tk.kind === 'kw' && ks.includes(tk.t);

/** A recursive-descent reader over the tokens; `p` is the next token. */
class ErlangReader {
  private p = 0;
  private readonly toks: Tok[];
  readonly src: Src;
  constructor(private readonly text: string) {
    this.src = new Src(text);
    this.toks = lexErlang(text);
  }
  peek(k = 0): Tok {
    return this.toks[this.p + k];
  }
  at(t: string): boolean {
    return this.peek()?.t === t && this.peek().kind !== 'str' && (this.peek().kind !== 'atom' || !ERL_KW.has(t));
  }
  atKw(t: string): boolean {
    return this.peek()?.kind === 'kw' && this.peek().t === t;
  }

  /** Expressions separated by ',' until one of the stop tokens (not consumed). */
  exprs(stop: (tk: Tok) => boolean): XNode[] {
    const out: XNode[] = [];
    while (this.p < this.toks.length && !stop(this.peek())) {
      const e = this.expr(stop);
      if (e) out.push(e);
      if (this.at(',')) this.p++;
      else if (!stop(this.peek()) && this.p < this.toks.length) this.p++; // skip a stray token
    }
    return out;
  }
  /** One expression: a run of primaries and operators. */
  expr(stop: (tk: Tok) => boolean): XNode | null {
    const start = this.peek()?.start ?? this.text.length;
    const parts: XNode[] = [];
    let guard = 0;
    while (this.p < this.toks.length && !isStop(this.peek(), stop) && guard++ < 10000) {
      const q = this.primary(stop);
      if (q) parts.push(q);
    }
    if (!parts.length) return null;
    return parts.length === 1 ? parts[0] : mk(this.src, 'group', start, parts[parts.length - 1].endIndex, parts);
  }

  clauses(endOn: (tk: Tok) => boolean): XNode {
    const start = this.peek()?.start ?? this.text.length;
    const cl = mk(this.src, 'clauses', start, start);
    while (this.p < this.toks.length && !endOn(this.peek())) {
      const cs = this.peek().start;
      const patStart = this.p;
      let depth = 0;
      while (this.p < this.toks.length && !(depth === 0 && (this.at('->') || this.atKw('when')))) {
        const t = this.peek().t;
        if ((this.peek().kind === 'punct' && '([{'.includes(t)) || t === '<<') depth++;
        if ((this.peek().kind === 'punct' && ')]}'.includes(t)) || t === '>>') depth--;
        if (this.peek().kind === 'kw' && ['case', 'receive', 'if', 'fun', 'try', 'begin'].includes(t)) depth++;
        if (this.atKw('end')) depth--;
        this.p++;
      }
      const patEnd = this.toks[this.p - 1]?.end ?? cs;
      if (this.atKw('when')) {
        while (this.p < this.toks.length && !this.at('->')) this.p++;
      }
      if (this.at('->')) this.p++;
      const c = mk(this.src, 'clause', cs, patEnd);
      c.add(mk(this.src, 'pattern', this.toks[patStart]?.start ?? cs, patEnd), 'pattern');
      const bodyStop = (tk: Tok) => (tk.kind === 'punct' && tk.t === ';') || endOn(tk) || (tk.kind === 'punct' && tk.t === '.');
      const b = this.exprs(bodyStop);
      c.add(mk(this.src, 'body', b[0]?.startIndex ?? patEnd, b[b.length - 1]?.endIndex ?? patEnd, b), 'body');
      cl.add(c);
      if (this.at(';')) this.p++;
      else break;
    }
    return cl;
  }
  primary(stop: (tk: Tok) => boolean): XNode | null {
    const tk = this.peek();
    const start = tk.start;
    if (tk.kind === 'kw') {
      this.p++;
      return this.keywordExpr(tk, start, stop);
    }
    if (tk.kind === 'punct' && (tk.t === '(' || tk.t === '{' || tk.t === '[' || tk.t === '<<')) {
      this.p++;
      const close = tk.t === '(' ? ')' : tk.t === '{' ? '}' : tk.t === '[' ? ']' : '>>';
      const inner = this.exprs((x) => x.kind === 'punct' && (x.t === close || x.t === '||' || x.t === '|'));
      while (this.p < this.toks.length && !this.at(close)) {
        this.p++;
        this.exprs((x) => x.kind === 'punct' && x.t === close);
      }
      if (this.at(close)) this.p++;
      return mk(this.src, 'group', start, this.toks[this.p - 1].end, inner);
    }
    if (tk.kind === 'punct' && tk.t === '#') return this.record(start);
    if ((tk.kind === 'atom' || tk.kind === 'var') && (this.peek(1)?.t === '(' || (this.peek(1)?.t === ':' && this.peek(3)?.t === '(')))
      return this.callExpr(tk, start);
    this.p++;
    return tk.kind === 'punct' ? null : mk(this.src, tk.kind === 'var' ? 'identifier' : 'atom', tk.start, tk.end);
  }

  /** After a keyword (consumed): case/receive/if/begin/try/fun. */
  keywordExpr(tk: Tok, start: number, stop: (tk: Tok) => boolean): XNode | null {
    switch (tk.t) {
      case 'case': {
        const subj = this.expr(kwStop('of'));
        if (this.atKw('of')) this.p++;
        const cl = this.clauses(kwStop('end'));
        if (this.atKw('end')) this.p++;
        return mk(this.src, 'group', start, this.toks[this.p - 1].end, [subj, cl]);
      }
      case 'receive':
      case 'if': {
        const cl = this.clauses(kwStop('end', 'after'));
        if (this.atKw('after')) {
          this.p++;
          const a = this.clauses(kwStop('end'));
          for (const c of a.namedChildren) cl.add(c);
        }
        if (this.atKw('end')) this.p++;
        cl.startIndex = start;
        cl.endIndex = this.toks[this.p - 1].end;
        return cl;
      }
      case 'begin': {
        const b = this.exprs(kwStop('end'));
        if (this.atKw('end')) this.p++;
        return mk(this.src, 'group', start, this.toks[this.p - 1].end, b);
      }
      case 'try':
        return this.tryExpr(start);
      case 'fun':
        return this.funExpr(start, stop);
      default:
        return null;
    }
  }

  tryExpr(start: number): XNode {
    const t = mk(this.src, 'try', start, start);
    const b = this.exprs(kwStop('of', 'catch', 'after', 'end'));
    const bodyNode = mk(this.src, 'body', start, this.toks[this.p - 1]?.end ?? start, b);
    if (this.atKw('of')) {
      this.p++;
      bodyNode.add(this.clauses(kwStop('catch', 'after', 'end')));
    }
    t.add(bodyNode, 'body');
    if (this.atKw('catch')) {
      this.p++;
      const cl = this.clauses(kwStop('after', 'end'));
      for (const c of cl.namedChildren) t.add(c.childForFieldName('body'), 'catch');
    }
    if (this.atKw('after')) {
      this.p++;
      const a = this.exprs(kwStop('end'));
      t.add(mk(this.src, 'body', start, this.toks[this.p - 1].end, a), 'after');
    }
    if (this.atKw('end')) this.p++;
    t.endIndex = this.toks[this.p - 1].end;
    return t;
  }

  funExpr(start: number, stop: (tk: Tok) => boolean): XNode {
    if (this.at('(')) {
      const f = mk(this.src, 'fun', start, start);
      const cl = this.clauses(kwStop('end'));
      if (this.atKw('end')) this.p++;
      const first = cl.namedChildren[0];
      f.add(mk(this.src, 'parameters', start, start), 'parameters');
      f.add(first?.childForFieldName('body') ?? mk(this.src, 'body', start, start), 'body');
      f.endIndex = this.toks[this.p - 1].end;
      return f;
    }
    while (this.p < this.toks.length && !isStop(this.peek(), stop) && !this.at(')')) this.p++; // fun name/arity
    return mk(this.src, 'atom', start, this.toks[this.p - 1].end);
  }

  /** record: #name{field = value, …} (also Var#name{…} updates and Var#name.field); at the `#`. */
  record(start: number): XNode | null {
    this.p++;
    const nameTok = this.peek();
    if (!nameTok) return null;
    this.p++;
    if (this.at('{')) {
      this.p++;
      const call = mk(this.src, 'call', start, start);
      call.add(mk(this.src, 'identifier', nameTok.start, nameTok.end), 'target');
      const args = mk(this.src, 'arguments', nameTok.end, nameTok.end);
      const kws = mk(this.src, 'keywords', nameTok.end, nameTok.end);
      while (this.p < this.toks.length && !this.at('}')) {
        const k = this.peek();
        if ((k.kind === 'atom' || k.kind === 'var') && this.peek(1)?.t === '=') {
          this.p += 2;
          const v = this.expr((x) => x.kind === 'punct' && (x.t === '}' || x.t === ','));
          const pair = mk(this.src, 'pair', k.start, v?.endIndex ?? k.end);
          pair.add(mk(this.src, 'identifier', k.start, k.end), 'key');
          if (v) pair.add(v, 'value');
          kws.add(pair);
        } else this.p++;
        if (this.at(',')) this.p++;
      }
      if (this.at('}')) this.p++;
      args.add(kws);
      call.add(args);
      call.endIndex = this.toks[this.p - 1].end;
      // The record name alone, e.g. basic.ack
      (call.childForFieldName('target') as XNode).startIndex = nameTok.kind === 'atom' && this.text[nameTok.start] === "'" ? nameTok.start + 1 : nameTok.start;
      (call.childForFieldName('target') as XNode).endIndex = nameTok.kind === 'atom' && this.text[nameTok.start] === "'" ? nameTok.end - 1 : nameTok.end;
      return call;
    }
    if (this.at('.')) this.p += 2;
    return mk(this.src, 'atom', start, this.toks[this.p - 1].end);
  }

  callExpr(tk: Tok, start: number): XNode {
    const call = mk(this.src, 'call', start, start);
    if (this.peek(1).t === ':') {
      const dot = mk(this.src, 'dot', start, this.peek(2).end);
      dot.add(mk(this.src, 'identifier', tk.start, tk.end), 'left');
      dot.add(mk(this.src, 'identifier', this.peek(2).start, this.peek(2).end), 'right');
      call.add(dot, 'target');
      this.p += 3;
    } else {
      call.add(mk(this.src, 'identifier', tk.start, tk.end), 'target');
      this.p += 1;
    }
    this.p++; // (
    const args = this.exprs((x) => x.kind === 'punct' && x.t === ')');
    if (this.at(')')) this.p++;
    call.add(mk(this.src, 'arguments', start, this.toks[this.p - 1].end, args));
    call.endIndex = this.toks[this.p - 1].end;
    return call;
  }

  readForms(root: XNode): void {
    while (this.p < this.toks.length) {
      const tk = this.peek();
      if (tk.t === '-' && tk.kind === 'punct') {
        while (this.p < this.toks.length && !(this.at('.') && (this.peek(1) === undefined || /\s/.test(this.text[this.peek().end] ?? ' ')))) this.p++;
        this.p++;
        continue;
      }
      if (tk.kind === 'atom' && this.peek(1)?.t === '(') {
        // function clauses: name(Args) [when G] -> Body ; name(Args) -> Body .
        for (;;) {
          const nameTok = this.peek();
          if (!nameTok || nameTok.kind !== 'atom' || this.peek(1)?.t !== '(') break;
          const f = mk(this.src, 'function', nameTok.start, nameTok.end);
          f.add(mk(this.src, 'identifier', nameTok.start, nameTok.end), 'name');
          this.p += 2;
          const ps = this.exprs((x) => x.kind === 'punct' && x.t === ')');
          if (this.at(')')) this.p++;
          f.add(mk(this.src, 'parameters', nameTok.end, this.toks[this.p - 1].end, ps), 'parameters');
          if (this.atKw('when')) while (this.p < this.toks.length && !this.at('->')) this.p++;
          if (this.at('->')) this.p++;
          const b = this.exprs((x) => x.kind === 'punct' && (x.t === ';' || x.t === '.'));
          f.add(mk(this.src, 'body', b[0]?.startIndex ?? f.endIndex, b[b.length - 1]?.endIndex ?? f.endIndex, b), 'body');
          root.add(f);
          if (this.at(';')) {
            this.p++;
            continue;
          }
          if (this.at('.')) this.p++;
          break;
        }
        continue;
      }
      this.p++;
    }
  }
}

export function readErlang(text: string): SNode {
  const reader = new ErlangReader(text);
  const root = mk(reader.src, 'source', 0, text.length);
  try {
    reader.readForms(root);
  } catch (err) {
    // Half-typed code: keep the forms read so far (the reader is best-effort, never fatal).
    if (!(err instanceof TypeError)) throw err;
  }
  return root;
}

// A small hand-written LFE reader (no tree-sitter grammar for it is on npm): just enough of a tree for the engine:
// functions, calls (records such as (make-basic.ack …) become calls named `basic.ack` with their fields as keyword
// arguments), clause alternatives (case/receive/if/cond) and try.
import type { SNode } from './syntax';
import { mk, Src, type XNode } from './xnode';

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

const head = (l: SExp): string | undefined => (l.kind === 'list' && !l.tuple && l.items[0]?.kind === 'atom' ? l.items[0].text : undefined);

/** S-expressions to the engine's nodes: defun/lambda → function, receive/case/cond/if → clauses, try, calls. */
class LfeReader {
  constructor(private readonly src: Src) {}

  body(xs: SExp[], start: number, end: number): XNode {
    return mk(
      this.src,
      'body',
      xs[0]?.start ?? start,
      xs.length ? xs[xs.length - 1].end : end,
      xs.map((x) => this.conv(x)),
    );
  }

  atomNode(a: SExp | undefined): XNode | null {
    return a ? mk(this.src, a.kind === 'atom' ? 'atom' : 'list', a.start, a.end) : null;
  }

  params(ps: SExp | undefined, at: number): XNode {
    return mk(this.src, 'parameters', ps?.start ?? at, ps?.end ?? at, ps?.kind === 'list' ? ps.items.map((a) => this.atomNode(a)) : []);
  }

  clause(c: SExp): XNode | null {
    if (c.kind !== 'list' || !c.items.length) return null;
    const [pat, ...rest] = c.items;
    const guardless = rest[0] && head(rest[0]) === 'when' ? rest.slice(1) : rest;
    const n = mk(this.src, 'clause', c.start, c.end);
    n.add(this.atomNode(pat), 'pattern');
    n.add(this.body(guardless, pat.end, c.end), 'body');
    return n;
  }

  conv(x: SExp | undefined): XNode | null {
    if (!x) return null; // a missing form in half-typed code
    if (x.kind === 'atom') return this.atomNode(x);
    const h = head(x);
    const args = x.items.slice(1);
    if (!h)
      return mk(
        this.src,
        'group',
        x.start,
        x.end,
        x.items.map((i) => this.conv(i)),
      );
    if (h === 'defun' || h === 'defmacro') return this.defun(x, args);
    if (h === 'lambda' || h === 'match-lambda') {
      const f = mk(this.src, 'fun', x.start, x.end);
      const ps = args[0];
      f.add(this.params(ps, x.start), 'parameters');
      f.add(this.body(args.slice(1), ps?.end ?? x.start, x.end), 'body');
      return f;
    }
    if (h === 'receive' || h === 'cond' || h === 'case' || h === 'if') return this.alternatives(x, h, args);
    if (h === 'try') return this.tryForm(x, args);
    if (h === 'let' || h === 'let*' || h === 'flet' || h === 'progn') {
      const g = mk(this.src, 'group', x.start, x.end);
      if (h !== 'progn' && args[0]?.kind === 'list')
        for (const b of args[0].items) if (b.kind === 'list' && b.items[1]) g.add(this.conv(b.items[b.items.length - 1]));
      for (const a of h === 'progn' ? args : args.slice(1)) g.add(this.conv(a));
      return g;
    }
    return this.call(x, h, args);
  }

  defun(x: SList, args: SExp[]): XNode {
    const src = this.src;
    const name = args[0];
    if (args[1]?.kind === 'list' && args[1].items[0]?.kind === 'list') {
      // multi-clause: (defun f ((pat) body…) …) → one function per clause
      const g = mk(src, 'group', x.start, x.end);
      for (const c of args.slice(1)) {
        if (c.kind !== 'list' || !c.items.length) continue;
        const f = mk(src, 'function', c.start, c.end);
        f.add(this.atomNode(name), 'name');
        f.add(this.params(c.items[0], c.start), 'parameters');
        f.add(this.body(c.items.slice(1), c.items[0].end, c.end), 'body');
        g.add(f);
      }
      return g;
    }
    const f = mk(src, 'function', x.start, x.end);
    f.add(this.atomNode(name), 'name');
    const ps = args[1];
    f.add(this.params(ps, x.start), 'parameters');
    const rest = args.slice(2).filter((a, i) => !(i === 0 && a.kind === 'atom' && a.text.startsWith('"')));
    f.add(this.body(rest, ps?.end ?? x.start, x.end), 'body');
    return f;
  }

  alternatives(x: SList, h: string, args: SExp[]): XNode {
    const src = this.src;
    const g = mk(src, 'group', x.start, x.end);
    const cl = mk(src, 'clauses', x.start, x.end);
    if (h === 'if') {
      g.add(this.conv(args[0]));
      for (const arm of [args[1], args[2]]) {
        const c = mk(src, 'clause', arm?.start ?? x.end, arm?.end ?? x.end);
        c.add(mk(src, 'body', arm?.start ?? x.end, arm?.end ?? x.end, arm ? [this.conv(arm)] : []), 'body');
        cl.add(c);
      }
    } else {
      const clauses = h === 'case' ? args.slice(1) : args;
      if (h === 'case' && args[0]) g.add(this.conv(args[0]));
      for (const c of clauses) {
        if (h === 'receive' && head(c) === 'after') {
          const cc = this.clause({ ...c, items: c.kind === 'list' ? c.items.slice(1) : [] } as SList);
          if (cc) cl.add(cc);
          continue;
        }
        const cc = this.clause(c);
        if (cc) cl.add(cc);
      }
    }
    g.add(cl);
    return g;
  }

  tryForm(x: SList, args: SExp[]): XNode {
    const src = this.src;
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
    const b = this.body(parts, x.start, x.end);
    if (caseArms.length) {
      const cl = mk(src, 'clauses', x.start, x.end);
      for (const c of caseArms) cl.add(this.clause(c));
      b.add(cl);
    }
    t.add(b, 'body');
    for (const c of catchArms) {
      const cc = this.clause(c);
      if (cc) t.add(cc.childForFieldName('body'), 'catch');
    }
    if (after.length) t.add(this.body(after, x.start, x.end), 'after');
    return t;
  }

  /** A call. (make-basic.ack delivery_tag tag …) → call `basic.ack` with keyword fields. */
  call(x: SList, h: string, args: SExp[]): XNode {
    const src = this.src;
    const call = mk(src, 'call', x.start, x.end);
    const target = x.items[0] as SAtom;
    const argNode = mk(src, 'arguments', target.end, x.end);
    const make = /^make-(.+)$/.exec(h);
    if (make) {
      call.add(mk(src, 'identifier', target.start + 5, target.end), 'target');
      const kws = mk(src, 'keywords', target.end, x.end);
      for (let i = 0; i + 1 < args.length; i += 2) {
        const p = mk(src, 'pair', args[i].start, args[i + 1].end);
        p.add(this.atomNode(args[i]), 'key');
        p.add(this.conv(args[i + 1]), 'value');
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
      for (const a of args) argNode.add(this.conv(a));
    }
    call.add(argNode);
    return call;
  }
}

export function readLfe(text: string): SNode {
  const src = new Src(text);
  const root = mk(src, 'source', 0, text.length);
  const reader = new LfeReader(src);
  for (const x of readSexps(text)) root.add(reader.conv(x));
  return root;
}

// Chunked parsing for indentation languages (Python): the file is cut at top-level statement boundaries and every
// chunk is parsed on its own (tree-sitter `includedRanges`, so nodes keep their offsets in the whole file). The
// analysis sees one root whose children are the chunks' top-level statements.
//
// Why: with one tree for the whole file, a keystroke that breaks indentation (`x` typed at column 1 inside a
// function) makes tree-sitter-python's indent tracking fail for the rest of the file, so the re-parse after that
// edit (and the one after the fix) re-parses everything below it, ~20 ms for 2,000 lines. Chunks confine a broken
// indentation to its own top-level statement; an editor re-lint re-parses only the chunks an edit touched. For a
// valid file every chunk's tree equals the matching subtree of a whole-file parse (top-level statements do not
// depend on each other), so findings are unchanged.
//
// Classes are cut further, at their members: a class-based consumer can be one 2,000-line statement, and a broken
// indentation in one method would re-parse the rest of the class. The body is cut before every `def`, `async def`,
// `class` or first decorator of one that is indented exactly like the class's first statement (from the second
// statement on). The first piece is the class header with its first statement, parsed as usual; every later piece
// (a member up to the next one, with any class attributes and comments after it) is parsed with two included
// ranges, the header (decorators and `class X(...):` lines) and the member, so its tree is `class X:` holding that
// one member at the right offsets: the member's subtree equals a whole-file parse's (the indent stack is the same,
// and members do not depend on each other), and its parents are the same kinds of node (block, class, module).
// The root shows a member piece's nodes only from the member on (not its copy of the header), so the analysis sees
// every node once. An edit inside a member re-parses that member; an edit of the header re-parses the class.
//
// Invalid text is cut by the same rules (both lints cut the text alone, so they agree); one rule exists for it: a
// column-0 line that is not a compound statement and has an indented line after it (`x` typed at column 0 inside a
// class, an IndentationError) does not start a top-level statement, so a keystroke there does not split the class.
import type { SNode, Point } from './syntax';

/** A range of the text with its position (`row` is the line of `start`, always column 0). */
export interface TextRange {
  start: number;
  end: number;
  row: number;
  endPoint: Point;
}

/**
 * A part of the text [start, end) that is parsed on its own. A method sub-chunk of a class also has `head`, the
 * class header, parsed before it (the tree holds the class with this one method; only nodes from `start` on count).
 */
export interface ChunkRange extends TextRange {
  head?: TextRange;
}

const HEAD_CONTINUES = /^(?:else|elif|except|finally)\b/;
/** Column-0 lines that may own indented lines below them (compound statements, decorators aside). */
const COMPOUND = /^(?:async|class|def|for|if|match|try|while|with)\b/;
/** Class-body lines that start a sub-chunk: a method, a nested class, or the first decorator of one. */
const MEMBER = /^(?:async\s+def|def|class)\b|^@/;

/** A logical line holding code (not blank, not only a comment, not inside brackets, a string or after a backslash). */
interface CodeLine {
  pos: number;
  row: number;
  indent: number;
}

/** The code lines of a Python text, with the text's end point. */
function codeLines(text: string): { lines: CodeLine[]; end: Point } {
  const lines: CodeLine[] = [];
  let depth = 0;
  let triple = ''; // the open triple quote, if any
  let continued = false;
  let quote = ''; // an open single-line string (continued with a backslash)
  let row = 0;
  const n = text.length;
  let i = 0;
  while (i < n) {
    // i is at a line start.
    if (!triple && depth === 0 && !continued) {
      let j = i;
      while (j < n && (text.charCodeAt(j) === 32 || text.charCodeAt(j) === 9 || text.charCodeAt(j) === 12)) j++;
      const c = text.charCodeAt(j);
      if (j < n && c !== 10 && c !== 13 && c !== 35 /* # */) lines.push({ pos: i, row, indent: j - i });
    }
    // Scan the line.
    continued = false;
    for (; i < n; i++) {
      const ch = text[i];
      if (ch === '\n') break;
      if (triple) {
        if (ch === '\\' && text[i + 1] !== '\n') {
          i++;
          continue;
        }
        if (ch === triple[0] && text.startsWith(triple, i)) {
          i += 2;
          triple = '';
        }
        continue;
      }
      if (quote) {
        if (ch === '\\') {
          if (text[i + 1] === '\n') continued = true;
          else i++;
          continue;
        }
        if (ch === quote) quote = '';
        continue;
      }
      if (ch === '#') {
        const nl = text.indexOf('\n', i);
        i = nl < 0 ? n : nl;
        break;
      }
      if (ch === '"' || ch === "'") {
        if (text[i + 1] === ch && text[i + 2] === ch) {
          triple = ch + ch + ch;
          i += 2;
        } else quote = ch;
        continue;
      }
      if (ch === '(' || ch === '[' || ch === '{') depth++;
      else if (ch === ')' || ch === ']' || ch === '}') {
        if (depth > 0) depth--;
      } else if (ch === '\\' && (text[i + 1] === '\n' || (text[i + 1] === '\r' && text[i + 2] === '\n'))) continued = true;
    }
    if (quote && !continued) quote = ''; // a single-line string ends at the line end (unterminated)
    if (i < n) {
      i++;
      row++;
    }
  }
  let col = 0;
  for (let k = n - 1; k >= 0 && text.charCodeAt(k) !== 10; k--) col++;
  return { lines, end: { row, column: col } };
}

/**
 * The chunks of a Python text. Top-level statements start at column-0 code lines, except `else`/`elif`/`except`/
 * `finally`, the definition under a decorator, and a line that cannot own the indented line after it (not a
 * compound statement: `x` typed at column 0 inside a class, which is invalid Python, stays in the class). A class
 * is further cut into sub-chunks at its members (see the top of this file). Depends on the text only, so a fresh
 * lint and an editor re-lint cut identically.
 */
export function pythonChunks(text: string): ChunkRange[] {
  const { lines, end } = codeLines(text);
  const cuts: { pos: number; row: number; head?: TextRange }[] = [{ pos: 0, row: 0 }];
  const tops: number[] = []; // indices into `lines` of the top-level statements' first lines
  let lastTopIsDecorator = false;
  for (let k = 0; k < lines.length; k++) {
    const l = lines[k];
    if (l.indent !== 0) continue;
    const start = text.slice(l.pos, l.pos + 8);
    const next = lines[k + 1];
    if (!lastTopIsDecorator && !HEAD_CONTINUES.test(start) && (!next || next.indent === 0 || COMPOUND.test(start) || !tops.length)) {
      tops.push(k);
      if (l.pos > 0) cuts.push(l);
    }
    lastTopIsDecorator = text.charCodeAt(l.pos) === 64; /* @ */
  }
  for (let t = 0; t < tops.length; t++) {
    const stop = t + 1 < tops.length ? tops[t + 1] : lines.length;
    // A class (after its decorators): cut its body at members indented like its first statement, from the second
    // statement on; every member after the first is parsed with the class header in front.
    let c = tops[t];
    while (c < stop && text.charCodeAt(lines[c].pos) === 64) c++;
    if (c + 1 >= stop || lines[c].indent !== 0 || !/^class\b/.test(text.slice(lines[c].pos, lines[c].pos + 6)) || lines[c + 1].indent === 0) continue;
    const body = lines[c + 1];
    const indent = text.slice(body.pos, body.pos + body.indent);
    const top = lines[tops[t]];
    const head: TextRange = { start: top.pos, end: body.pos, row: top.row, endPoint: { row: body.row, column: 0 } };
    for (let k = c + 2; k < stop; k++) {
      const l = lines[k];
      const prev = lines[k - 1];
      if (l.indent !== body.indent || !text.startsWith(indent, l.pos) || !MEMBER.test(text.slice(l.pos + l.indent, l.pos + l.indent + 10))) continue;
      if (prev.indent === body.indent && text.charCodeAt(prev.pos + prev.indent) === 64) continue; // under a decorator
      cuts.push({ pos: l.pos, row: l.row, head });
    }
  }
  cuts.sort((a, b) => a.pos - b.pos);
  return cuts.map((c, i): ChunkRange => {
    const next = cuts[i + 1];
    const r: ChunkRange = { start: c.pos, end: next ? next.pos : text.length, row: c.row, endPoint: next ? { row: next.row, column: 0 } : end };
    if (c.head) r.head = c.head;
    return r;
  });
}

/** What the root needs from a chunk's tree-sitter root node. */
export type ChunkNode = SNode & {
  descendantsOfType(types: string | string[]): SNode[];
  descendantForIndex(start: number, end?: number): SNode | null;
};

/**
 * The root the analysis sees for a chunked file: a `module` whose children are the top-level statements of every
 * chunk, in order. Lookups by offset go to the chunk holding the offset.
 */
export class ChunkedRoot implements SNode {
  readonly id = -1;
  readonly type = 'module';
  readonly parent = null;
  readonly isNamed = true;
  readonly startIndex = 0;
  readonly startPosition: Point = { row: 0, column: 0 };
  /** `parts` in text order; a part with `head` (a class member) contributes only its nodes from `start` on. */
  constructor(
    readonly text: string,
    private readonly parts: { start: number; end: number; node: ChunkNode; head: boolean }[],
    readonly endPosition: Point,
  ) {}
  get endIndex(): number {
    return this.text.length;
  }
  get namedChildren(): SNode[] {
    return this.parts.flatMap((p) => (p.head ? [] : p.node.namedChildren));
  }
  get children(): SNode[] {
    return this.parts.flatMap((p) => (p.head ? [] : p.node.children));
  }
  childForFieldName(): SNode | null {
    return null;
  }
  childrenForFieldName(): SNode[] {
    return [];
  }
  descendantsOfType(types: string | string[]): SNode[] {
    return this.parts.flatMap((p) => {
      const all = p.node.descendantsOfType(types);
      return p.head ? all.filter((n) => n.startIndex >= p.start) : all;
    });
  }
  descendantForIndex(start: number, end = start): SNode | null {
    const ps = this.parts;
    let lo = 0;
    let hi = ps.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (ps[mid].start <= start) lo = mid;
      else hi = mid - 1;
    }
    const p = ps[lo];
    if (!p || (end > p.end && lo < ps.length - 1)) return this;
    return p.node.descendantForIndex(start, end);
  }
}

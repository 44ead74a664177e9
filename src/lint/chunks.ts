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
import type { SNode, Point } from './syntax';

/** A part of the text [start, end) that is parsed on its own; `row` is the line of `start` (always column 0). */
export interface ChunkRange { start: number; end: number; row: number; endPoint: Point }

const HEAD_CONTINUES = /^(?:else|elif|except|finally)\b/;

/**
 * Top-level statement starts of a Python text: lines that begin at column 0 with code (not a comment, not a
 * continuation of an open bracket, string or backslash line, not `else`/`elif`/`except`/`finally`, and not the
 * definition under a decorator). Depends on the text only, so a fresh lint and an editor re-lint cut identically.
 */
export function pythonChunks(text: string): ChunkRange[] {
  const out: ChunkRange[] = [];
  let depth = 0;
  let triple = ''; // the open triple quote, if any
  let continued = false;
  let quote = ''; // an open single-line string (continued with a backslash)
  let lastTopIsDecorator = false;
  let start = 0; let startRow = 0;
  let row = 0;
  const n = text.length;
  let i = 0;
  while (i < n) {
    // i is at a line start.
    const c = text.charCodeAt(i);
    if (!triple && depth === 0 && !continued && c !== 32 && c !== 9 && c !== 10 && c !== 13 && c !== 12 && c !== 35 /* # */) {
      const isDecorator = c === 64; /* @ */
      if (i > 0 && !lastTopIsDecorator && !HEAD_CONTINUES.test(text.slice(i, i + 8))) {
        out.push({ start, end: i, row: startRow, endPoint: { row, column: 0 } });
        start = i; startRow = row;
      }
      lastTopIsDecorator = isDecorator;
    }
    // Scan the line.
    continued = false;
    for (; i < n; i++) {
      const ch = text[i];
      if (ch === '\n') break;
      if (triple) {
        if (ch === '\\' && text[i + 1] !== '\n') { i++; continue; }
        if (ch === triple[0] && text.startsWith(triple, i)) { i += 2; triple = ''; }
        continue;
      }
      if (quote) {
        if (ch === '\\') { if (text[i + 1] === '\n') continued = true; else i++; continue; }
        if (ch === quote) quote = '';
        continue;
      }
      if (ch === '#') { const nl = text.indexOf('\n', i); i = nl < 0 ? n : nl; break; }
      if (ch === '"' || ch === "'") {
        if (text[i + 1] === ch && text[i + 2] === ch) { triple = ch + ch + ch; i += 2; } else quote = ch;
        continue;
      }
      if (ch === '(' || ch === '[' || ch === '{') depth++;
      else if (ch === ')' || ch === ']' || ch === '}') { if (depth > 0) depth--; }
      else if (ch === '\\' && (text[i + 1] === '\n' || text[i + 1] === '\r' && text[i + 2] === '\n')) continued = true;
    }
    if (quote && !continued) quote = ''; // a single-line string ends at the line end (unterminated)
    if (i < n) { i++; row++; }
  }
  let col = 0;
  for (let k = n - 1; k >= 0 && text.charCodeAt(k) !== 10; k--) col++;
  out.push({ start, end: n, row: startRow, endPoint: { row, column: col } });
  return out;
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
  constructor(readonly text: string, private readonly parts: { start: number; end: number; node: ChunkNode }[], readonly endPosition: Point) {}
  get endIndex(): number { return this.text.length; }
  get namedChildren(): SNode[] { return this.parts.flatMap((p) => p.node.namedChildren); }
  get children(): SNode[] { return this.parts.flatMap((p) => p.node.children); }
  childForFieldName(): SNode | null { return null; }
  childrenForFieldName(): SNode[] { return []; }
  descendantsOfType(types: string | string[]): SNode[] {
    return this.parts.flatMap((p) => p.node.descendantsOfType(types));
  }
  descendantForIndex(start: number, end = start): SNode | null {
    const ps = this.parts;
    let lo = 0; let hi = ps.length - 1;
    while (lo < hi) { const mid = (lo + hi + 1) >> 1; if (ps[mid].start <= start) lo = mid; else hi = mid - 1; }
    const p = ps[lo];
    if (!p || end > p.end && lo < ps.length - 1) return this;
    return p.node.descendantForIndex(start, end);
  }
}

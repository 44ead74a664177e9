// Raw findings (offsets into the text) turned into the public Finding shape (line/column ranges, severity from
// the finding's precision, docs link, quick fixes as text edits).
import { severityFor } from './confidence';
import type { RawFinding } from './analyze';
import { docsUrl } from './rules';
import type { Finding, Fix, Position, Range, TextEdit } from './types';

export class LineMap {
  private readonly starts: number[] = [0];
  constructor(readonly text: string) {
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) this.starts.push(i + 1);
  }
  position(offset: number): Position {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, column: offset - this.starts[lo] };
  }
  range(start: number, end: number): Range {
    return { start: this.position(start), end: this.position(end) };
  }
  lineText(line: number): string {
    const s = this.starts[line];
    if (s === undefined) return '';
    const e = this.starts[line + 1] ?? this.text.length + 1;
    return this.text.slice(s, e - 1);
  }
}

export function toFinding(raw: RawFinding, lm: LineMap, language: string): Finding {
  const fixes: Fix[] = raw.fixes.map((f) => ({
    title: f.title,
    edits: f.edits.map((e): TextEdit => ({ range: lm.range(e.start, e.end), startOffset: e.start, endOffset: e.end, newText: e.text })),
  }));
  const precision = raw.precision ?? 'high';
  return {
    rule: raw.rule,
    severity: severityFor(raw.rule, precision),
    precision,
    message: raw.message,
    range: raw.span ? lm.range(raw.span[0], raw.span[1]) : lm.range(raw.node.startIndex, raw.node.endIndex),
    handlerRange: raw.handler ? lm.range(raw.handler.startIndex, raw.handler.endIndex) : undefined,
    library: raw.library,
    language,
    docs: docsUrl(raw.rule),
    fixes,
  };
}

// The node type of the hand-written Erlang and LFE readers (readErlang.ts, readLfe.ts): offsets into the source,
// named fields, positions computed on demand; the same SNode interface as tree-sitter's nodes.
import type { Point, SNode } from './syntax';

let nextId = 1 << 28;

export class Src {
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

export function mk(src: Src, type: string, start: number, end: number, kids: (XNode | null | undefined)[] = [], field?: string): XNode {
  const n = new XNode(src, type, start, end);
  for (const k of kids) n.add(k, field);
  return n;
}

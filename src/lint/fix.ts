import type { Fix } from './types';

/** Apply a fix's edits to a text (edits must not overlap; applied from the end). */
export function applyFix(text: string, fix: Fix): string {
  const edits = [...fix.edits].sort((a, b) => b.startOffset - a.startOffset);
  let out = text;
  for (const e of edits) out = out.slice(0, e.startOffset) + e.newText + out.slice(e.endOffset);
  return out;
}

// Bounds on what the analyser takes on: files come from untrusted workspaces, so a file that would cost too much
// time or memory is skipped with a reason instead of being linted (the CLI prints it; the API returns it).
// The checks run on the raw text before any parse, in one pass over it; the analysis itself has a deadline and a
// nesting bound (see `Budget`), for what the text checks cannot see.

/** Limits per file. The defaults leave every realistic source file alone (the biggest consumer files in the
 *  corpus are a few thousand lines) and cut what only generated, minified or hostile input looks like. */
export interface LintLimits {
  /** Largest file, in UTF-16 code units (~bytes for ASCII source). */
  maxChars: number;
  /** Most lines. */
  maxLines: number;
  /** Longest line (minified or generated code). */
  maxLineChars: number;
  /** Deepest bracket nesting `([{`, counted on the raw text (strings included: a bound, not a parse). */
  maxNesting: number;
  /** Longest analysis of one file after parsing, in milliseconds. */
  maxMillis: number;
}

export const DEFAULT_LIMITS: LintLimits = {
  maxChars: 2 * 1024 * 1024,
  maxLines: 20_000,
  maxLineChars: 20_000,
  maxNesting: 500,
  maxMillis: 3_000,
};

/** Thrown inside the analysis when a file goes over a bound; the linter turns it into a skipped-file result. */
export class LintSkipped extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'LintSkipped';
  }
}

const fmtInt = (n: number) => n.toLocaleString('en-US');

/** Why the text is too big or too deep to lint, or undefined when it is within the limits. One pass, no allocation. */
export function textOverLimits(text: string, limits: LintLimits = DEFAULT_LIMITS): string | undefined {
  const n = text.length;
  if (n > limits.maxChars) return `file is ${fmtInt(n)} characters, over the ${fmtInt(limits.maxChars)} limit`;
  let lines = 1;
  let lineStart = 0;
  let depth = 0;
  let maxDepth = 0;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) {
      if (i - lineStart > limits.maxLineChars)
        return `line ${fmtInt(lines)} is ${fmtInt(i - lineStart)} characters long, over the ${fmtInt(limits.maxLineChars)} limit (minified or generated code?)`;
      lines++;
      lineStart = i + 1;
    } else if (c === 40 || c === 91 || c === 123) {
      // ( [ {
      if (++depth > maxDepth) maxDepth = depth;
    } else if ((c === 41 || c === 93 || c === 125) && depth > 0) depth--;
  }
  if (n - lineStart > limits.maxLineChars)
    return `line ${fmtInt(lines)} is ${fmtInt(n - lineStart)} characters long, over the ${fmtInt(limits.maxLineChars)} limit (minified or generated code?)`;
  if (lines > limits.maxLines) return `file has ${fmtInt(lines)} lines, over the ${fmtInt(limits.maxLines)} limit`;
  if (maxDepth > limits.maxNesting) return `brackets nest ${fmtInt(maxDepth)} levels deep, over the ${fmtInt(limits.maxNesting)} limit`;
  return undefined;
}

/** The analysis's running budget for one file: a deadline, checked every few hundred steps, and a nesting bound
 *  for the recursive walk (indentation or `do … end` nesting the bracket count does not see). */
export class Budget {
  private steps = 0;
  private readonly deadline: number;
  constructor(
    private readonly limits: LintLimits = DEFAULT_LIMITS,
    now = Date.now(),
  ) {
    this.deadline = now + limits.maxMillis;
  }
  /** Count one step at nesting `depth`; throws LintSkipped when over a bound. */
  step(depth: number): void {
    if (depth > this.limits.maxNesting) throw new LintSkipped(`code nests more than ${fmtInt(this.limits.maxNesting)} levels deep`);
    if ((++this.steps & 255) === 0 && Date.now() > this.deadline) throw new LintSkipped(`analysis took longer than ${fmtInt(this.limits.maxMillis)} ms`);
  }
}

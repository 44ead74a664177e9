// The linter object: loads the tree-sitter runtime and grammars once (from a configurable directory), then lints
// text synchronously. Documents keep their tree for incremental re-parsing (tree.edit + parse with the old tree).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Edit, Language, Parser, type Tree } from 'web-tree-sitter';
import { analyseTree } from './analyze';
import { LineMap, toFinding } from './findings';
import { ChunkedRoot, pythonChunks, type ChunkNode, type ChunkRange, type TextRange } from './chunks';
import { GRAMMAR_FILE, LANGUAGE_IDS, resolveLanguage, type LanguageId } from './languages';
import { profilesFromImports } from './localImports';
import { PROFILES, profileSelection, type Profile } from './profiles';
import { Budget, DEFAULT_LIMITS, LintSkipped, textOverLimits, type LintLimits } from './limits';
import { readErlang } from './readErlang';
import { readLfe } from './readLfe';
import { optionsKey, optionsNamedIn } from './ruleOptions';
import { RULE_IDS, RULES } from './rules';
import type { SNode } from './syntax';
import type { Finding, LintOptions, RuleId, RuleOptions } from './types';

export interface LinterConfig {
  /** A directory holding the .wasm files side by side (web-tree-sitter.wasm and tree-sitter-<lang>.wasm), e.g. a
   *  `dist/wasm` folder shipped in the VSIX. Searched first. */
  wasmDir?: string;
  /** More directories searched for grammar files, in order, after `wasmDir`. */
  grammarDirs?: string[];
  /** Path of web-tree-sitter.wasm (default: found in `wasmDir`, then node_modules/web-tree-sitter). */
  runtimeWasm?: string;
  /** Also search node_modules next to the bundle / the working directory (default true). */
  searchDefaults?: boolean;
  /** Languages to load (default: all). Linting another language throws. */
  languages?: LanguageId[];
  /** Library profiles (default: the built-in ones). */
  profiles?: Profile[];
  /** Bounds per file (default DEFAULT_LIMITS): a file over them is skipped with a reason, not linted. */
  limits?: Partial<LintLimits>;
}

/** What linting one text gave: its findings, or why it was skipped (too big or too deep to lint safely). */
export interface LintResult {
  findings: Finding[];
  /** Set when the file was not linted: one line saying why (e.g. "line 1 is 10,485,760 characters long, …"). */
  skipped?: string;
}

export interface Linter {
  /** Languages whose grammar (or reader) is loaded. */
  readonly languages: readonly LanguageId[];
  /** Lint a whole text. `languageOrFile` is a language id (ours or VS Code's) or a file name. Unsupported → []. */
  lint(text: string, languageOrFile: string, options?: LintOptions): Finding[];
  /** Like `lint`, and says when the file was skipped because it is over the limits (the CLI prints the reason). */
  lintFile(text: string, languageOrFile: string, options?: LintOptions): LintResult;
  /** Open a document for incremental re-linting as it is edited. */
  openDocument(text: string, languageOrFile: string): LintDocument;
  /** Load the grammars of more languages (those already loaded are skipped), so a caller can start with none
   *  and load each language when its first file shows up. */
  ensureLanguages(languages: readonly LanguageId[]): Promise<void>;
  dispose(): void;
}

export interface LintDocument {
  readonly text: string;
  readonly language: LanguageId | undefined;
  /** Apply one edit: replace [startOffset, oldEndOffset) by newText (UTF-16 offsets), re-parsing incrementally. */
  applyEdit(startOffset: number, oldEndOffset: number, newText: string): void;
  /** Replace the whole text; the changed span is found by diffing, then re-parsed incrementally. */
  update(newText: string): void;
  lint(options?: LintOptions): Finding[];
  lintFile(options?: LintOptions): LintResult;
  dispose(): void;
}

/** Directories where the wasm files live when installed from npm (tests, CLI) or inside the VSIX. */
export function defaultWasmDirs(): string[] {
  const bases = [join(__dirname, '..'), join(__dirname, '..', '..'), __dirname, process.cwd()];
  const out: string[] = [];
  for (const b of bases) {
    out.push(join(b, 'wasm'));
    out.push(join(b, 'node_modules', '@vscode', 'tree-sitter-wasm', 'wasm'));
    out.push(join(b, 'node_modules', 'tree-sitter-elixir'));
    out.push(join(b, 'node_modules', 'web-tree-sitter'));
  }
  return out;
}

function findFile(dirs: string[], name: string): string | undefined {
  for (const d of dirs) {
    const p = join(d, name);
    if (existsSync(p)) return p;
  }
  return undefined;
}

let runtimeReady: Promise<void> | undefined;

export async function createLinter(config: LinterConfig = {}): Promise<Linter> {
  const dirs = [...(config.wasmDir ? [config.wasmDir] : []), ...(config.grammarDirs ?? []), ...(config.searchDefaults === false ? [] : defaultWasmDirs())];
  const runtime = config.runtimeWasm ?? findFile(dirs, 'web-tree-sitter.wasm');
  if (!runtime) throw new Error(`acklab lint: web-tree-sitter.wasm not found (searched ${dirs.slice(0, 4).join(', ')} …); pass wasmDir`);
  runtimeReady ??= Parser.init({ locateFile: () => runtime });
  await runtimeReady;
  const linter = new TreeSitterLinter(new GrammarSet(dirs), config.profiles ?? PROFILES, { ...DEFAULT_LIMITS, ...config.limits });
  await linter.ensureLanguages(config.languages ?? LANGUAGE_IDS);
  return linter;
}

/** The grammars loaded so far, each .wasm file once (typescript and tsx, say, are two files; javascript is one). */
class GrammarSet {
  readonly byLanguage = new Map<LanguageId, Language>();
  private readonly byFile = new Map<string, Promise<Language>>();
  constructor(private readonly dirs: string[]) {}

  async load(id: LanguageId): Promise<void> {
    const file = GRAMMAR_FILE[id];
    if (!file || this.byLanguage.has(id)) return;
    let lang = this.byFile.get(file);
    if (!lang) {
      const path = findFile(this.dirs, file);
      if (!path) throw new Error(`acklab lint: grammar ${file} for ${id} not found (searched ${this.dirs.slice(0, 4).join(', ')} …); pass wasmDir`);
      lang = Language.load(readFileSync(path));
      this.byFile.set(file, lang);
    }
    this.byLanguage.set(id, await lang);
  }
}

/** Is the finding silenced by `acklab-disable-next-line [rule…]` on the line above (or `acklab-disable-line` on it)? */
function suppressed(lm: LineMap, f: Finding): boolean {
  const check = (line: number, directive: string) => {
    if (line < 0) return false;
    const t = lm.lineText(line);
    const i = t.indexOf(directive);
    if (i < 0) return false;
    const rest = t
      .slice(i + directive.length)
      .replace(/(\*\/|-->|%>|\s*$)/g, '')
      .trim();
    if (!rest || rest.startsWith('--')) return true;
    return rest.split(/[\s,]+/).includes(f.rule);
  };
  return check(f.range.start.line - 1, 'acklab-disable-next-line') || check(f.range.start.line, 'acklab-disable-line');
}

function applyOptions(findings: Finding[], lm: LineMap, options: LintOptions | undefined): Finding[] {
  const out: Finding[] = [];
  for (const f of findings) {
    if (options?.only && !options.only.includes(f.rule)) continue;
    const setting = options?.rules?.[f.rule];
    if (setting === 'off') continue;
    if (suppressed(lm, f)) continue;
    // A severity setting applies to proven findings; a weak one stays an information-level hint.
    out.push(setting && f.severity !== 'info' ? { ...f, severity: setting } : f);
  }
  return out.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.column - b.range.start.column || a.rule.localeCompare(b.rule));
}

/** The rules that run, grouped by their options: rules without options share one analysis, and so do rules whose
 *  options name nothing in this text (they cannot change its findings). */
function analysisGroups(text: string, options: LintOptions | undefined): { ruleOptions?: RuleOptions; rules: Set<RuleId> }[] {
  const groups = new Map<string, { ruleOptions?: RuleOptions; rules: Set<RuleId> }>();
  for (const id of RULE_IDS) {
    if (options?.rules?.[id] === 'off' || (options?.only && !options.only.includes(id))) continue;
    const o = options?.options?.[id];
    const key = o && optionsNamedIn(text, o) ? optionsKey(o) : '';
    let g = groups.get(key);
    if (!g) groups.set(key, (g = key ? { ruleOptions: o, rules: new Set() } : { rules: new Set() }));
    g.rules.add(id);
  }
  return [...groups.values()];
}

/** Languages parsed in top-level chunks (see chunks.ts): a broken indentation must not re-parse the whole file. */
const CHUNKERS: Partial<Record<LanguageId, (text: string) => ChunkRange[]>> = { python: pythonChunks };

/** Chunks up to this size (UTF-16 units, ~3 ms to parse) are re-parsed from scratch when an edit leaves an error. */
const FRESH_REPARSE_MAX = 8_000;

/** The most text a parse callback returns at once: web-tree-sitter copies up to 5K UTF-16 units of every answer
 *  into wasm memory, and a class member's parse reads twice (its class header, then the member). */
const READ_WINDOW = 1024;

/** A parsed chunk: its current range in the text (and its class header's, for a class member) and its tree
 *  (positions are the whole file's). */
interface Chunk {
  start: number;
  end: number;
  head?: { start: number; end: number };
  tree: Tree;
  dirty: boolean;
}

function chunkedRoot(text: string, chunks: readonly Chunk[], ranges: readonly ChunkRange[]): ChunkedRoot {
  const end = ranges[ranges.length - 1]?.endPoint ?? { row: 0, column: 0 };
  return new ChunkedRoot(
    text,
    chunks.map((c) => ({ start: c.start, end: c.end, node: c.tree.rootNode as unknown as ChunkNode, head: !!c.head })),
    end,
  );
}

function chunkOf(r: ChunkRange, tree: Tree): Chunk {
  return r.head
    ? { start: r.start, end: r.end, head: { start: r.head.start, end: r.head.end }, tree, dirty: false }
    : { start: r.start, end: r.end, tree, dirty: false };
}

function quickReject(text: string, profiles: Profile[]): boolean {
  // Nothing in the file can be a settle or a consume of any applicable profile.
  return !profiles.some((p) => p.consumes.some((c) => c.methods.some((m) => text.includes(m)) || (c.shape.kind !== 'call' && c.shape.kind !== 'loop')));
}

class TreeSitterLinter implements Linter {
  private readonly parser = new Parser();
  private current: LanguageId | undefined;
  private readonly grammars: Map<LanguageId, Language>;
  readonly languages: LanguageId[] = [];
  constructor(
    private readonly grammarSet: GrammarSet,
    private readonly profiles: Profile[],
    readonly limits: LintLimits,
  ) {
    this.grammars = grammarSet.byLanguage;
  }

  async ensureLanguages(ids: readonly LanguageId[]): Promise<void> {
    for (const id of ids) {
      if (this.languages.includes(id)) continue;
      await this.grammarSet.load(id);
      if (!this.languages.includes(id) && (this.grammars.has(id) || !GRAMMAR_FILE[id])) this.languages.push(id);
    }
  }

  parserFor(lang: LanguageId): Parser {
    if (this.current !== lang) {
      this.parser.setLanguage(this.grammars.get(lang)!);
      this.current = lang;
    }
    return this.parser;
  }

  /** Parse one chunk of a text (`read` gives the text from an offset on; the tree keeps it for `node.text`). */
  parseChunk(lang: LanguageId, read: (index: number) => string, r: ChunkRange, old: Tree | null): Tree {
    const range = (x: TextRange) => ({ startIndex: x.start, endIndex: x.end, startPosition: { row: x.row, column: 0 }, endPosition: x.endPoint });
    const t = this.parserFor(lang).parse(read, old, { includedRanges: r.head ? [range(r.head), range(r)] : [range(r)] });
    if (!t) throw new Error('acklab lint: parse failed');
    return t;
  }

  /** Check the text against the limits, parse it (`root`) and analyse it; a file over a bound is skipped. */
  analyse(lang: LanguageId, text: string, root: () => { node: SNode; done(): void }, options?: LintOptions, file?: string): LintResult {
    let { profiles, detected } = profileSelection(lang, text, this.profiles);
    if (!detected) {
      const viaImports = profilesFromImports(lang, text, file, this.profiles);
      if (viaImports.length) [profiles, detected] = [viaImports, true];
    }
    if (!profiles.length || quickReject(text, profiles)) return { findings: [] };
    const over = textOverLimits(text, this.limits);
    if (over) return { findings: [], skipped: over };
    let r: { node: SNode; done(): void } | undefined;
    try {
      r = root();
      const node = r.node;
      const lm = new LineMap(text);
      // One analysis per distinct set of rule options; each keeps the findings of the rules that asked for it.
      const raw = analysisGroups(text, options).flatMap(({ ruleOptions, rules }) =>
        analyseTree(lang, text, node, profiles, { budget: new Budget(this.limits), file, detected, options: ruleOptions }).filter((f) => rules.has(f.rule)),
      );
      return {
        findings: applyOptions(
          raw.map((f) => toFinding(f, lm, lang)),
          lm,
          options,
        ),
      };
    } catch (err) {
      if (err instanceof LintSkipped) return { findings: [], skipped: err.reason };
      // Deep nesting the bounds did not foresee (a reader's recursion): skipped, not a crash.
      if (err instanceof RangeError && /call stack/i.test(err.message)) return { findings: [], skipped: 'code nests too deeply to analyse' };
      throw err;
    } finally {
      r?.done();
    }
  }

  lint(text: string, languageOrFile: string, options?: LintOptions): Finding[] {
    return this.lintFile(text, languageOrFile, options).findings;
  }

  lintFile(text: string, languageOrFile: string, options?: LintOptions): LintResult {
    const lang = resolveLanguage(languageOrFile);
    if (!lang) return { findings: [] };
    const file = lang === languageOrFile ? undefined : languageOrFile;
    if (lang === 'erlang' || lang === 'lfe') {
      return this.analyse(lang, text, () => ({ node: lang === 'erlang' ? readErlang(text) : readLfe(text), done() {} }), options, file);
    }
    if (!this.grammars.has(lang)) throw new Error(`acklab lint: the ${lang} grammar is not loaded`);
    const chunker = CHUNKERS[lang];
    if (chunker) {
      return this.analyse(
        lang,
        text,
        () => {
          const ranges = chunker(text);
          // Each tree reads only its own chunk, in windows (the parser copies what the callback returns into wasm memory).
          const chunks = ranges.map((r) =>
            chunkOf(
              r,
              this.parseChunk(lang, (i) => text.slice(i, Math.min(r.end, i + READ_WINDOW)), r, null),
            ),
          );
          return {
            node: chunkedRoot(text, chunks, ranges),
            done: () => {
              for (const c of chunks) c.tree.delete();
            },
          };
        },
        options,
        file,
      );
    }
    return this.analyse(
      lang,
      text,
      () => {
        const tree = this.parserFor(lang).parse(text);
        if (!tree) throw new Error('acklab lint: parse failed');
        return { node: tree.rootNode as unknown as SNode, done: () => tree.delete() };
      },
      options,
      file,
    );
  }

  openDocument(text: string, languageOrFile: string): LintDocument {
    const lang = resolveLanguage(languageOrFile);
    return new Doc(this, text, lang, lang === languageOrFile ? undefined : languageOrFile);
  }

  dispose(): void {
    this.parser.delete();
  }
}

function pointAt(text: string, offset: number): { row: number; column: number } {
  let row = 0;
  let last = -1;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
    row++;
    last = i;
  }
  return { row, column: offset - last - 1 };
}

class Doc implements LintDocument {
  private tree: Tree | null = null;
  /** Chunked languages: the chunks of the last lint, edited since (null before the first lint). */
  private chunks: Chunk[] | null = null;
  private readonly chunker: ((text: string) => ChunkRange[]) | undefined;
  /** Reads the current text: trees kept across edits take `node.text` from here, not from the text they were parsed from. */
  private readonly read = (i: number): string => this.text.slice(i, i + READ_WINDOW);
  constructor(
    private readonly linter: TreeSitterLinter,
    public text: string,
    readonly language: LanguageId | undefined,
    private readonly file?: string,
  ) {
    this.chunker = language && linter.languages.includes(language) ? CHUNKERS[language] : undefined;
  }

  private hasTree(): boolean {
    return !!this.language && this.language !== 'erlang' && this.language !== 'lfe' && this.linter.languages.includes(this.language);
  }

  applyEdit(startOffset: number, oldEndOffset: number, newText: string): void {
    const old = this.text;
    if (startOffset < 0 || oldEndOffset < startOffset || oldEndOffset > old.length)
      throw new RangeError(`bad edit [${startOffset}, ${oldEndOffset}) for a text of ${old.length}`);
    const next = old.slice(0, startOffset) + newText + old.slice(oldEndOffset);
    const newEnd = startOffset + newText.length;
    const edit = () =>
      new Edit({
        startIndex: startOffset,
        oldEndIndex: oldEndOffset,
        newEndIndex: newEnd,
        startPosition: pointAt(old, startOffset),
        oldEndPosition: pointAt(old, oldEndOffset),
        newEndPosition: pointAt(next, newEnd),
      });
    if (this.tree) this.tree.edit(edit());
    if (this.chunks) {
      // Chunks before the edit are untouched; chunks after it shift (tree.edit moves their nodes); chunks the edit
      // touches are dirty: re-parsed at the next lint. So is a class member whose class header the edit touches.
      const e = edit();
      const delta = newText.length - (oldEndOffset - startOffset);
      for (const c of this.chunks) {
        if (c.end <= startOffset) continue;
        c.tree.edit(e);
        if (c.head) {
          if (c.head.start >= oldEndOffset) {
            c.head.start += delta;
            c.head.end += delta;
          } else if (c.head.end > startOffset) c.dirty = true;
        }
        if (c.start >= oldEndOffset) {
          c.start += delta;
          c.end += delta;
          continue;
        }
        c.dirty = true;
        c.start = Math.min(c.start, startOffset);
        c.end = Math.max(c.end + delta, newEnd);
      }
    }
    this.text = next;
  }

  update(newText: string): void {
    const old = this.text;
    if (old === newText) return;
    let s = 0;
    const max = Math.min(old.length, newText.length);
    while (s < max && old.charCodeAt(s) === newText.charCodeAt(s)) s++;
    let e = 0;
    while (e < max - s && old.charCodeAt(old.length - 1 - e) === newText.charCodeAt(newText.length - 1 - e)) e++;
    this.applyEdit(s, old.length - e, newText.slice(s, newText.length - e));
  }

  lint(options?: LintOptions): Finding[] {
    return this.lintFile(options).findings;
  }

  lintFile(options?: LintOptions): LintResult {
    const lang = this.language;
    if (!lang) return { findings: [] };
    if (!this.hasTree()) return this.linter.lintFile(this.text, this.file ?? lang, options);
    if (this.chunker) return this.linter.analyse(lang, this.text, () => ({ node: this.reparseChunks(lang, this.chunker!), done() {} }), options, this.file);
    return this.linter.analyse(
      lang,
      this.text,
      () => {
        const t = this.linter.parserFor(lang).parse(this.text, this.tree);
        if (!t) throw new Error('acklab lint: parse failed');
        this.tree?.delete();
        this.tree = t;
        return { node: t.rootNode as unknown as SNode, done() {} };
      },
      options,
      this.file,
    );
  }

  /**
   * Re-cut the text into chunks and bring every chunk's tree up to date: a chunk whose text did not change keeps its
   * tree (shifted by the edits before it); a chunk an edit touched is re-parsed incrementally from its old tree, and
   * again from scratch when that yields a syntax error and the chunk is small (tree-sitter's error recovery may
   * differ between an incremental and a fresh parse; for a small chunk the fresh parse is cheap, and the result is
   * then a fresh lint's by construction). A big chunk (a 2,000-line function; a class is cut at its members) keeps
   * the incremental tree, as the other languages do: a fresh parse of it would cost ~20 ms on every keystroke that
   * leaves a syntax error. A class member is kept only if its class header is unchanged too.
   */
  private reparseChunks(lang: LanguageId, chunker: (text: string) => ChunkRange[]): ChunkedRoot {
    const ranges = chunker(this.text);
    const old = this.chunks ?? [];
    const keep = new Array<boolean>(old.length).fill(false);
    const taken = new Array<boolean>(old.length).fill(false);
    const clean = new Map<number, number>();
    const dirty: number[] = [];
    const sameHead = (c: Chunk, r: ChunkRange) => (c.head ? !!r.head && c.head.start === r.head.start && c.head.end === r.head.end : !r.head);
    old.forEach((c, k) => {
      if (c.dirty) dirty.push(k);
      else clean.set(c.start, k);
    });
    const next: Chunk[] = [];
    for (const r of ranges) {
      const k = clean.get(r.start);
      if (k !== undefined && !taken[k] && old[k].end === r.end && sameHead(old[k], r)) {
        taken[k] = keep[k] = true;
        next.push(old[k]);
        continue;
      }
      let tree: Tree | undefined;
      const d = dirty.find((x) => !taken[x] && old[x].start <= r.end && old[x].end >= r.start);
      if (d !== undefined) {
        taken[d] = true;
        tree = this.linter.parseChunk(lang, this.read, r, old[d].tree);
        if (tree.rootNode.hasError && r.end - r.start <= FRESH_REPARSE_MAX) {
          tree.delete();
          tree = undefined;
        }
      }
      tree ??= this.linter.parseChunk(lang, this.read, r, null);
      next.push(chunkOf(r, tree));
    }
    old.forEach((c, k) => {
      if (!keep[k]) c.tree.delete();
    });
    this.chunks = next;
    return chunkedRoot(this.text, next, ranges);
  }

  dispose(): void {
    this.tree?.delete();
    this.tree = null;
    for (const c of this.chunks ?? []) c.tree.delete();
    this.chunks = null;
  }
}

export { RULES };

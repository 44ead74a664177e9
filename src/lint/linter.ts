// The linter object: loads the tree-sitter runtime and grammars once (from a configurable directory), then lints
// text synchronously. Documents keep their tree for incremental re-parsing (tree.edit + parse with the old tree).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Edit, Language, Parser, type Tree } from 'web-tree-sitter';
import { analyseTree, LineMap, toFinding } from './analyze';
import { GRAMMAR_FILE, LANGUAGE_IDS, resolveLanguage, type LanguageId } from './languages';
import { PROFILES, profilesFor, type Profile } from './profiles';
import { readErlang, readLfe } from './readers';
import { RULES } from './rules';
import type { SNode } from './syntax';
import type { Finding, LintOptions } from './types';

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
}

export interface Linter {
  /** Languages whose grammar (or reader) is loaded. */
  readonly languages: readonly LanguageId[];
  /** Lint a whole text. `languageOrFile` is a language id (ours or VS Code's) or a file name. Unsupported → []. */
  lint(text: string, languageOrFile: string, options?: LintOptions): Finding[];
  /** Open a document for incremental re-linting as it is edited. */
  openDocument(text: string, languageOrFile: string): LintDocument;
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
  const want = config.languages ?? LANGUAGE_IDS;
  const grammars = new Map<LanguageId, Language>();
  const byFile = new Map<string, Language>();
  for (const id of want) {
    const file = GRAMMAR_FILE[id];
    if (!file) continue;
    let lang = byFile.get(file);
    if (!lang) {
      const path = findFile(dirs, file);
      if (!path) throw new Error(`acklab lint: grammar ${file} for ${id} not found (searched ${dirs.slice(0, 4).join(', ')} …); pass wasmDir`);
      lang = await Language.load(readFileSync(path));
      byFile.set(file, lang);
    }
    grammars.set(id, lang);
  }
  return new TreeSitterLinter(grammars, want.filter((l) => grammars.has(l) || l === 'erlang' || l === 'lfe'), config.profiles ?? PROFILES);
}

/** Is the finding silenced by `acklab-disable-next-line [rule…]` on the line above (or `acklab-disable-line` on it)? */
function suppressed(lm: LineMap, f: Finding): boolean {
  const check = (line: number, directive: string) => {
    if (line < 0) return false;
    const t = lm.lineText(line);
    const i = t.indexOf(directive);
    if (i < 0) return false;
    const rest = t.slice(i + directive.length).replace(/(\*\/|-->|%>|\s*$)/g, '').trim();
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
    out.push(setting ? { ...f, severity: setting } : f);
  }
  return out.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.column - b.range.start.column || a.rule.localeCompare(b.rule));
}

function quickReject(text: string, profiles: Profile[]): boolean {
  // Nothing in the file can be a settle or a consume of any applicable profile.
  return !profiles.some((p) => p.consumes.some((c) => c.methods.some((m) => text.includes(m)) || c.shape.kind !== 'call' && c.shape.kind !== 'loop'));
}

class TreeSitterLinter implements Linter {
  private readonly parser = new Parser();
  private current: LanguageId | undefined;
  constructor(private readonly grammars: Map<LanguageId, Language>, readonly languages: LanguageId[], private readonly profiles: Profile[]) {}

  parserFor(lang: LanguageId): Parser {
    if (this.current !== lang) {
      this.parser.setLanguage(this.grammars.get(lang)!);
      this.current = lang;
    }
    return this.parser;
  }

  analyse(lang: LanguageId, text: string, root: () => { node: SNode; done(): void }, options?: LintOptions): Finding[] {
    const profiles = profilesFor(lang, text, this.profiles);
    if (!profiles.length || quickReject(text, profiles)) return [];
    const r = root();
    try {
      const lm = new LineMap(text);
      const raw = analyseTree(lang, text, r.node, profiles);
      return applyOptions(raw.map((f) => toFinding(f, lm, lang)), lm, options);
    } finally {
      r.done();
    }
  }

  lint(text: string, languageOrFile: string, options?: LintOptions): Finding[] {
    const lang = resolveLanguage(languageOrFile);
    if (!lang) return [];
    if (lang === 'erlang' || lang === 'lfe') {
      return this.analyse(lang, text, () => ({ node: lang === 'erlang' ? readErlang(text) : readLfe(text), done() {} }), options);
    }
    if (!this.grammars.has(lang)) throw new Error(`acklab lint: the ${lang} grammar is not loaded`);
    return this.analyse(lang, text, () => {
      const tree = this.parserFor(lang).parse(text);
      if (!tree) throw new Error('acklab lint: parse failed');
      return { node: tree.rootNode as unknown as SNode, done: () => tree.delete() };
    }, options);
  }

  openDocument(text: string, languageOrFile: string): LintDocument {
    return new Doc(this, text, resolveLanguage(languageOrFile));
  }

  dispose(): void {
    this.parser.delete();
  }
}

function pointAt(text: string, offset: number): { row: number; column: number } {
  let row = 0; let last = -1;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) { row++; last = i; }
  return { row, column: offset - last - 1 };
}

class Doc implements LintDocument {
  private tree: Tree | null = null;
  constructor(private readonly linter: TreeSitterLinter, public text: string, readonly language: LanguageId | undefined) {}

  private hasTree(): boolean {
    return !!this.language && this.language !== 'erlang' && this.language !== 'lfe' && this.linter.languages.includes(this.language);
  }

  applyEdit(startOffset: number, oldEndOffset: number, newText: string): void {
    const old = this.text;
    if (startOffset < 0 || oldEndOffset < startOffset || oldEndOffset > old.length) throw new RangeError(`bad edit [${startOffset}, ${oldEndOffset}) for a text of ${old.length}`);
    const next = old.slice(0, startOffset) + newText + old.slice(oldEndOffset);
    if (this.tree) {
      const newEnd = startOffset + newText.length;
      this.tree.edit(new Edit({
        startIndex: startOffset, oldEndIndex: oldEndOffset, newEndIndex: newEnd,
        startPosition: pointAt(old, startOffset), oldEndPosition: pointAt(old, oldEndOffset), newEndPosition: pointAt(next, newEnd),
      }));
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
    const lang = this.language;
    if (!lang) return [];
    if (!this.hasTree()) return this.linter.lint(this.text, lang, options);
    return this.linter.analyse(lang, this.text, () => {
      const t = this.linter.parserFor(lang).parse(this.text, this.tree);
      if (!t) throw new Error('acklab lint: parse failed');
      this.tree?.delete();
      this.tree = t;
      return { node: t.rootNode as unknown as SNode, done() {} };
    }, options);
  }

  dispose(): void {
    this.tree?.delete();
    this.tree = null;
  }
}

export { RULES };

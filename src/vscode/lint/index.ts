// The missing-ack linter inside VS Code: diagnostics on open and as you type (debounced, incremental
// re-parse through the engine's LintDocument), quick fixes precomputed by the engine, "Show in
// playground", and the Lint Workspace command. The analysis itself is src/lint (no vscode import).
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { createLinter, resolveLanguage, type Finding, type LanguageId, type Linter, type LintDocument, type LintResult, type RuleId } from '../../lint';
import { isRuleId } from '../../lint';
import { findingKey, indentOf, SCENARIO_FOR_RULE, suppressionLine } from './helpers';
import { showInPlaygroundTitle, showWorkspaceSummary } from './texts';
import { readLintSettings, type LintSettings } from '../../lint/settings';
import { registerCommands, type ErrorSink } from '../command';
import { lintWorkspace, type WorkspaceLintResult } from './workspace';

export const SOURCE = 'acklab';
/** The code of the diagnostic a skipped file gets (not a rule: nothing to configure or suppress). */
export const SKIPPED_CODE = 'skipped';
export const COMMAND_LINT_WORKSPACE = 'acklab.lint.workspace';
export const COMMAND_SHOW_IN_PLAYGROUND = 'acklab.lint.showInPlayground';
/** Not contributed (no palette entry): what the last lint of a document took, for tests and measurements. */
export const COMMAND_LAST_RUN = 'acklab.lint.lastRun';
/** The stepper's command that opens a scenario by name (src/vscode/stepperPanel.ts). */
const SCENARIO_COMMAND = 'acklab.scenario.run';

/** Files bigger than this are not linted (minified bundles, generated code). */
const MAX_TEXT_LENGTH = 2_000_000;
/** URI schemes of documents worth linting (not output channels, git views, …). */
const SCHEMES = new Set(['file', 'untitled', 'vscode-remote', 'vscode-vfs', 'vscode-userdata']);

export interface LastRun {
  uri: string;
  version: number;
  /** Milliseconds of the engine call (incremental parse + analysis). */
  ms: number;
  findings: number;
  /** Times since activation that the incremental copy of a document had to be rebuilt from its full text. */
  resyncs: number;
}

interface OpenDoc {
  ld: LintDocument;
  language: LanguageId;
  timer?: ReturnType<typeof setTimeout>;
}

interface FixEntry {
  version: number;
  byKey: Map<string, Finding>;
}

/** Wires the linter into VS Code. Everything it registers is disposed with the returned disposable. */
export function registerLint(context: vscode.ExtensionContext, errors: ErrorSink): vscode.Disposable {
  const service = new LintService(context.extensionUri, errors.log, errors);
  context.subscriptions.push(service);
  return service;
}

export class LintService implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection(SOURCE);
  private readonly disposables: vscode.Disposable[] = [this.collection];
  private readonly docs = new Map<string, OpenDoc>();
  private readonly fixes = new Map<string, FixEntry>();
  /** Files whose diagnostics came from Lint Workspace (kept, from disk, when their editor closes). */
  private readonly fromWorkspace = new Set<string>();
  private readonly docsTargets = new Map<RuleId, vscode.Uri>();
  private readonly shownErrors = new Set<string>();
  private settings: LintSettings;
  private linter: Linter | undefined;
  private linterReady: Promise<Linter | undefined> | undefined;
  private lastRun: LastRun | undefined;
  private resyncs = 0;
  private disposed = false;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly log: vscode.LogOutputChannel,
    errors: ErrorSink = { log },
  ) {
    this.settings = this.readSettings();
    if (this.settings.enable) void this.ensureLinter();

    const selector: vscode.DocumentSelector = [...SCHEMES].map((scheme) => ({ scheme }));
    this.disposables.push(
      vscode.workspace.onDidOpenTextDocument((d) => this.onOpen(d)),
      vscode.workspace.onDidChangeTextDocument((e) => this.onChange(e)),
      vscode.workspace.onDidCloseTextDocument((d) => this.onClose(d)),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('acklab.lint')) this.onSettings();
      }),
      vscode.languages.registerCodeActionsProvider(selector, this, { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] }),
      ...registerCommands(errors, {
        [COMMAND_LINT_WORKSPACE]: () => this.lintWorkspace(),
        [COMMAND_SHOW_IN_PLAYGROUND]: (scenario: unknown) => this.showInPlayground(scenario),
        [COMMAND_LAST_RUN]: () => this.lastRun,
      }),
    );
  }

  /** Loads the analyser (wasm runtime and grammars from the extension's install dir) once, when linting is on;
   *  then lints the open documents. */
  private ensureLinter(): Promise<Linter | undefined> {
    if (this.linterReady) return this.linterReady;
    const root = this.extensionUri.fsPath;
    const log = this.log;
    const t0 = performance.now();
    // Only the runtime now; each language's grammar loads when its first document shows up (ensureLanguage), so a
    // window that opens one Python file pays for one grammar, not ten (~13 MB of wasm).
    this.linterReady = createLinter({
      languages: [],
      runtimeWasm: existing(join(root, 'node_modules', 'web-tree-sitter', 'web-tree-sitter.wasm')),
      grammarDirs: [join(root, 'node_modules', '@vscode', 'tree-sitter-wasm', 'wasm'), join(root, 'node_modules', 'tree-sitter-elixir')],
    }).then(
      (linter) => {
        if (this.disposed) {
          linter.dispose();
          return undefined;
        }
        this.linter = linter;
        log.info(`Lint: analyser runtime ready in ${(performance.now() - t0).toFixed(0)} ms (grammars load with the first file of each language)`);
        this.lintAllOpen();
        return linter;
      },
      (err: unknown) => {
        const msg = err instanceof Error ? err.message : String(err);
        log.error(`Lint: the analyser failed to load: ${err instanceof Error ? (err.stack ?? msg) : msg}`);
        void vscode.window
          .showErrorMessage(vscode.l10n.t('AckLab: the missing-ack linter failed to load: {0}', msg), vscode.l10n.t('Show Log'))
          .then((a) => a && log.show());
        return undefined;
      },
    );
    return this.linterReady;
  }

  dispose(): void {
    if (this.disposed) return; // registerLint's caller may dispose it as well as context.subscriptions
    this.disposed = true;
    for (const st of this.docs.values()) {
      if (st.timer) clearTimeout(st.timer);
      st.ld.dispose();
    }
    this.docs.clear();
    this.fixes.clear();
    for (const d of this.disposables) d.dispose();
    this.linter?.dispose();
    this.linter = undefined;
  }

  // ---------------------------------------------------------------- settings

  private readSettings(): LintSettings {
    const cfg = vscode.workspace.getConfiguration('acklab.lint');
    const { settings, errors } = readLintSettings((k) => cfg.get(k));
    for (const e of errors) {
      this.log.error(`Settings: ${e}`);
      if (this.shownErrors.has(e)) continue; // say it once, not on every settings change
      this.shownErrors.add(e);
      void vscode.window
        .showErrorMessage(vscode.l10n.t('AckLab: {0}', e), vscode.l10n.t('Open Settings'))
        .then((a) => a && vscode.commands.executeCommand('workbench.action.openSettings', 'acklab.lint'));
    }
    return settings;
  }

  private onSettings(): void {
    const before = this.settings;
    this.settings = this.readSettings();
    if (!this.settings.enable) {
      this.clearAll();
      if (before.enable) this.log.info('Lint: disabled (acklab.lint.enable)');
      return;
    }
    if (!this.linter) {
      void this.ensureLinter(); // lints the open documents when it is ready
      return;
    }
    this.lintAllOpen();
    const ruleSettings = (x: LintSettings) => JSON.stringify([x.rules, x.options]);
    if (ruleSettings(before) !== ruleSettings(this.settings)) this.relintClosedFromDisk();
  }

  /** Re-lints the closed files of the last Lint Workspace (their findings follow acklab.lint.rules). */
  private relintClosedFromDisk(): void {
    for (const key of this.fromWorkspace) if (!this.docs.has(key)) this.lintFromDisk(vscode.Uri.parse(key));
  }

  /** Lints a closed file of the last Lint Workspace from disk (async; dropped if it is opened meanwhile). */
  private lintFromDisk(uri: vscode.Uri): void {
    const key = uri.toString();
    const language = resolveLanguage(uri.path);
    void Promise.all([readText(uri), language ? this.ensureLanguage(language) : false]).then(
      ([text]) => {
        if (this.docs.has(key) || !this.fromWorkspace.has(key) || !this.linter) return;
        try {
          this.publish(uri, -1, this.lintText(text, uri.path), undefined);
        } catch (err) {
          this.reportLintError(uri, err);
        }
      },
      () => {
        // gone from disk
        this.fromWorkspace.delete(key);
        this.collection.delete(uri);
      },
    );
  }

  private clearAll(): void {
    for (const st of this.docs.values()) {
      if (st.timer) clearTimeout(st.timer);
      st.ld.dispose();
    }
    this.docs.clear();
    this.fixes.clear();
    this.fromWorkspace.clear();
    this.collection.clear();
  }

  // ---------------------------------------------------------------- open documents

  /** The analyser's language for a document, or undefined when it is not lintable. */
  languageOf(d: vscode.TextDocument): LanguageId | undefined {
    if (!SCHEMES.has(d.uri.scheme) || !this.linter) return undefined;
    return resolveLanguage(d.languageId) ?? resolveLanguage(d.uri.path.slice(d.uri.path.lastIndexOf('/') + 1));
  }

  /** Loads a language's grammar once; false (logged once) when it cannot be loaded. */
  private async ensureLanguage(language: LanguageId): Promise<boolean> {
    const linter = this.linter;
    if (!linter) return false;
    if (linter.languages.includes(language)) return true;
    try {
      await linter.ensureLanguages([language]);
      return linter.languages.includes(language);
    } catch (err) {
      const msg = err instanceof Error ? err.message : String(err);
      if (!this.shownErrors.has(`grammar:${language}`)) {
        this.shownErrors.add(`grammar:${language}`);
        this.log.error(`Lint: the ${language} grammar failed to load: ${msg}`);
      }
      return false;
    }
  }

  private lintAllOpen(): void {
    for (const d of vscode.workspace.textDocuments) {
      const st = this.docs.get(d.uri.toString());
      if (st) this.lintNow(d, st);
      else this.onOpen(d);
    }
  }

  private onOpen(d: vscode.TextDocument): void {
    if (!this.settings.enable || !this.linter) return;
    const key = d.uri.toString();
    if (this.docs.has(key)) return;
    const language = this.languageOf(d);
    if (!language) return;
    if (!this.linter.languages.includes(language)) {
      void this.ensureLanguage(language).then((ok) => ok && !d.isClosed && this.onOpen(d));
      return;
    }
    const text = d.getText();
    if (text.length > MAX_TEXT_LENGTH) {
      this.publish(d.uri, d.version, { findings: [], skipped: tooLong(text.length) }, undefined);
      return;
    }
    const st: OpenDoc = { ld: this.linter.openDocument(text, language), language };
    this.docs.set(key, st);
    this.lintNow(d, st);
  }

  private onChange(e: vscode.TextDocumentChangeEvent): void {
    if (!e.contentChanges.length) return;
    const st = this.docs.get(e.document.uri.toString());
    if (!st) return;
    try {
      // Changes of one event apply in sequence, each against the text the previous one produced (that is how
      // the extension host applies them to its own copy), so the offsets stay valid one after the other.
      for (const c of e.contentChanges) st.ld.applyEdit(c.rangeOffset, c.rangeOffset + c.rangeLength, c.text);
    } catch (err) {
      this.log.warn(`Lint: incremental edit rejected (${err instanceof Error ? err.message : err}); resyncing`);
      this.resyncs++;
      st.ld.update(e.document.getText());
    }
    if (st.timer) clearTimeout(st.timer);
    const delay = this.settings.delayMs;
    st.timer = setTimeout(() => {
      st.timer = undefined;
      if (this.docs.get(e.document.uri.toString()) === st && !e.document.isClosed) this.lintNow(e.document, st);
    }, delay);
  }

  private onClose(d: vscode.TextDocument): void {
    const key = d.uri.toString();
    const st = this.docs.get(key);
    if (st) {
      if (st.timer) clearTimeout(st.timer);
      st.ld.dispose();
      this.docs.delete(key);
    }
    this.fixes.delete(key);
    if (this.fromWorkspace.has(key) && d.uri.scheme === 'file' && this.linter) {
      // it was part of the last Lint Workspace: show what is on disk again (the buffer may not have been saved)
      this.lintFromDisk(d.uri);
      return;
    }
    this.collection.delete(d.uri);
  }

  private lintNow(d: vscode.TextDocument, st: OpenDoc): void {
    if (st.timer) {
      clearTimeout(st.timer);
      st.timer = undefined;
    }
    try {
      const t0 = performance.now();
      // Safety net: the incremental copy must equal the buffer (a missed event would otherwise stick).
      const text = d.getText();
      if (st.ld.text !== text) {
        this.log.warn(`Lint: ${d.uri.toString()} was out of sync; resyncing`);
        this.resyncs++;
        st.ld.update(text);
      }
      const result = st.ld.lintFile({ rules: this.settings.rules, options: this.settings.options });
      const ms = performance.now() - t0;
      const findings = result.findings;
      this.lastRun = { uri: d.uri.toString(), version: d.version, ms, findings: findings.length, resyncs: this.resyncs };
      this.log.trace(`Lint: ${d.uri.toString()} v${d.version}: ${findings.length} finding(s) in ${ms.toFixed(2)} ms`);
      this.publish(d.uri, d.version, result, d);
    } catch (err) {
      this.reportLintError(d.uri, err);
    }
  }

  private reportLintError(uri: vscode.Uri, err: unknown): void {
    this.collection.delete(uri);
    this.fixes.delete(uri.toString());
    this.log.error(`Lint: ${uri.toString()} failed: ${err instanceof Error ? (err.stack ?? err.message) : err}`);
  }

  /** Lints text that is not open in an editor (Lint Workspace, closed files), or says why it was skipped. */
  lintText(text: string | TooBig, fileName: string): LintResult {
    if (typeof text !== 'string') return { findings: [], skipped: tooLong(text.chars) };
    const lang = resolveLanguage(fileName);
    if (!this.linter || !lang || !this.linter.languages.includes(lang)) return { findings: [] };
    return this.linter.lintFile(text, lang, { rules: this.settings.rules, options: this.settings.options });
  }

  /**
   * Sets a file's diagnostics; `doc` (open documents) also stores the fixes for the code action provider. A file
   * the lint skipped (over its bounds: untrusted workspaces may hold hostile files) gets one information-level
   * diagnostic on its first line saying why, so an empty Problems list is never mistaken for a clean file.
   */
  publish(uri: vscode.Uri, version: number, result: LintResult, doc: vscode.TextDocument | undefined): void {
    const { findings, skipped } = result;
    const key = uri.toString();
    if (skipped) this.log.info(`Lint: ${uri.toString()} skipped: ${skipped}`);
    if (doc) {
      const byKey = new Map<string, Finding>();
      for (const f of findings) byKey.set(findingKey(f.range, f.rule, f.message), f);
      this.fixes.set(key, { version, byKey });
    }
    const diagnostics = findings.map((f) => this.toDiagnostic(uri, f));
    if (skipped) diagnostics.push(skippedDiagnostic(skipped));
    this.collection.set(uri, diagnostics);
  }

  private toDiagnostic(uri: vscode.Uri, f: Finding): vscode.Diagnostic {
    const d = new vscode.Diagnostic(toRange(f.range), f.message, severity(f.severity));
    d.source = SOURCE;
    d.code = { value: f.rule, target: this.docsTarget(f) };
    if (f.handlerRange && !sameRange(f.handlerRange, f.range)) {
      d.relatedInformation = [
        new vscode.DiagnosticRelatedInformation(new vscode.Location(uri, toRange(f.handlerRange)), vscode.l10n.t('The {0} consume handler', f.library)),
      ];
    }
    return d;
  }

  /** The rule's page shipped with the extension (docs/rules/<id>.md) when present, else the engine's public URL. */
  private docsTarget(f: Finding): vscode.Uri {
    let u = this.docsTargets.get(f.rule);
    if (!u) {
      const local = vscode.Uri.joinPath(this.extensionUri, 'docs', 'rules', `${f.rule}.md`);
      u = existsSync(local.fsPath) ? local : vscode.Uri.parse(f.docs);
      this.docsTargets.set(f.rule, u);
    }
    return u;
  }

  // ---------------------------------------------------------------- code actions

  provideCodeActions(document: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const entry = this.fixes.get(document.uri.toString());
    const language = this.docs.get(document.uri.toString())?.language;
    const fixes: vscode.CodeAction[] = [];
    const others: vscode.CodeAction[] = [];
    const scenarios = new Set<string>();
    for (const diag of context.diagnostics) {
      if (diag.source !== SOURCE) continue;
      const rule = codeOf(diag);
      if (!rule) continue;
      // Fixes were computed for one version of the text; after an edit they wait for the next lint.
      const finding = entry && entry.version === document.version ? entry.byKey.get(findingKey(fromRange(diag.range), rule, diag.message)) : undefined;
      if (finding) {
        finding.fixes.forEach((fix, i) => {
          const action = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
          const edit = new vscode.WorkspaceEdit();
          for (const e of fix.edits)
            edit.replace(document.uri, new vscode.Range(document.positionAt(e.startOffset), document.positionAt(e.endOffset)), e.newText);
          action.edit = edit;
          action.diagnostics = [diag];
          // preferred (auto-fixable) only when the engine offers exactly one fix: then there is no choice to make
          action.isPreferred = finding.fixes.length === 1 && i === 0;
          fixes.push(action);
        });
      }
      if (language) {
        const line = diag.range.start.line;
        const action = new vscode.CodeAction(vscode.l10n.t('Disable {0} for this line', rule), vscode.CodeActionKind.QuickFix);
        const edit = new vscode.WorkspaceEdit();
        edit.insert(document.uri, new vscode.Position(line, 0), suppressionLine(language, indentOf(document.lineAt(line).text), rule) + eol(document));
        action.edit = edit;
        action.diagnostics = [diag];
        others.push(action);
      }
      const s = SCENARIO_FOR_RULE[rule];
      if (!scenarios.has(s.scenario)) {
        scenarios.add(s.scenario);
        const title = showInPlaygroundTitle(rule);
        const action = new vscode.CodeAction(title, vscode.CodeActionKind.QuickFix);
        action.command = { command: COMMAND_SHOW_IN_PLAYGROUND, title, arguments: [s.scenario] };
        action.diagnostics = [diag];
        others.push(action);
      }
    }
    return [...fixes, ...others];
  }

  private async showInPlayground(scenario: unknown): Promise<boolean> {
    if (typeof scenario !== 'string' || !scenario) throw new Error('acklab.lint.showInPlayground needs a scenario name');
    await vscode.commands.executeCommand(SCENARIO_COMMAND, scenario);
    return true;
  }

  // ---------------------------------------------------------------- Lint Workspace

  private workspaceRun: Promise<WorkspaceLintResult | undefined> | undefined;

  /** One run at a time: invoking the command during a run joins it. */
  private lintWorkspace(): Promise<WorkspaceLintResult | undefined> {
    this.workspaceRun ??= this.runLintWorkspace().finally(() => (this.workspaceRun = undefined));
    return this.workspaceRun;
  }

  private async runLintWorkspace(): Promise<WorkspaceLintResult | undefined> {
    if (!this.settings.enable) {
      void vscode.window
        .showWarningMessage(vscode.l10n.t('AckLab: linting is turned off (acklab.lint.enable).'), vscode.l10n.t('Open Settings'))
        .then((a) => a && vscode.commands.executeCommand('workbench.action.openSettings', 'acklab.lint'));
      return undefined;
    }
    if (!vscode.workspace.workspaceFolders?.length) {
      void vscode.window.showInformationMessage(vscode.l10n.t('AckLab: open a folder to lint its files; open files are linted as you type.'));
      return undefined;
    }
    const linter = await this.ensureLinter();
    if (!linter) {
      void vscode.window.showErrorMessage(vscode.l10n.t('AckLab: the missing-ack linter could not be loaded (see the AckLab log).'));
      return undefined;
    }
    const timing = { readMs: 0, lintMs: 0, publishMs: 0 };
    const result = await lintWorkspace({
      log: this.log,
      lintFile: async (uri) => {
        const key = uri.toString();
        const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === key);
        const st = open && this.docs.get(key);
        if (open && st) {
          // the editor's buffer (maybe unsaved) wins over the disk
          this.lintNow(open, st);
          this.fromWorkspace.add(key);
          return this.fixes.get(key)?.byKey.size ?? 0;
        }
        let result: LintResult;
        try {
          const language = resolveLanguage(uri.path);
          if (language) await this.ensureLanguage(language);
          const t0 = performance.now();
          const text = await readText(uri);
          const t1 = performance.now();
          timing.readMs += t1 - t0;
          result = this.lintText(text, uri.path);
          timing.lintMs += performance.now() - t1;
        } catch (err) {
          this.reportLintError(uri, err);
          return 0;
        }
        const t2 = performance.now();
        this.publish(uri, -1, result, undefined);
        timing.publishMs += performance.now() - t2;
        this.fromWorkspace.add(key);
        return result.findings.length;
      },
      forget: (seen) => {
        // results of an earlier run for files that are gone or now excluded
        for (const key of [...this.fromWorkspace]) {
          if (seen.has(key) || this.docs.has(key)) continue;
          this.fromWorkspace.delete(key);
          this.collection.delete(vscode.Uri.parse(key));
        }
      },
    });
    this.log.info(
      `Lint workspace: ${result.findings} finding(s) in ${result.filesWithFindings} of ${result.files} file(s)${result.cancelled ? ' (cancelled)' : ''}. ${result.ms.toFixed(0)} ms (reading ${timing.readMs.toFixed(0)} ms, linting ${timing.lintMs.toFixed(0)} ms, diagnostics ${timing.publishMs.toFixed(0)} ms)`,
    );
    Object.assign(result, timing);
    showWorkspaceSummary(result);
    return result;
  }
}

// ---------------------------------------------------------------- conversions

/**
 * A file's text ('' when it is too big to lint). `file` URIs are read straight from the disk, synchronously (the
 * extension host runs where the files are; workspace.fs costs a round trip to the workbench per file, ~20 ms in
 * code-server, and fs/promises a thread-pool hop, ~3 ms on a busy machine, against ~0.1 ms for a small file read
 * synchronously; the Lint Workspace loop yields every 15 ms anyway). Other schemes go through workspace.fs.
 */
async function readText(uri: vscode.Uri): Promise<string | TooBig> {
  let bytes: Uint8Array;
  if (uri.scheme === 'file') {
    const size = statSync(uri.fsPath).size;
    if (size > MAX_TEXT_LENGTH * 3) return { chars: size }; // UTF-8: at most 3 bytes per UTF-16 unit
    bytes = readFileSync(uri.fsPath);
  } else {
    bytes = await vscode.workspace.fs.readFile(uri);
  }
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
  return text.length > MAX_TEXT_LENGTH ? { chars: text.length } : text;
}

/** A file too big to read for linting: its size (characters, or bytes when it was not read). */
interface TooBig {
  chars: number;
}

function tooLong(chars: number): string {
  return vscode.l10n.t('file is {0} characters, over the {1} limit', chars.toLocaleString('en-US'), MAX_TEXT_LENGTH.toLocaleString('en-US'));
}

/** The one diagnostic of a skipped file: where the user looks for findings, saying why there are none. */
function skippedDiagnostic(reason: string): vscode.Diagnostic {
  const d = new vscode.Diagnostic(
    new vscode.Range(0, 0, 0, 0),
    vscode.l10n.t('AckLab did not lint this file: {0}.', reason),
    vscode.DiagnosticSeverity.Information,
  );
  d.source = SOURCE;
  d.code = SKIPPED_CODE;
  return d;
}

function existing(p: string): string | undefined {
  return existsSync(p) ? p : undefined;
}

function toRange(r: Finding['range']): vscode.Range {
  return new vscode.Range(r.start.line, r.start.column, r.end.line, r.end.column);
}

function fromRange(r: vscode.Range): Finding['range'] {
  return { start: { line: r.start.line, column: r.start.character }, end: { line: r.end.line, column: r.end.character } };
}

function sameRange(a: Finding['range'], b: Finding['range']): boolean {
  return a.start.line === b.start.line && a.start.column === b.start.column && a.end.line === b.end.line && a.end.column === b.end.column;
}

function severity(s: Finding['severity']): vscode.DiagnosticSeverity {
  return s === 'error' ? vscode.DiagnosticSeverity.Error : s === 'warning' ? vscode.DiagnosticSeverity.Warning : vscode.DiagnosticSeverity.Information;
}

function codeOf(d: vscode.Diagnostic): RuleId | undefined {
  const c = d.code;
  const v = typeof c === 'object' && c !== null ? c.value : c;
  return typeof v === 'string' && isRuleId(v) ? v : undefined;
}

function eol(d: vscode.TextDocument): string {
  return d.eol === vscode.EndOfLine.CRLF ? '\r\n' : '\n';
}

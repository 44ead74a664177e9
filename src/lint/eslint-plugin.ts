// ESLint plugin (flat config): the same tree-sitter engine, reporting the same rules on JS/TS files.
//
//   // eslint.config.mjs
//   import acklab from 'acklab/eslint';
//   await acklab.ready;                    // optional: loads the wasm parser up front
//   export default [acklab.configs.recommended];
//
// ESLint rules are synchronous but loading WebAssembly is not. When `ready` has resolved, linting runs in-process.
// Before that (a config that does not await it), each file is linted synchronously by a worker thread that owns its
// own engine: the rule posts the text and blocks on Atomics.wait until the worker answers (the approach of synckit).
import { isMainThread, MessageChannel, receiveMessageOnPort, Worker, workerData, type MessagePort } from 'node:worker_threads';
import { parser } from './eslint-parser';
import { createLinter, type Linter } from './linter';
import { ruleDocUrl } from './links';
import { eslintRuleSchema, optionsKey, optionsNamedIn } from './ruleOptions';
import { RULE_IDS, RULES } from './rules';
import type { Finding, RuleId, RuleOptions } from './types';
import { version } from '../../package.json';

let linter: Linter | undefined;
let initError: unknown;

/** Resolves when the in-process engine is loaded. */
const ready: Promise<void> = createLinter({ languages: ['javascript', 'typescript', 'tsx'] }).then(
  (l) => {
    linter = l;
  },
  (err) => {
    initError = err;
  },
);

interface WorkerRequest {
  text: string;
  file: string;
  options?: RuleOptions;
}
interface WorkerReply {
  findings?: Finding[];
  error?: string;
}

class SyncBridge {
  private readonly worker: Worker;
  private readonly port: MessagePort;
  private readonly signal = new Int32Array(new SharedArrayBuffer(4));

  constructor(file: string) {
    const { port1, port2 } = new MessageChannel();
    this.worker = new Worker(file, { workerData: { acklabLintWorker: true, port: port2, signal: this.signal }, transferList: [port2] });
    this.worker.unref();
    this.port = port1;
  }

  lint(text: string, file: string, options?: RuleOptions): Finding[] {
    Atomics.store(this.signal, 0, 0);
    this.port.postMessage({ text, file, options } satisfies WorkerRequest);
    if (Atomics.wait(this.signal, 0, 0, 60_000) === 'timed-out') throw new Error('acklab/eslint: the lint worker did not answer within 60 s');
    const msg = receiveMessageOnPort(this.port)?.message as WorkerReply | undefined;
    if (!msg) throw new Error('acklab/eslint: no reply from the lint worker');
    if (msg.error) throw new Error(`acklab/eslint: ${msg.error}`);
    return msg.findings ?? [];
  }
}

let bridge: SyncBridge | undefined;

if (!isMainThread && (workerData as { acklabLintWorker?: boolean } | undefined)?.acklabLintWorker) {
  const { port, signal } = workerData as { port: MessagePort; signal: Int32Array };
  port.on('message', (req: WorkerRequest) => {
    void ready.then(() => {
      let reply: WorkerReply;
      try {
        if (!linter) throw initError instanceof Error ? initError : new Error(String(initError));
        reply = { findings: lintWith(linter, req.text, req.file, req.options) };
      } catch (err) {
        reply = { error: err instanceof Error ? err.message : String(err) };
      }
      port.postMessage(reply);
      Atomics.store(signal, 0, 1);
      Atomics.notify(signal, 0);
    });
  });
}

function languageFor(filename: string): string {
  if (/\.(c|m)?jsx?$/i.test(filename)) return filename;
  if (/\.(c|m)?ts$/i.test(filename)) return filename;
  if (/\.tsx$/i.test(filename)) return filename;
  return 'tsx'; // <input>, .vue, …: the TSX grammar reads plain JS and TS
}

/** Findings for one file, computed once per set of rule options and shared by every rule with those options (keyed
 *  by ESLint's SourceCode object, then by the options). */
const cache = new WeakMap<object, Map<string, Finding[]>>();

/** Every rule's findings when every rule is given `options` (ESLint validated them against each rule's schema). */
function lintWith(l: Linter, text: string, file: string, options: RuleOptions | undefined): Finding[] {
  return l.lint(text, file, options ? { options: Object.fromEntries(RULE_IDS.map((id) => [id, options])) } : undefined);
}

/** Synchronous lint used by the rules; `options` are the rule's (ESLint's `context.options[0]`). */
function lintForEslint(text: string, filename: string, options?: RuleOptions): Finding[] {
  if (linter) return lintWith(linter, text, languageFor(filename), options);
  if (initError) throw initError instanceof Error ? initError : new Error(String(initError));
  bridge ??= new SyncBridge(__filename);
  return bridge.lint(text, languageFor(filename), options);
}

interface EslintContext {
  sourceCode: { text: string };
  filename: string;
  options: unknown[];
  report(d: unknown): void;
}

function makeRule(id: RuleId) {
  return {
    meta: {
      type: 'problem' as const,
      docs: { description: RULES[id].summary, ...(ruleDocUrl(id) ? { url: ruleDocUrl(id) } : {}), recommended: true },
      hasSuggestions: true,
      messages: { [id]: '{{message}}', fix: '{{title}}' },
      schema: eslintRuleSchema(id),
    },
    create(context: EslintContext) {
      return {
        'Program:exit'() {
          const src = context.sourceCode;
          const options = context.options[0] as RuleOptions | undefined;
          const key = options && optionsNamedIn(src.text, options) ? optionsKey(options) : '';
          let byOptions = cache.get(src);
          if (!byOptions) cache.set(src, (byOptions = new Map()));
          let findings = byOptions.get(key);
          if (!findings) {
            findings = lintForEslint(src.text, context.filename, key ? options : undefined);
            byOptions.set(key, findings);
          }
          for (const f of findings) {
            if (f.rule !== id) continue;
            context.report({
              loc: { start: { line: f.range.start.line + 1, column: f.range.start.column }, end: { line: f.range.end.line + 1, column: f.range.end.column } },
              messageId: id,
              data: { message: f.message },
              suggest: f.fixes.map((fx) => ({
                messageId: 'fix',
                data: { title: fx.title },
                fix: (fixer: { replaceTextRange(r: [number, number], t: string): unknown }) =>
                  fx.edits.map((e) => fixer.replaceTextRange([e.startOffset, e.endOffset], e.newText)),
              })),
            });
          }
        },
      };
    },
  };
}

const rules = Object.fromEntries(RULE_IDS.map((id) => [id, makeRule(id)]));

const plugin = {
  meta: { name: 'acklab', version },
  rules,
  configs: {} as Record<string, unknown>,
  /** Await in eslint.config.mjs to load the engine in-process (otherwise a worker thread is used). */
  ready,
  /** The synchronous lint behind the rules (exposed for tests and tools). */
  lintForEslint,
};

// One object (flat config takes no nested arrays) for JavaScript and TypeScript files; its parser gives
// JavaScript to espree and TypeScript to @typescript-eslint/parser or a plain-text reader (see eslint-parser.ts).
plugin.configs.recommended = {
  name: 'acklab/recommended',
  files: ['**/*.{js,mjs,cjs,jsx,ts,mts,cts,tsx}'],
  plugins: { acklab: plugin },
  languageOptions: { parser },
  rules: Object.fromEntries(RULE_IDS.map((id) => [`acklab/${id}`, RULES[id].severity === 'error' ? 'error' : 'warn'])),
};

// CommonJS export: `require('acklab/eslint')` and `import acklab from 'acklab/eslint'` both give the plugin.
export = plugin;

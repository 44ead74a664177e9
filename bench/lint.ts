// `npm run bench:lint`: speed of the missing-ack analyser.
//  1. A generated corpus of 2,000 files (~50 MB) across every language: `acklab lint` (the built CLI, one process)
//     files/s and MB/s.
//  2. Editor path: re-lint of a 2,000-line file after a one-character edit (incremental parse), p50/p95, against a
//     full re-parse of the same text.
//  3. Side by side on the JS/TS part of the corpus, in one run: ESLint with only our rules, ESLint with a no-op rule
//     (ESLint's parse-and-traverse floor), and our CLI. Ratios are the figures to trust on a noisy machine.
// Seeds are the labelled corpus files (test/lint-corpus), padded with ordinary code to realistic sizes.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { extname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createLinter } from '../src/lint/index';
import plugin from '../src/lint/eslint-plugin';

const ROOT = process.cwd();
const FILES = Number(process.env.ACKLAB_BENCH_FILES ?? 2000);
const TARGET_BYTES = Number(process.env.ACKLAB_BENCH_MB ?? 50) * 1024 * 1024;
/** `ACKLAB_BENCH_ONLY=editor` runs only section 2 (the editor re-lint), `ACKLAB_BENCH_ONLY=startup` only section 0
 *  (CLI start-up and the labelled corpora); each takes seconds instead of minutes. */
const ONLY = process.env.ACKLAB_BENCH_ONLY ?? '';

/** Ordinary code appended to a seed, per extension (valid syntax at top level). */
function filler(ext: string, i: number): string {
  switch (ext) {
    case '.js':
    case '.mjs':
    case '.cjs':
      return `\nfunction helper${i}(items, limit) {\n  const out = [];\n  for (const item of items) {\n    if (item.size > limit) { out.push({ id: item.id, size: item.size * 2 }); } else if (item.size === 0) { continue; }\n    else { out.push(normalise(item, { limit, index: ${i} })); }\n  }\n  return out.sort((a, b) => a.size - b.size).slice(0, limit);\n}\n`;
    case '.ts':
    case '.tsx':
      return `\nexport function helper${i}(items: Array<{ id: string; size: number }>, limit: number): Array<{ id: string; size: number }> {\n  const out: Array<{ id: string; size: number }> = [];\n  for (const item of items) {\n    if (item.size > limit) { out.push({ id: item.id, size: item.size * 2 }); } else if (item.size === 0) { continue; }\n    else { out.push({ ...item, size: Math.min(item.size, limit + ${i}) }); }\n  }\n  return out.sort((a, b) => a.size - b.size).slice(0, limit);\n}\n`;
    case '.py':
      return `\n\ndef helper_${i}(items, limit):\n    out = []\n    for item in items:\n        if item["size"] > limit:\n            out.append({"id": item["id"], "size": item["size"] * 2})\n        elif item["size"] == 0:\n            continue\n        else:\n            out.append(normalise(item, limit=limit, index=${i}))\n    return sorted(out, key=lambda x: x["size"])[:limit]\n`;
    case '.go':
      return `\nfunc helper${i}(items []Item, limit int) []Item {\n\tout := make([]Item, 0, len(items))\n\tfor _, it := range items {\n\t\tif it.Size > limit {\n\t\t\tout = append(out, Item{ID: it.ID, Size: it.Size * 2})\n\t\t} else if it.Size == 0 {\n\t\t\tcontinue\n\t\t} else {\n\t\t\tout = append(out, normalise(it, limit, ${i}))\n\t\t}\n\t}\n\treturn out\n}\n`;
    case '.java':
      return `\nclass Helper${i} {\n  static java.util.List<Integer> run(java.util.List<Integer> items, int limit) {\n    java.util.List<Integer> out = new java.util.ArrayList<>();\n    for (int it : items) {\n      if (it > limit) { out.add(it * 2); } else if (it == 0) { continue; } else { out.add(Math.min(it, limit + ${i})); }\n    }\n    java.util.Collections.sort(out);\n    return out;\n  }\n}\n`;
    case '.cs':
      return `\nclass Helper${i}\n{\n    static List<int> Run(List<int> items, int limit)\n    {\n        var output = new List<int>();\n        foreach (var it in items)\n        {\n            if (it > limit) { output.Add(it * 2); } else if (it == 0) { continue; } else { output.Add(Math.Min(it, limit + ${i})); }\n        }\n        output.Sort();\n        return output;\n    }\n}\n`;
    case '.rb':
      return `\ndef helper_${i}(items, limit)\n  out = []\n  items.each do |item|\n    if item[:size] > limit\n      out << { id: item[:id], size: item[:size] * 2 }\n    elsif item[:size].zero?\n      next\n    else\n      out << normalise(item, limit: limit, index: ${i})\n    end\n  end\n  out.sort_by { |x| x[:size] }.first(limit)\nend\n`;
    case '.php':
      return `\nfunction helper${i}(array $items, int $limit): array {\n  $out = [];\n  foreach ($items as $item) {\n    if ($item['size'] > $limit) { $out[] = ['id' => $item['id'], 'size' => $item['size'] * 2]; } elseif ($item['size'] === 0) { continue; }\n    else { $out[] = normalise($item, $limit, ${i}); }\n  }\n  usort($out, fn($a, $b) => $a['size'] <=> $b['size']);\n  return array_slice($out, 0, $limit);\n}\n`;
    case '.ex':
    case '.exs':
      return `\ndefmodule Helper${i} do\n  def run(items, limit) do\n    items\n    |> Enum.reject(fn item -> item.size == 0 end)\n    |> Enum.map(fn item -> if item.size > limit, do: %{item | size: item.size * 2}, else: normalise(item, limit, ${i}) end)\n    |> Enum.sort_by(& &1.size)\n    |> Enum.take(limit)\n  end\nend\n`;
    case '.erl':
      return `\nhelper_${i}(Items, Limit) ->\n    Out = [case Size > Limit of true -> {Id, Size * 2}; false -> normalise({Id, Size}, Limit, ${i}) end || {Id, Size} <- Items, Size =/= 0],\n    lists:sublist(lists:keysort(2, Out), Limit).\n`;
    case '.lfe':
      return `\n(defun helper-${i} (items limit)\n  (let ((out (lists:filtermap (lambda (item) (if (> (size item) limit) (tuple 'true (* 2 (size item))) (tuple 'true (normalise item limit ${i})))) items)))\n    (lists:sublist (lists:sort out) limit)))\n`;
    default:
      return '';
  }
}

function listSeeds(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir)) {
    const p = join(dir, e);
    if (statSync(p).isDirectory()) out.push(...listSeeds(p));
    else if (filler(extname(e), 0)) out.push(p);
  }
  return out.sort();
}

/** Deterministic pseudo-random numbers (xorshift). */
function rng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 0x100000000;
  };
}

function generateCorpus(dir: string): { files: string[]; bytes: number; jsTs: string[]; jsTsBytes: number } {
  const seeds = listSeeds(join(ROOT, 'test', 'lint-corpus'));
  if (!seeds.length) throw new Error('no seed files in test/lint-corpus');
  const rand = rng(42);
  const mean = TARGET_BYTES / FILES;
  const files: string[] = [];
  const jsTs: string[] = [];
  let bytes = 0;
  let jsTsBytes = 0;
  for (let i = 0; i < FILES; i++) {
    const seed = seeds[i % seeds.length];
    const ext = extname(seed);
    const size = Math.round(mean * (0.2 + 1.6 * rand()));
    let text = readFileSync(seed, 'utf8');
    for (let k = 0; text.length < size; k++) text += filler(ext, k);
    const sub = join(dir, String(i % 20));
    mkdirSync(sub, { recursive: true });
    const file = join(sub, `f${i}${ext}`);
    writeFileSync(file, text);
    files.push(file);
    bytes += Buffer.byteLength(text);
    if (/\.(m|c)?[jt]sx?$/.test(ext)) {
      jsTs.push(file);
      jsTsBytes += Buffer.byteLength(text);
    }
  }
  return { files, bytes, jsTs, jsTsBytes };
}

function runCli(args: string[]): { ms: number; findings: number } {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [join(ROOT, 'dist', 'cli.js'), 'lint', ...args, '--format', 'json'], { encoding: 'utf8', maxBuffer: 1 << 30 });
  const ms = performance.now() - t0;
  if (r.status !== 0 && r.status !== 1) throw new Error(`acklab lint exited ${r.status}: ${r.stderr}`);
  return { ms, findings: JSON.parse(r.stdout).summary.findings };
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};
const f1 = (x: number) => x.toFixed(1);

/** 2. Incremental re-lint in the editor path. */
async function editorBench(linter: Awaited<ReturnType<typeof createLinter>>): Promise<void> {
  console.log(
    `## Re-lint after a one-character edit (2,000-line file)\n| file | incremental p50 | incremental p95 | full re-parse p50 | full p95 | ratio p95 full/incremental |\n|---|---|---|---|---|---|`,
  );
  for (const seedName of ['javascript/amqplib', 'python/pika', 'go/amqp091-go', 'python/pika, one class']) {
    const oneClass = seedName.endsWith(', one class');
    const seed = listSeeds(join(ROOT, 'test', 'lint-corpus', seedName.replace(', one class', '')))[0];
    const ext = extname(seed);
    let text = readFileSync(seed, 'utf8');
    if (oneClass) {
      // A class-based consumer: the seed, then ONE class whose methods (the Python filler, indented) fill the file
      // to 2,000 lines, so the class is a single top-level statement of ~1,950 lines.
      text += '\n\nclass Consumer:\n    """Many methods."""\n';
      const method = (k: number) =>
        filler(ext, k)
          .replace(/^\n+/, '\n')
          .replace(/\n(?=.)/g, '\n    ')
          .replace('(items, limit)', '(self, items, limit)');
      for (let k = 0; text.split('\n').length + method(k).split('\n').length - 1 <= 2000; k++) text += method(k);
    }
    for (let k = 0; text.split('\n').length < 2000; k++) text += oneClass ? '\n' : filler(ext, k);
    text = text.split('\n').slice(0, 2000).join('\n') + '\n';
    const doc = linter.openDocument(text, seed);
    doc.lint();
    const rand = rng(7);
    const inc: number[] = [];
    const full: number[] = [];
    // Each step types one character at a random place and deletes it again (two one-character edits), so the
    // file is back to its valid state afterwards instead of filling up with syntax errors.
    let pos = 0;
    for (let i = 0; i < 300; i++) {
      if (i % 2 === 0) pos = Math.floor(rand() * doc.text.length);
      const t0 = performance.now();
      if (i % 2 === 0) doc.applyEdit(pos, pos, 'x');
      else doc.applyEdit(pos, pos + 1, '');
      doc.lint();
      inc.push(performance.now() - t0);
      const t1 = performance.now();
      linter.lint(doc.text, seed);
      full.push(performance.now() - t1);
    }
    doc.dispose();
    console.log(
      `| ${seedName} (${ext}) | ${pct(inc, 50).toFixed(2)} ms | ${pct(inc, 95).toFixed(2)} ms | ${pct(full, 50).toFixed(2)} ms | ${pct(full, 95).toFixed(2)} ms | ${(pct(full, 95) / pct(inc, 95)).toFixed(1)}× |`,
    );
  }
  console.log('');
}

/** Wall time of a child process, in ms. */
function timeChild(args: string[]): number {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 1 << 30 });
  const ms = performance.now() - t0;
  if (r.status !== 0 && r.status !== 1) throw new Error(`${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return ms;
}

/** 0. Start-up: one small file through the CLI, against Node's own start and against loading every grammar (the
 *  CLI's behaviour before it loaded only the grammars its files need); runs interleaved, medians. Then the CLI on
 *  the labelled corpora (the project's own, and the real-code one when fetched into .cache/lint-real). */
function startupBench(): void {
  const dir = mkdtempSync(join(tmpdir(), 'acklab-lint-startup-'));
  try {
    const small = join(dir, 'worker.js');
    writeFileSync(small, "const amqp = require('amqplib');\nch.consume('q', (msg) => {\n  work(msg);\n  ch.ack(msg);\n});\n");
    const runs: Record<'node' | 'cli' | 'needed' | 'all', number[]> = { node: [], cli: [], needed: [], all: [] };
    const child = join(ROOT, 'dist', 'bench', 'lint-startup.js');
    for (let i = 0; i < 8; i++) {
      runs.node.push(timeChild(['-e', '']));
      runs.cli.push(timeChild([join(ROOT, 'dist', 'cli.js'), 'lint', small]));
      runs.needed.push(timeChild([child, 'needed', small]));
      runs.all.push(timeChild([child, 'all', small]));
    }
    const p50 = (k: keyof typeof runs) => pct(runs[k], 50);
    console.log(`## Start-up: one small file (medians of 8 interleaved runs)\n| run | wall time |\n|---|---|`);
    console.log(`| node -e '' (Node's own start) | ${p50('node').toFixed(0)} ms |`);
    console.log(`| acklab lint worker.js (CLI, grammars the files need) | ${p50('cli').toFixed(0)} ms |`);
    console.log(`| linter with only the JavaScript grammar, one lint | ${p50('needed').toFixed(0)} ms |`);
    console.log(`| linter with every grammar (before), one lint | ${p50('all').toFixed(0)} ms |`);
    console.log(
      `\nratio every grammar / needed grammar = ${(p50('all') / p50('needed')).toFixed(2)}×; CLI minus Node's start = ${(p50('cli') - p50('node')).toFixed(0)} ms\n`,
    );
    for (const [name, path] of [
      ['project corpus (test/lint-corpus)', join(ROOT, 'test', 'lint-corpus')],
      ['real-code corpus (.cache/lint-real)', join(ROOT, '.cache', 'lint-real')],
    ] as const) {
      if (!existsSync(path)) continue;
      const ms = [runCli([path]).ms, runCli([path]).ms];
      console.log(`| CLI on the ${name} | ${f1(Math.min(...ms) / 1000)} s (best of 2) |`);
    }
    console.log('');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  console.log(
    `# lint bench — ${new Date().toISOString().slice(0, 10)}, ${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, load ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  );
  if (ONLY !== 'editor') startupBench();
  if (ONLY === 'startup') return;
  if (ONLY === 'editor') {
    const linter = await createLinter();
    await editorBench(linter);
    linter.dispose();
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'acklab-lint-bench-'));
  try {
    const corpus = generateCorpus(dir);
    const mb = corpus.bytes / 2 ** 20;
    console.log(`corpus: ${corpus.files.length} files, ${f1(mb)} MB (JS/TS part: ${corpus.jsTs.length} files, ${f1(corpus.jsTsBytes / 2 ** 20)} MB)\n`);

    // 1. CLI on the whole corpus (best of 2 runs; includes process start and wasm load).
    const cliRuns = [runCli([dir]), runCli([dir])];
    const cli = cliRuns.reduce((a, b) => (a.ms < b.ms ? a : b));
    console.log(`## CLI, whole corpus\n| metric | value |\n|---|---|`);
    console.log(
      `| wall time (best of 2) | ${f1(cli.ms / 1000)} s |\n| files/s | ${Math.round(corpus.files.length / (cli.ms / 1000))} |\n| MB/s | ${f1(mb / (cli.ms / 1000))} |\n| findings | ${cli.findings} |\n`,
    );

    // 2. Incremental re-lint in the editor path.
    const linter = await createLinter();
    await editorBench(linter);

    // 3. ESLint vs our CLI on the JS/TS part, side by side.
    const req = createRequire(join(ROOT, 'package.json'));
    const { ESLint } = req('eslint');
    const tsParser = req('typescript-eslint').parser;
    await plugin.ready;
    const base = [
      { files: ['**/*.ts', '**/*.tsx', '**/*.mts', '**/*.cts'], languageOptions: { parser: tsParser } },
      { files: ['**/*.js', '**/*.mjs', '**/*.cjs'], languageOptions: { ecmaVersion: 'latest', sourceType: 'module' } },
    ];
    const ours = [
      ...base,
      { files: ['**/*'], plugins: { acklab: plugin }, rules: Object.fromEntries(Object.keys(plugin.rules).map((r) => [`acklab/${r}`, 'error'])) },
    ];
    const noop = [
      ...base,
      { files: ['**/*'], plugins: { noop: { rules: { noop: { meta: { schema: [] }, create: () => ({}) } } } }, rules: { 'noop/noop': 'error' } },
    ];
    const eslintRun = async (config: unknown[]) => {
      const eslint = new ESLint({ cwd: dir, overrideConfigFile: true, overrideConfig: config, cache: false });
      const t0 = performance.now();
      const results = await eslint.lintFiles(corpus.jsTs);
      const ms = performance.now() - t0;
      return { ms, messages: results.reduce((n: number, r: { messages: unknown[] }) => n + r.messages.length, 0) };
    };
    const listFile = corpus.jsTs;
    const rounds: { noop: number; ours: number; cli: number }[] = [];
    for (let round = 0; round < 2; round++) {
      const order = round === 0 ? ['noop', 'ours', 'cli'] : ['cli', 'ours', 'noop'];
      const r = { noop: 0, ours: 0, cli: 0 };
      for (const k of order) {
        if (k === 'noop') r.noop = (await eslintRun(noop)).ms;
        else if (k === 'ours') r.ours = (await eslintRun(ours)).ms;
        else r.cli = runCli(listFile).ms;
      }
      rounds.push(r);
      console.log(`round ${round + 1}: ESLint no-op ${f1(r.noop / 1000)} s, ESLint + acklab ${f1(r.ours / 1000)} s, acklab CLI ${f1(r.cli / 1000)} s`);
    }
    const avg = (k: 'noop' | 'ours' | 'cli') => rounds.reduce((s, r) => s + r[k], 0) / rounds.length;
    const jsMb = corpus.jsTsBytes / 2 ** 20;
    console.log(`## JS/TS part (${corpus.jsTs.length} files, ${f1(jsMb)} MB), mean of 2 rounds in alternating order`);
    console.log(`| run | time | MB/s |\n|---|---|---|`);
    console.log(`| ESLint, no-op rule (parse + traverse) | ${f1(avg('noop') / 1000)} s | ${f1(jsMb / (avg('noop') / 1000))} |`);
    console.log(`| ESLint, only the acklab rules | ${f1(avg('ours') / 1000)} s | ${f1(jsMb / (avg('ours') / 1000))} |`);
    console.log(`| acklab lint CLI (own process, wasm load included) | ${f1(avg('cli') / 1000)} s | ${f1(jsMb / (avg('cli') / 1000))} |`);
    console.log(
      `\nratios: ESLint+acklab / ESLint no-op = ${(avg('ours') / avg('noop')).toFixed(2)}×; acklab CLI / ESLint no-op = ${(avg('cli') / avg('noop')).toFixed(2)}× (below 1 = the CLI beats ESLint's parse-only time)`,
    );
    linter.dispose();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);

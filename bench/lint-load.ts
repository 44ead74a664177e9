// What the extension pays when a window opens one JavaScript file: the analyser with every grammar loaded up front
// (how the extension started it before) against the runtime alone plus the one grammar that file needs (how it
// starts it now). Each sample is a fresh Node process, so the RSS is that process's own; modes alternate.
//
//   npm run bench:lint-load        (node dist/bench/lint-load.js [--runs N])
import { execFileSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { createLinter } from '../src/lint';

const WORKER = "const amqp = require('amqplib');\nch.consume('q', (m) => { log(m); });\n";
type Mode = 'eager' | 'lazy';

async function sample(mode: Mode): Promise<{ ms: number; rssMb: number }> {
  const t0 = performance.now();
  const linter = await createLinter(mode === 'eager' ? {} : { languages: [] });
  if (mode === 'lazy') await linter.ensureLanguages(['javascript']);
  const findings = linter.lint(WORKER, 'worker.js');
  const ms = performance.now() - t0;
  if (findings.length !== 1) throw new Error(`expected one finding, got ${findings.length}`);
  return { ms, rssMb: process.memoryUsage().rss / 2 ** 20 };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

async function main(): Promise<void> {
  const i = process.argv.indexOf('--sample');
  if (i > 0) {
    process.stdout.write(JSON.stringify(await sample(process.argv[i + 1] as Mode)));
    return;
  }
  const runs = Number(process.argv[process.argv.indexOf('--runs') + 1]) || 7;
  const got: Record<Mode, Array<{ ms: number; rssMb: number }>> = { eager: [], lazy: [] };
  for (let r = 0; r < runs; r++) {
    for (const mode of ['eager', 'lazy'] as const) {
      got[mode].push(JSON.parse(execFileSync(process.execPath, [__filename, '--sample', mode], { encoding: 'utf8' })));
    }
  }
  console.log(
    `lint start-up for one .js file, ${runs} fresh processes per mode, load ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  );
  const row = (m: Mode) => ({ ms: median(got[m].map((s) => s.ms)), rss: median(got[m].map((s) => s.rssMb)) });
  const e = row('eager');
  const l = row('lazy');
  console.log(`  all grammars up front: ${e.ms.toFixed(0)} ms to the first finding, RSS ${e.rss.toFixed(0)} MiB`);
  console.log(`  runtime + javascript:  ${l.ms.toFixed(0)} ms to the first finding, RSS ${l.rss.toFixed(0)} MiB`);
  console.log(`  ratio lazy/eager: time ${(l.ms / e.ms).toFixed(2)}, RSS ${(l.rss / e.rss).toFixed(2)}`);
}

void main();

// Runs `acklab test` (the built CLI) on the sample projects in test/fixtures/acktest/ and reads the
// seeded-bug markers (`acklab-expect: <rule>` on the line the finding must point at).
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AckReport } from '../../../src/testkit/types';

export const ROOT = join(__dirname, '..', '..', '..');
export const SAMPLES = join(ROOT, 'test/fixtures/acktest');
export const CLI = join(ROOT, 'dist/cli.js');

export function requireBuild(): void {
  if (!existsSync(CLI) || !existsSync(join(ROOT, 'dist/hooks/amqplib.js'))) throw new Error('dist/ is missing: run `node scripts/build.mjs` first');
}

export interface Marker {
  rule: string;
  line: number;
}

export function markers(file: string): Marker[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .flatMap((l, i) => {
      const m = /acklab-expect: ([a-z-]+)/.exec(l);
      return m ? [{ rule: m[1]!, line: i + 1 }] : [];
    });
}

export interface Run {
  code: number | null;
  report: AckReport;
  stderr: string;
}

/** `acklab test --format json <options> -- <command>` in `cwd`; the JSON report comes on stdout. */
export function ackTest(cwd: string, options: string[], command: string[], env: NodeJS.ProcessEnv = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, 'test', '--format', 'json', ...options, '--', ...command], { cwd, env: { ...process.env, ...env } });
    let out = '',
      err = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      err += d.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => {
      try {
        resolve({ code, report: JSON.parse(out) as AckReport, stderr: err });
      } catch {
        reject(new Error(`no JSON report (exit ${code}):\n${out}\n${err}`));
      }
    });
  });
}

/** Rules whose findings carry a source line when traced (left-ready is about a queue, not a call). */
export const LOCATED = new Set(['missing-ack', 'double-ack', 'wrong-channel', 'ack-in-auto-ack', 'message-dropped', 'requeue-loop', 'consumer-timeout']);

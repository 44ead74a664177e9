// The environment that makes a test command load the trace hooks: NODE_OPTIONS=--require for
// amqplib, PYTHONPATH for pika's sitecustomize. The hook files ship in dist/hooks/.
import { existsSync } from 'node:fs';
import { delimiter, join, resolve } from 'node:path';
import { TRACE_ENV } from '../trace';

/** dist/hooks beside the bundle (dist/extension.js, or the CLI's chunk in dist/cli/), or the repository's dist/hooks
 *  when run from source. */
export function hooksDir(): string {
  for (const d of [join(__dirname, 'hooks'), join(__dirname, '..', 'hooks'), resolve(__dirname, '../../../dist/hooks')]) {
    if (existsSync(join(d, 'amqplib.js'))) return d;
  }
  throw new Error('the trace hooks (dist/hooks/amqplib.js) are missing: run `npm run build` first');
}

/** Quotes a path for NODE_OPTIONS (which splits on spaces, honouring double quotes). */
function nodeOptionPath(p: string): string {
  return /[\s"\\]/.test(p) ? `"${p.replace(/(["\\])/g, '\\$1')}"` : p;
}

export function hookEnv(base: NodeJS.ProcessEnv, traceFile: string): Record<string, string> {
  const dir = hooksDir();
  const nodeOptions = [base.NODE_OPTIONS, `--require ${nodeOptionPath(join(dir, 'amqplib.js'))}`].filter(Boolean).join(' ');
  const pythonPath = [join(dir, 'python'), base.PYTHONPATH].filter(Boolean).join(delimiter);
  return { [TRACE_ENV]: traceFile, NODE_OPTIONS: nodeOptions, PYTHONPATH: pythonPath };
}

// Saving and loading the state that survives a restart (Broker.durableState / Broker.restore).
// Writes are atomic: the JSON goes to a temporary file in the same directory, is fsync'd, then
// renamed over the old file (and the directory fsync'd), so a crash mid-write leaves the previous
// save intact. A torn or foreign file is reported, never half-loaded.
import { closeSync, fsyncSync, openSync, readFileSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { DurableState } from './types';

const MAGIC = 'acklab-durable-state';

interface Envelope { format: typeof MAGIC; savedAt: string; state: DurableState }

/** Writes `state` to `path` atomically (temp file + fsync + rename + directory fsync). */
export function saveDurableState(path: string, state: DurableState, now: Date = new Date()): void {
  const dir = dirname(path);
  const tmp = join(dir, `.${basename(path)}.${process.pid}.${Date.now()}.tmp`);
  const data = JSON.stringify({ format: MAGIC, savedAt: now.toISOString(), state } satisfies Envelope);
  const fd = openSync(tmp, 'w', 0o600);
  try {
    const buf = Buffer.from(data, 'utf8');
    let off = 0;
    while (off < buf.length) off += writeSync(fd, buf, off, buf.length - off);
    fsyncSync(fd);
  } catch (e) {
    closeSync(fd);
    try { unlinkSync(tmp); } catch { /* already gone */ }
    throw e;
  }
  closeSync(fd);
  renameSync(tmp, path);
  try {
    const dfd = openSync(dir, 'r');
    try { fsyncSync(dfd); } finally { closeSync(dfd); }
  } catch { /* some platforms cannot fsync a directory */ }
}

export class DurableStateError extends Error {
  override readonly name = 'DurableStateError';
}

/**
 * Reads a file written by saveDurableState. Returns undefined when the file does not exist;
 * throws DurableStateError when it exists but is not a complete, valid save.
 */
export function loadDurableState(path: string): DurableState | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
  let env: unknown;
  try {
    env = JSON.parse(text);
  } catch (e) {
    throw new DurableStateError(`${path}: not a complete AckLab state file (${(e as Error).message})`);
  }
  const o = env as Partial<Envelope> | null;
  if (!o || typeof o !== 'object' || o.format !== MAGIC || !o.state || typeof o.state !== 'object') {
    throw new DurableStateError(`${path}: not an AckLab state file`);
  }
  const s = o.state;
  if (s.version !== 1 || !Array.isArray(s.vhosts) || !Array.isArray(s.exchanges) || !Array.isArray(s.queues) || !Array.isArray(s.bindings)) {
    throw new DurableStateError(`${path}: unsupported or damaged state (version ${String(s.version)})`);
  }
  return s;
}

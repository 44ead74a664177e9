// Writing a whole state file atomically (temp file in the same folder, fsync, rename, folder fsync)
// and cleaning up the temp files an interrupted write leaves behind.
import { closeSync, fsyncSync, openSync, readdirSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/** Temp files are `.<name>.<pid>.<time>.tmp` beside the file. */
function tempName(path: string): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}.${Date.now()}.tmp`);
}

/** Writes `chunks` as the new content of `path`; returns a descriptor open for appending to it. */
export function replaceFile(path: string, chunks: Iterable<string>): { fd: number; bytes: number } {
  const tmp = tempName(path);
  const fd = openSync(tmp, 'a', 0o600);
  let bytes = 0;
  try {
    let batch: string[] = [];
    let size = 0;
    const out = () => {
      const buf = Buffer.from(batch.join(''), 'utf8');
      for (let off = 0; off < buf.length;) off += writeSync(fd, buf, off, buf.length - off);
      bytes += buf.length;
      batch = [];
      size = 0;
    };
    for (const c of chunks) {
      batch.push(c);
      size += c.length;
      if (size > 4 * 1024 * 1024) out();
    }
    out();
    fsyncSync(fd);
    renameSync(tmp, path);
  } catch (e) {
    closeSync(fd);
    try {
      unlinkSync(tmp);
    } catch {
      /* already gone */
    }
    throw e;
  }
  syncDir(dirname(path));
  return { fd, bytes };
}

function syncDir(dir: string): void {
  try {
    const dfd = openSync(dir, 'r');
    try {
      fsyncSync(dfd);
    } finally {
      closeSync(dfd);
    }
  } catch {
    /* some platforms cannot fsync a directory */
  }
}

/**
 * Removes temp files left by an interrupted save of any of `paths` (this format's and the older
 * formats' names: `.<name>.<pid>.<time>.tmp` and `<name>.tmp-<pid>`). Returns the names removed.
 */
export function removeLeftoverTemps(paths: string[]): string[] {
  const removed: string[] = [];
  const byDir = new Map<string, string[]>();
  for (const p of paths) byDir.set(dirname(p), [...(byDir.get(dirname(p)) ?? []), basename(p)]);
  for (const [dir, names] of byDir) {
    let entries: string[];
    try {
      entries = readdirSync(dir);
    } catch {
      continue;
    }
    for (const e of entries) {
      const ours = names.some((n) => (e.startsWith(`.${n}.`) && e.endsWith('.tmp')) || e.startsWith(`${n}.tmp-`));
      if (!ours) continue;
      try {
        unlinkSync(join(dir, e));
        removed.push(e);
      } catch {
        /* not ours to remove after all */
      }
    }
  }
  return removed;
}

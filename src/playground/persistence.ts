// The seam between the playground and persistence: the lifecycle decides WHEN to save (a few
// seconds after a durable change, on stop and on dispose) and to load (on start); a StateStore
// decides HOW and WHERE. Issue #13 (durability) replaces the two stores below with one persistence
// layer behind the same interface; nothing else in src/playground knows about files.
import { mkdirSync, readFileSync, renameSync, writeFileSync, openSync, fsyncSync, closeSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { loadDurableState, saveDurableState, type DurableState } from '../broker';

export interface StateStore {
  /** Where the state lives, for log lines ("Restored 2 queues from …"). */
  readonly where: string;
  /** The saved state; undefined on a first run. Throws when the store refuses to start (serve: a damaged file). */
  load(): DurableState | undefined;
  save(state: DurableState): void;
  /** Forgets the saved state. */
  clear(): void;
}

export type StoreLog = (level: 'info' | 'warn' | 'error', message: string) => void;

/**
 * The extension's store (broker-state.json in the workspace storage): a file that cannot be read
 * is set aside as `<file>.broken-<time>` with a clear log line, and the broker starts empty.
 */
export function extensionStateFile(path: string, log: StoreLog): StateStore {
  return {
    where: path,
    load: () => {
      let text: string;
      try {
        text = readFileSync(path, 'utf8');
      } catch {
        return undefined; // first run
      }
      try {
        const state = JSON.parse(text) as DurableState;
        if (state?.version !== 1) throw new Error(`unknown state version ${JSON.stringify(state?.version)}`);
        return state;
      } catch (err) {
        const aside = `${path}.broken-${Date.now()}`;
        try {
          renameSync(path, aside);
        } catch {
          // leave it
        }
        log('error', `Saved broker state in ${path} is unreadable (${err}); starting empty. The file was kept as ${aside}.`);
        return undefined;
      }
    },
    save: (state) => {
      // temp file, fsync, rename: a crash mid-write leaves the previous file intact
      mkdirSync(dirname(path), { recursive: true });
      const tmp = `${path}.tmp-${process.pid}`;
      const fd = openSync(tmp, 'w');
      try {
        writeFileSync(fd, JSON.stringify(state));
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
      renameSync(tmp, path);
    },
    clear: () => rmSync(path, { force: true }),
  };
}

/** `acklab serve --data-dir DIR`: DIR/broker-state.json; a damaged file stops the start (DurableStateError). */
export function dataDirStore(dataDir: string): StateStore {
  const path = join(dataDir, 'broker-state.json');
  return {
    where: path,
    load: () => {
      mkdirSync(dataDir, { recursive: true });
      return loadDurableState(path);
    },
    save: (state) => saveDurableState(path, state),
    clear: () => rmSync(path, { force: true }),
  };
}

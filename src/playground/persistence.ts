// The seam between the playground and persistence (src/broker/persistence): the lifecycle opens a
// store on start (which restores the broker) and closes it on stop; the store records every durable
// change as it happens and the listener waits on its barrier before confirms. A StateStore says
// WHERE the state lives and what happens when the file is refused; nothing else in src/playground
// knows about files.
import { renameSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { BrokerOptions } from '../broker';
import { openDurableStore, StateFileError, type DurableStore } from '../broker/persistence';

export interface StateStore {
  /** The state file, for log lines ("Restored 2 queues from …"). */
  readonly where: string;
  /** The broker restored from the file, recorded from now on. Throws StateFileError when it refuses to start. */
  open(broker: BrokerOptions, log: StoreLog): DurableStore;
  /** Forgets the saved state. */
  clear(): void;
}

export type StoreLog = (level: 'info' | 'warn' | 'error', message: string) => void;

/** The state log in `dir`; `legacy` = the whole-file JSON save of earlier versions there (migrated once). */
const LOG_FILE = 'acklab-state.log';

function store(dir: string, legacy: string, onRefused: (e: StateFileError) => void): StateStore {
  const path = join(dir, LOG_FILE);
  const open = (broker: BrokerOptions, log: StoreLog) => openDurableStore({ path, legacy: [legacy], broker, log: (l) => log('error', l) });
  return {
    where: path,
    open: (broker, log) => {
      try {
        return open(broker, log);
      } catch (e) {
        if (!(e instanceof StateFileError)) throw e;
        onRefused(e);
        return open(broker, log);
      }
    },
    clear: () => {
      for (const p of [path, legacy]) rmSync(p, { force: true });
    },
  };
}

/**
 * The extension's store, in the workspace storage (`legacyPath` = its old broker-state.json): a file
 * that is refused is set aside as `<file>.broken-<time>` (kept, nothing lost) with a clear log line,
 * and the broker starts empty.
 */
export function extensionStateFile(legacyPath: string, log: StoreLog): StateStore {
  return store(dirname(legacyPath), legacyPath, (e) => {
    const aside = `${e.path}.broken-${Date.now()}`;
    renameSync(e.path, aside);
    log('error', `${e.problem[0]!.toUpperCase()}${e.problem.slice(1)}: the saved broker state ${e.path} was set aside as ${aside}; starting empty.`);
  });
}

/** `acklab serve --data-dir DIR`: a refused file stops the start (StateFileError, one line). */
export function dataDirStore(dataDir: string): StateStore {
  return store(dataDir, join(dataDir, 'broker-state.json'), (e) => {
    throw e;
  });
}

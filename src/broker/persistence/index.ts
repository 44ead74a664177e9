// Persistence: the state file (one format, an append-only log) and the recorder that keeps it.
export { openDurableStore, type DurableStore, type DurableStoreOptions } from './durableStore';
export { StateFileError } from './load';
export type { DurabilityBarrier } from './log';

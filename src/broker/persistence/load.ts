// Reading a state file: the log (format.ts), or one of the two whole-file JSON formats it replaces
// (the extension's DurableState file, `acklab serve`'s { format, savedAt, state } envelope), which
// are migrated. Everything is checked before use; any problem is a StateFileError whose message is
// one line: the path, what is wrong, and how to start fresh. Nothing here writes.
import { readFileSync, statSync } from 'node:fs';
import type { DurableState, Profile } from '../types';
import { checkLine, type AddRecord, type LogRecord, type TopologyRecord } from './format';
import { schemaError, validators } from './schema';

export class StateFileError extends Error {
  override readonly name = 'StateFileError';
  constructor(
    readonly path: string,
    readonly problem: string,
  ) {
    super(`${path}: ${problem}. Nothing was changed; to start fresh, move the file away (or delete it) and start again.`);
  }
}

export interface Loaded {
  state: DurableState;
  /** false after a crash (no clean-shutdown record): every message comes back marked redelivered. */
  clean: boolean;
  messages: number;
}

/** Reads `path`; undefined when it does not exist. */
export function readStateFile(path: string, kind: 'log' | 'legacy'): Loaded | undefined {
  let data: Buffer;
  try {
    if (statSync(path).isDirectory()) throw new StateFileError(path, 'is a directory, not a state file');
    data = readFileSync(path);
  } catch (e) {
    if (e instanceof StateFileError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    throw new StateFileError(path, `cannot be read (${code ?? (e as Error).message})`);
  }
  try {
    return kind === 'log' ? readLog(path, data) : readLegacy(path, data);
  } catch (e) {
    if (e instanceof StateFileError) throw e;
    // JSON.parse or the validator on absurdly deep nesting (RangeError), a string too long for V8…
    throw new StateFileError(path, `cannot be loaded (${(e as Error).message})`);
  }
}

function readLog(path: string, data: Buffer): Loaded {
  let crc = 0;
  let profile: Profile | undefined;
  let topology: TopologyRecord = { t: 'topology', vhosts: ['/'], exchanges: [], queues: [], bindings: [] };
  const messages = new Map<number, AddRecord>();
  let clean = false;
  let lineNo = 0;
  for (let start = 0; start < data.length;) {
    const nl = data.indexOf(0x0a, start);
    // no newline: the tail of an append cut short by a crash (never confirmed), ignored
    if (nl < 0) break;
    const line = data.toString('utf8', start, nl);
    start = nl + 1;
    lineNo++;
    const checked = checkLine(line, crc);
    if (!checked) throw new StateFileError(path, `line ${lineNo} fails its checksum (the file was changed, or a line is missing before it)`);
    crc = checked.crc;
    const rec = JSON.parse(checked.json) as LogRecord;
    const validateRecord = validators().record;
    if (!validateRecord(rec)) throw new StateFileError(path, `line ${lineNo}: ${schemaError(validateRecord)}`);
    if (lineNo === 1 && rec.t !== 'acklab-log') throw new StateFileError(path, 'does not start with an AckLab log header');
    clean = false;
    switch (rec.t) {
      case 'acklab-log':
        if (lineNo !== 1) throw new StateFileError(path, `line ${lineNo}: a second header`);
        profile = rec.profile;
        break;
      case 'topology':
        topology = rec;
        break;
      case 'add':
        if (messages.has(rec.id)) throw new StateFileError(path, `line ${lineNo}: message id ${rec.id} added twice`);
        messages.set(rec.id, rec);
        break;
      case 'del':
        for (const id of rec.ids) messages.delete(id);
        break;
      case 'end':
        clean = true;
        break;
    }
  }
  if (!profile) throw new StateFileError(path, 'is empty or has no complete header line');
  return { state: toState(profile, topology, messages.values(), clean), clean, messages: messages.size };
}

/** The durable state the log describes (messages of queues no longer in the topology are gone). */
function toState(profile: Profile, topo: TopologyRecord, adds: Iterable<AddRecord>, clean: boolean): DurableState {
  const queues = topo.queues.map((q) => ({ ...q, messages: [] as DurableState['queues'][number]['messages'] }));
  const byKey = new Map(queues.map((q) => [`${q.vhost}\0${q.name}`, q]));
  for (const a of adds) {
    const q = byKey.get(`${a.vhost}\0${a.queue}`);
    if (!q) continue;
    q.messages.push({
      exchange: a.exchange,
      routingKey: a.routingKey,
      properties: a.properties,
      body: a.body,
      // after a crash we cannot know which were handed out in the last moments: all may have been
      redelivered: a.redelivered || !clean,
      deliveryCount: a.deliveryCount,
      expiresAt: a.expiresAt,
    });
  }
  return { version: 1, profile, vhosts: topo.vhosts, exchanges: topo.exchanges, queues, bindings: topo.bindings };
}

function readLegacy(path: string, data: Buffer): Loaded {
  let doc: unknown;
  try {
    doc = JSON.parse(data.toString('utf8'));
  } catch (e) {
    throw new StateFileError(path, `is not complete JSON (${(e as Error).message})`);
  }
  let state = doc;
  if (doc && typeof doc === 'object' && 'format' in doc) {
    const validateEnvelope = validators().envelope;
    if (!validateEnvelope(doc)) throw new StateFileError(path, `is not an AckLab state file: ${schemaError(validateEnvelope)}`);
    state = (doc as unknown as { state: unknown }).state;
  }
  const validateState = validators().state;
  if (!validateState(state)) throw new StateFileError(path, `is not a valid AckLab state: ${schemaError(validateState)}`);
  const s = state as DurableState;
  return { state: s, clean: true, messages: s.queues.reduce((n, q) => n + q.messages.length, 0) };
}

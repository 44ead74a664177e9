// Gives findings their source lines: matches the trace hooks' call sites to broker connections
// (client local port = the connection's remote port, within the connection's lifetime) and looks
// up the consume or settle call each finding's hint names.
import { isAbsolute, relative, sep } from 'node:path';
import type { AckTracker, SiteHint, TrackedFinding } from './tracker';
import type { Site, TraceRecord } from './trace';
import type { AckFinding, SourceLocation } from './types';

/** Slack for clock differences between the client process and the broker (ms). */
const SLACK_MS = 2000;

interface Index {
  consume: Map<string, TraceRecord>;
  settles: Map<string, TraceRecord[]>;
}

function portOf(remoteAddress: string): number | undefined {
  const m = /:(\d+)$/.exec(remoteAddress);
  return m ? Number(m[1]) : undefined;
}

function buildIndex(tracker: AckTracker, records: TraceRecord[]): Index {
  const byPort = new Map<number, { id: number; from: number; to: number }[]>();
  for (const id of tracker.connectionIds()) {
    const c = tracker.connection(id)!;
    const port = c.client ? portOf(c.client.remoteAddress) : undefined;
    if (port === undefined) continue;
    const list = byPort.get(port) ?? [];
    list.push({ id, from: c.openedAt - SLACK_MS, to: c.closedAt + SLACK_MS });
    byPort.set(port, list);
  }
  const index: Index = { consume: new Map(), settles: new Map() };
  for (const r of records) {
    const conn = byPort.get(r.port)?.find((c) => r.t >= c.from && r.t <= c.to);
    if (!conn) continue;
    if (r.op === 'consume') index.consume.set(`${conn.id}:${r.ch}:${r.consumerTag}`, r);
    else {
      const key = `${conn.id}:${r.ch}:${r.tag}`;
      const list = index.settles.get(key) ?? [];
      list.push(r);
      index.settles.set(key, list);
    }
  }
  return index;
}

function lookup(index: Index, hint: SiteHint): Site | undefined {
  if (hint.type === 'consume') {
    const r = index.consume.get(`${hint.conn}:${hint.ch}:${hint.consumerTag}`);
    return r ? (r.handler ?? r.site) : undefined;
  }
  const list = index.settles.get(`${hint.conn}:${hint.ch}:${hint.tag}`);
  if (!list || list.length === 0) return undefined;
  return (hint.pick === 'first' ? list[0]! : list[list.length - 1]!).site;
}

function toLocation(s: Site, baseDir: string): SourceLocation {
  const rel = isAbsolute(s.file) ? relative(baseDir, s.file) : s.file;
  const file = rel.startsWith('..') || isAbsolute(rel) ? s.file : rel.split(sep).join('/');
  return { file, line: s.line, column: s.column, ...(s.function ? { function: s.function } : {}) };
}

/** The findings with locations filled in where the trace names them (paths relative to baseDir when inside it). */
export function locateFindings(tracked: readonly TrackedFinding[], tracker: AckTracker, records: TraceRecord[], baseDir: string): AckFinding[] {
  const index = records.length ? buildIndex(tracker, records) : undefined;
  return tracked.map((t) => {
    const f: AckFinding = { ...t.finding, related: [...t.finding.related] };
    if (!index) return f;
    const at = t.hint && lookup(index, t.hint);
    if (at) f.location = toLocation(at, baseDir);
    for (const r of t.related) {
      const s = lookup(index, r.hint);
      if (s) f.related.push({ message: r.message, location: toLocation(s, baseDir) });
    }
    return f;
  });
}

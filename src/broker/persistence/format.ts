// The one state file format: an append-only log of JSON records, one per line, each line
// `<crc32 hex> <json>` where the CRC covers the JSON text chained from the previous line's CRC, so a
// changed, reordered or deleted line is noticed (only the tail can be cut off: a crash mid-append).
//
//   header    { t: 'acklab-log', v: 1, profile, createdAt }        always the first line
//   topology  { t: 'topology', vhosts, exchanges, queues, bindings } the durable topology; the last one counts
//   add       { t: 'add', id, vhost, queue, exchange, routingKey, properties, body (base64), redelivered, deliveryCount, expiresAt }
//   del       { t: 'del', ids }                                      copies acked, dropped, expired, dead-lettered…
//   end       { t: 'end' }                                           clean shutdown (nothing after it)
import { crc32 } from 'node:zlib';
import type { BasicProperties, BindingSnapshot, ExchangeType, FieldTable, Profile, QueueType } from '../types';

export interface TopologyRecord {
  t: 'topology';
  vhosts: string[];
  exchanges: { vhost: string; name: string; type: ExchangeType; autoDelete: boolean; internal: boolean; arguments: FieldTable }[];
  queues: { vhost: string; name: string; type: QueueType; autoDelete: boolean; arguments: FieldTable }[];
  bindings: BindingSnapshot[];
}
export interface AddRecord {
  t: 'add';
  id: number;
  vhost: string;
  queue: string;
  exchange: string;
  routingKey: string;
  properties: BasicProperties;
  body: string;
  redelivered: boolean;
  deliveryCount: number;
  expiresAt: number | null;
}
export type LogRecord =
  { t: 'acklab-log'; v: 1; profile: Profile; createdAt: string } | TopologyRecord | AddRecord | { t: 'del'; ids: number[] } | { t: 'end' };

/** One line (with its newline) for `json`, chained from `prev`; returns the line and its CRC. */
export function encodeLine(json: string, prev: number): { line: string; crc: number } {
  const crc = crc32(json, prev);
  return { line: `${crc.toString(16).padStart(8, '0')} ${json}\n`, crc };
}

/** The JSON text of a line if its CRC matches (chained from `prev`), else undefined. */
export function checkLine(line: string, prev: number): { json: string; crc: number } | undefined {
  if (line.length < 10 || line[8] !== ' ') return undefined;
  const want = Number.parseInt(line.slice(0, 8), 16);
  const json = line.slice(9);
  const crc = crc32(json, prev);
  return /^[0-9a-f]{8}$/.test(line.slice(0, 8)) && crc === want ? { json, crc } : undefined;
}

// Text shown in the trees and the status bar. Pure (no vscode import): unit-tested in plain Node.
import type { ChannelSnapshot, ConnectionSnapshot, ConsumerSnapshot, QueueSnapshot, UnackedEntry } from '../broker';
import type { BrokerState } from './state';
import { shortConsumerTag } from '../protocol/labels';

const plural = (n: number, one: string, many = one + 's') => `${n} ${n === 1 ? one : many}`;

/** `ready 3 · unacked 2 · 2 consumers` — the queue item's description. */
export function queueDescription(q: Pick<QueueSnapshot, 'ready' | 'unacked' | 'consumers'>): string {
  const parts = [`ready ${q.ready}`, `unacked ${q.unacked}`];
  if (q.consumers > 0) parts.push(plural(q.consumers, 'consumer'));
  return parts.join(' · ');
}

export function queueTooltip(q: QueueSnapshot): string {
  const flags = [q.type, q.durable ? 'durable' : 'transient', q.exclusive && 'exclusive', q.autoDelete && 'auto-delete'].filter(Boolean).join(', ');
  const lines = [`${q.name} (${flags})`, `vhost ${q.vhost}`, `ready ${q.ready}, unacked ${q.unacked}, total ${q.messages}`, plural(q.consumers, 'consumer')];
  const args = Object.entries(q.arguments ?? {});
  if (args.length) lines.push('arguments: ' + args.map(([k, v]) => `${k}=${fieldText(v)}`).join(', '));
  return lines.join('\n');
}

/** A field-table value as short text (typed values show their number). */
export function fieldText(v: unknown): string {
  if (v === null || v === undefined) return 'void';
  if (typeof v === 'object' && v !== null && '$type' in v && 'value' in v) return String((v as { value: unknown }).value);
  if (v instanceof Uint8Array) return `<${v.length} bytes>`;
  if (typeof v === 'object') return JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? x.toString() : x));
  return String(v);
}

/** Consumer child of a queue: label is the tag, description summarises it. */
export function consumerDescription(c: ConsumerSnapshot, channelLabel: string): string {
  const parts = [channelLabel, c.noAck ? 'auto-ack' : 'manual ack'];
  if (!c.noAck) parts.push(`prefetch ${c.prefetch === 0 ? '∞' : c.prefetch}`, `unacked ${c.unacked}`);
  if (!c.active) parts.push('waiting (single active consumer)');
  return parts.join(' · ');
}

/** `conn 3 ch 1` or, with a client name, `worker.js ch 1`. */
export function channelLabel(connectionName: string | undefined, connectionId: number, channel: number): string {
  return `${connectionName || `conn ${connectionId}`} ch ${channel}`;
}

export function deliveryLabel(e: Pick<UnackedEntry, 'deliveryTag'>): string {
  return `tag ${e.deliveryTag}`;
}

/** Unacked delivery child: `“hello” · redelivered · 12s · amq.ctag-…`. */
export function deliveryDescription(e: UnackedEntry, bodyPreview: string, now: number, channelText: string): string {
  const parts = [bodyPreview];
  if (e.redelivered) parts.push('redelivered');
  parts.push(formatAge(now - e.deliveredAt));
  parts.push(e.consumerTag ? shortConsumerTag(e.consumerTag) : `basic.get on ${channelText}`);
  return parts.join(' · ');
}

/** 850 ms → `0s`, 75 s → `1m 15s`, 2 h → `2h 0m`. Negative ages (clock skew) count as 0. */
export function formatAge(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${s % 60}s`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h}h ${m % 60}m`;
  return `${Math.floor(h / 24)}d ${h % 24}h`;
}

/**
 * A message body as a one-line preview: UTF-8 text quoted and cut at `max` characters, control
 * characters shown as escapes; bodies that are not valid UTF-8 show as `<N bytes>`.
 */
export function bodyPreview(body: Uint8Array, max = 40): string {
  if (body.length === 0) return '<empty>';
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(body.length > max * 4 ? body.subarray(0, max * 4) : body);
  } catch {
    // a multi-byte character may be cut at max*4; only call it binary if the full body is invalid
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(body);
    } catch {
      return `<${body.length} bytes>`;
    }
  }
  // eslint-disable-next-line no-control-regex
  const clean = text.replace(/[\u0000-\u001f\u007f]/g, (c) =>
    c === '\n' ? '\\n' : c === '\t' ? '\\t' : c === '\r' ? '\\r' : `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`,
  );
  const chars = [...clean];
  const cut = chars.length > max || body.length > max * 4;
  return `“${chars.slice(0, max).join('')}${cut ? '…' : ''}”`;
}

export function channelDescription(ch: ChannelSnapshot): string {
  const parts = [`unacked ${ch.unacked}`, `prefetch ${ch.prefetch === 0 ? '∞' : ch.prefetch}`];
  if (ch.confirm) parts.push('confirm mode');
  if (ch.tx) parts.push('tx');
  if (ch.consumers.length) parts.push(plural(ch.consumers.length, 'consumer'));
  return parts.join(' · ');
}

export function connectionLabel(c: ConnectionSnapshot): string {
  return c.name || `connection ${c.id}`;
}

export function connectionDescription(c: ConnectionSnapshot): string {
  const parts = [c.remoteAddress || 'in-process'];
  if (c.user) parts.push(c.user);
  if (c.vhost && c.vhost !== '/') parts.push(`vhost ${c.vhost}`);
  parts.push(plural(c.channels.length, 'channel'));
  return parts.join(' · ');
}

/** Status bar: `$(pass-filled) AckLab :5673  ready 3 · unacked 2`. */
export function statusText(state: BrokerState, port: number | undefined, totals: { ready: number; unacked: number }): string {
  switch (state) {
    case 'running':
      return `$(broadcast) AckLab${port ? ` :${port}` : ''}  ready ${totals.ready} · unacked ${totals.unacked}`;
    case 'starting':
      return '$(loading~spin) AckLab starting';
    case 'stopping':
      return '$(loading~spin) AckLab stopping';
    case 'stopped':
      return '$(debug-stop) AckLab stopped';
    case 'failed':
      return '$(error) AckLab failed';
  }
}

export function amqpUrl(host: string, port: number): string {
  const h = host === '0.0.0.0' || host === '::' || host === '' ? 'localhost' : host.includes(':') ? `[${host}]` : host === '127.0.0.1' ? 'localhost' : host;
  return `amqp://${h}:${port}`;
}

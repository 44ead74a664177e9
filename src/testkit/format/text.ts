// The ack report for people: one block per finding (where, what, the message's history).
import type { AckFinding, AckReport } from '../types';

function clientLabel(f: AckFinding): string {
  const lib = [f.client.library, f.client.version].filter(Boolean).join(' ');
  const name = f.client.connectionName ? `"${f.client.connectionName}"` : '';
  return [name, lib && `(${lib})`].filter(Boolean).join(' ') || 'unnamed client';
}

function ms(n: number): string {
  return n < 1000 ? `${n} ms` : `${(n / 1000).toFixed(2)} s`;
}

export function formatFindingText(f: AckFinding): string[] {
  const where = f.location ? `${f.location.file}:${f.location.line}:${f.location.column}  ` : '';
  const lines = [`${where}${f.severity}  ${f.rule}  ${f.message}`];
  const facts = [f.queue && `queue "${f.queue}"`, f.consumerTag && `consumer ${f.consumerTag}`, `client ${clientLabel(f)}`].filter(Boolean);
  lines.push(`    ${facts.join(', ')}`);
  for (const r of f.related) lines.push(`    see ${r.location.file}:${r.location.line}:${r.location.column} (${r.message})`);
  if (f.history.length) {
    lines.push('    history:');
    for (const h of f.history) lines.push(`      +${ms(h.at).padEnd(9)} ${h.event.padEnd(18)} ${h.detail}`);
  }
  lines.push(`    docs: ${f.docs}`);
  return lines;
}

export function formatText(report: AckReport): string {
  const out: string[] = [
    '',
    `acklab test: ack report (${report.summary.connections} connection${report.summary.connections === 1 ? '' : 's'}, ${report.summary.deliveries} deliver${report.summary.deliveries === 1 ? 'y' : 'ies'})`,
  ];
  for (const f of report.findings) out.push('', ...formatFindingText(f));
  const n = report.findings.length;
  if (n === 0) out.push('No ack mistakes found.');
  else {
    const by = Object.entries(report.summary.byRule)
      .map(([r, c]) => `${r} ${c}`)
      .join(', ');
    out.push('', `${n} finding${n === 1 ? '' : 's'} (${by})${report.traced ? '' : ' — run with --trace for the source lines (amqplib, pika)'}`);
  }
  return out.join('\n') + '\n';
}

// Export a run's diagram as a standalone SVG file or a Mermaid sequence diagram. Every label is
// untrusted text (routing keys, consumer tags, queue names come from clients), so it is escaped
// for the target format.
import { eventLabel } from '../../src/protocol/labels';
import { HEADER_HEIGHT, LANE_WIDTH, ROW_HEIGHT, laneX, rowShape, type Lanes, type RowShape } from './layout';
import type { EventStore } from './store';

export function escapeXml(s: string): string {
  return (
    s
      .replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!)
      // Characters not allowed in XML 1.0 at all.
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '\ufffd')
  );
}

const STYLE_COLOURS: Record<string, string> = {
  ok: '#2e7d32',
  warn: '#e65100',
  deliver: '#1565c0',
  redeliver: '#6a1b9a',
  loss: '#b71c1c',
  error: '#b71c1c',
  setup: '#607d8b',
  plain: '#455a64',
};

/** SVG of events [from, to) (default: all). Light colours; readable when opened on its own. */
export function exportSvg(store: EventStore, lanes: Lanes, from = 0, to = store.length): string {
  const n = Math.max(0, to - from);
  const width = Math.max(LANE_WIDTH, lanes.width) + 260;
  const height = HEADER_HEIGHT + n * ROW_HEIGHT + 20;
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="11">`,
    '<defs><marker id="a" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0L10,5L0,10z" fill="context-stroke"/></marker></defs>',
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
  ];
  for (const l of lanes.list) {
    const x = laneX(l.index);
    out.push(`<line x1="${x}" y1="${HEADER_HEIGHT - 8}" x2="${x}" y2="${height - 10}" stroke="#b0bec5" stroke-dasharray="3 3"/>`);
    out.push(`<text x="${x}" y="16" text-anchor="middle" font-weight="bold">${escapeXml(l.label)}</text>`);
    out.push(`<text x="${x}" y="30" text-anchor="middle" fill="#78909c">${l.kind}</text>`);
  }
  for (let i = from; i < to; i++) {
    const e = store.get(i);
    const y = HEADER_HEIGHT + (i - from) * ROW_HEIGHT + ROW_HEIGHT / 2;
    out.push(svgRow(rowShape(e, lanes), y, `#${e.seq}`, lanes.width));
  }
  out.push('</svg>');
  return out.join('\n');
}

function svgRow(r: RowShape, y: number, seqLabel: string, lanesWidth: number): string {
  const colour = STYLE_COLOURS[r.style] ?? STYLE_COLOURS.plain!;
  const seq = `<text x="${lanesWidth + 10}" y="${y + 4}" fill="#90a4ae">${escapeXml(seqLabel)}</text>`;
  if (r.shape === 'arrow') {
    const x1 = laneX(r.from),
      x2 = laneX(r.to);
    const mid = (x1 + x2) / 2;
    return (
      `<g><line x1="${x1}" y1="${y}" x2="${x2}" y2="${y}" stroke="${colour}" stroke-width="1.5" marker-end="url(#a)"/>` +
      `<text x="${mid}" y="${y - 4}" text-anchor="middle" fill="${colour}">${escapeXml(r.label)}</text>${seq}</g>`
    );
  }
  if (r.shape === 'mark') {
    const x = laneX(r.lane);
    return `<g><circle cx="${x}" cy="${y}" r="4" fill="${colour}"/><text x="${x + 8}" y="${y + 4}" fill="${colour}">${escapeXml(r.label)}</text>${seq}</g>`;
  }
  return `<g><text x="8" y="${y + 4}" fill="${colour}" font-style="italic">${escapeXml(r.label)}</text>${seq}</g>`;
}

/** Mermaid text for a label: entity codes for the characters Mermaid treats as syntax. */
export function escapeMermaid(s: string): string {
  return s.replace(/[#;:<>&"\n\r{}%]/g, (c) => `#${c.charCodeAt(0)};`);
}

/** Mermaid `sequenceDiagram` of events [from, to). */
export function exportMermaid(store: EventStore, lanes: Lanes, from = 0, to = store.length): string {
  const out = ['sequenceDiagram'];
  const id = (i: number): string => `L${i}`;
  for (const l of lanes.list) {
    const kw = l.kind === 'publisher' || l.kind === 'consumer' ? 'actor' : 'participant';
    out.push(`    ${kw} ${id(l.index)} as ${escapeMermaid(l.label)}`);
  }
  const last = lanes.list.length - 1;
  for (let i = from; i < to; i++) {
    const e = store.get(i);
    const r = rowShape(e, lanes);
    const label = escapeMermaid(`${eventLabel(e)} (#${e.seq})`);
    if (r.shape === 'arrow') {
      const arrow = r.style === 'setup' ? '-->>' : r.style === 'loss' || r.style === 'error' ? '-x' : '->>';
      out.push(`    ${id(r.from)}${arrow}${id(r.to)}: ${label}`);
    } else if (r.shape === 'mark') {
      out.push(`    Note over ${id(r.lane)}: ${label}`);
    } else if (last >= 0) {
      out.push(`    Note over ${id(0)},${id(last)}: ${label}`);
    }
  }
  return out.join('\n') + '\n';
}

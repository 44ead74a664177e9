// The diagram's pooled rows: one SVG group per visible event, re-pointed rather than rebuilt (see App.renderRows).
import type { TraceEvent } from '../src/protocol/trace';
import { timeNote } from '../src/protocol/labels';
import { LANE_WIDTH, ROW_HEIGHT, laneX, rowShape } from './model/layout';
import type { Timeline } from './model/timeline';
import { h, s, setAttrs } from './dom';

/**
 * One pooled diagram row: a group with every shape a row can need, drawn in row coordinates (0..ROW_HEIGHT) and
 * moved to its place by the group's transform; unused shapes are hidden. `geom` remembers the geometry written, so
 * re-pointing a slot at another event of the same shape between the same lanes (most of a jump) writes only the
 * transform and the two texts.
 */
export interface RowSlot {
  g: SVGGElement;
  arrow: SVGLineElement;
  head: SVGPathElement;
  mark: SVGCircleElement;
  label: SVGTextElement;
  seq: SVGTextElement;
  /** Index of the event shown (-1: none), its style class, the class attribute written, hidden or not, geometry key. */
  i: number;
  style: string;
  cls: string;
  hidden: boolean;
  geom: string;
}

const MID = ROW_HEIGHT / 2;

export function newRowSlot(parent: SVGGElement, width: number): RowSlot {
  const g = s('g', { display: 'none' });
  const slot: RowSlot = {
    g,
    arrow: s('line', { class: 'arrow', y1: MID + 4, y2: MID + 4 }),
    head: s('path', { class: 'head' }),
    mark: s('circle', { class: 'mark', r: 4, cy: MID }),
    label: s('text', { class: 'label' }),
    seq: s('text', { class: 'seq', x: width - 208, y: MID + 4 }),
    i: -1,
    style: '',
    cls: '',
    hidden: true,
    geom: '',
  };
  g.append(s('rect', { class: 'hit', x: 0, y: 0, width, height: ROW_HEIGHT }), slot.arrow, slot.head, slot.mark, slot.label, slot.seq);
  parent.append(g);
  return slot;
}

const show = (el: SVGElement, on: boolean): void => {
  if (on) el.removeAttribute('display');
  else el.setAttribute('display', 'none');
};

/** Points a slot at event i (placed at y = i * ROW_HEIGHT). */
export function fillRow(slot: RowSlot, i: number, e: TraceEvent, prevTime: number | undefined, lanes: Timeline['lanes']): void {
  const r = rowShape(e, lanes);
  slot.i = i;
  slot.style = r.style;
  slot.g.setAttribute('data-i', String(i));
  slot.g.setAttribute('transform', `translate(0 ${i * ROW_HEIGHT})`);
  const geom = r.shape === 'arrow' ? `a${r.from},${r.to}` : r.shape === 'mark' ? `m${r.lane}` : 'n';
  if (slot.geom !== geom) {
    slot.geom = geom;
    show(slot.arrow, r.shape === 'arrow');
    show(slot.head, r.shape === 'arrow');
    show(slot.mark, r.shape === 'mark');
    const label = slot.label;
    if (r.shape === 'arrow') {
      const x1 = laneX(r.from),
        x2 = laneX(r.to);
      const dir = x2 > x1 ? 1 : -1;
      setAttrs(slot.arrow, { x1, x2: x2 - dir * 6 });
      slot.head.setAttribute('d', `M${x2},${MID + 4} l${-dir * 7},-4 l0,8 z`);
      setAttrs(label, { x: (x1 + x2) / 2, y: MID, 'text-anchor': 'middle', class: 'label' });
    } else if (r.shape === 'mark') {
      const x = laneX(r.lane);
      slot.mark.setAttribute('cx', String(x));
      setAttrs(label, { x: x + 8, y: MID + 4, 'text-anchor': 'start', class: 'label' });
    } else {
      setAttrs(label, { x: 8, y: MID + 4, 'text-anchor': 'start', class: 'label note' });
    }
  }
  slot.label.textContent = r.label;
  const note = timeNote(e.time, prevTime);
  slot.seq.textContent = note === undefined ? `#${e.seq}` : `#${e.seq} · ${note}`;
}

/** The lane header: one labelled column per lane, drawn again when the lanes change. */
export function renderLaneHeader(header: HTMLElement, lanes: Timeline['lanes'], width: number): void {
  header.textContent = '';
  header.style.width = `${width}px`;
  for (const l of lanes.list) {
    const lane = h(
      'div',
      { class: `lane lane-${l.kind}`, title: `${l.kind}: ${l.label}` },
      h('span', {
        class: `codicon codicon-${l.kind === 'publisher' ? 'send' : l.kind === 'exchange' ? 'git-merge' : l.kind === 'queue' ? 'inbox' : 'person'}`,
        'aria-hidden': 'true',
      }),
      h('span', { class: 'lane-label' }, l.label),
    );
    // CSSOM, not a style attribute: the CSP has no 'unsafe-inline' for styles.
    lane.style.left = `${l.index * LANE_WIDTH}px`;
    lane.style.width = `${LANE_WIDTH}px`;
    header.append(lane);
  }
}

/** A narrow panel shows only some lanes: bring the selected arrow or mark into view horizontally too. */
export function revealHorizontally(d: HTMLElement, e: TraceEvent, lanes: Timeline['lanes']): void {
  if (d.scrollWidth <= d.clientWidth) return;
  const r = rowShape(e, lanes);
  const [x1, x2] =
    r.shape === 'arrow'
      ? [Math.min(laneX(r.from), laneX(r.to)), Math.max(laneX(r.from), laneX(r.to))]
      : r.shape === 'mark'
        ? [laneX(r.lane) - 10, laneX(r.lane) + 140]
        : [0, 200];
  // Scroll as little as possible; when the arrow is wider than the view, show its start.
  if (x1 < d.scrollLeft) d.scrollLeft = Math.max(0, x1 - 40);
  else if (x2 > d.scrollLeft + d.clientWidth) d.scrollLeft = Math.max(0, Math.min(x1 - 40, x2 + 40 - d.clientWidth));
}

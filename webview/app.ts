// The stepper UI: toolbar, virtualised sequence diagram, narration, selected event, state panel.
// Every piece of data from the host is put in the DOM with textContent / setAttribute, never as HTML.
import {
  PROTOCOL_VERSION,
  ProtocolError,
  assertNever,
  parseHostMessage,
  requestId,
  type HostMessage,
  type PersistedState,
  type RequestId,
  type SessionInfo,
  type WebviewRequest,
} from '../src/protocol/messages';
import type { NarrationStep, ScenarioSummary, TraceEvent, TraceMessage } from '../src/protocol/trace';
import { exportMermaid, exportSvg } from './model/export';
import { HEADER_HEIGHT, LANE_WIDTH, ROW_HEIGHT, laneX, rowShape, scrollToReveal, visibleRows } from './model/layout';
import { eventLabel, eventTime, isReplyPseudoQueue, shortConsumerTag, timeNote } from '../src/protocol/labels';
import { readyCount, readyHead, type ConsumerState, type QueueState, type StepState, type UnackedEntry } from './model/state';
import { Timeline } from './model/timeline';
import { formatBody, formatTable } from './format';
import { OverflowRow } from './overflow';
import { installTooltips } from './tooltip';
import type { Transport } from './transport';
import { html, nothing, render, type TemplateResult } from 'lit';
import { repeat } from 'lit/directives/repeat.js';

const SVG_NS = 'http://www.w3.org/2000/svg';

type Attrs = Record<string, string | number | boolean | undefined>;
/** Builds an element. String children become text nodes: data is never parsed as HTML. */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs?: Attrs, ...children: Array<Node | string | undefined>): HTMLElementTagNameMap[K];
export function h(tag: string, attrs?: Attrs, ...children: Array<Node | string | undefined>): HTMLElement;
export function h(tag: string, attrs: Attrs = {}, ...children: Array<Node | string | undefined>): HTMLElement {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === false) continue;
    el.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children) if (c !== undefined) el.append(typeof c === 'string' ? document.createTextNode(c) : c);
  return el;
}
function s<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Attrs = {}, text?: string): SVGElementTagNameMap[K] {
  const el = document.createElementNS(SVG_NS, tag);
  for (const [k, v] of Object.entries(attrs)) if (v !== undefined && v !== false) el.setAttribute(k, String(v));
  if (text !== undefined) el.textContent = text;
  return el;
}

interface Breakpoint {
  id: string;
  label: string;
  match(e: TraceEvent): boolean;
}
export const BREAKPOINTS: Breakpoint[] = [
  { id: 'redelivery', label: 'redelivery', match: (e) => (e.kind === 'deliver' || e.kind === 'get') && e.redelivered === true },
  { id: 'requeue', label: 'requeue', match: (e) => e.kind === 'requeue' },
  { id: 'nack', label: 'nack / reject', match: (e) => e.kind === 'nack' || e.kind === 'reject' },
  { id: 'error', label: 'channel error', match: (e) => e.kind === 'channel.error' || e.kind === 'connection.error' },
  { id: 'loss', label: 'dead-letter / drop / expire', match: (e) => e.kind === 'dead-letter' || e.kind === 'drop' || e.kind === 'expire' },
];

const SPEEDS = [1, 2, 5, 10, 50, 200];
const CLOCK_STEPS: Array<[string, number]> = [
  ['+1 s', 1000],
  ['+1 min', 60_000],
  ['+5 min', 300_000],
  ['+30 min', 1_800_000],
];

export class App {
  private timeline = new Timeline();
  private session: SessionInfo = { mode: 'empty', title: 'AckLab', canHold: false, scenarios: [] };
  private narration: NarrationStep[] = [];
  /** Index of the selected event; -1 = before the first event. */
  private selected = -1;
  private following = true;
  private playing: ReturnType<typeof setTimeout> | undefined;
  private speed = 5;
  private readonly breakpoints = new Set<string>(['redelivery', 'error']);
  private holding = false;
  private pending = 0;
  private nextRequest = 1;
  private readonly inflight = new Map<RequestId, string>();
  private renderQueued = false;
  private renderedLanes = -1;
  /** The diagram's pooled row elements (see renderRows) and what they were built for. */
  private rowPool: RowSlot[] = [];
  private rowPoolLanes = -1;
  private rowPoolWidth = -1;
  private rowGroup: SVGGElement | undefined;
  private lifelines: SVGLineElement[] = [];
  private rowWindow: { n: number; pool: RowSlot[] } = { n: -1, pool: [] };
  private lifelineSpan = { first: -1, last: -1 };
  /** Timings (ms) of message handling and renders, read by bench/stepper.ts. */
  readonly stats = { appendMs: [] as number[], receiveMs: [] as number[], renderMs: [] as number[] };
  private lastPanelN = -2;

  // DOM
  private readonly el: {
    title: HTMLElement;
    scenario: HTMLSelectElement;
    run: HTMLElement;
    live: HTMLElement;
    hold: HTMLInputElement;
    release: HTMLElement;
    pending: HTMLElement;
    clock: HTMLSelectElement;
    advance: HTMLElement;
    position: HTMLElement;
    play: HTMLElement;
    speed: HTMLSelectElement;
    diagram: HTMLElement;
    spacer: HTMLElement;
    header: HTMLElement;
    rows: SVGSVGElement;
    narration: HTMLElement;
    detail: HTMLElement;
    state: HTMLElement;
    announce: HTMLElement;
    status: HTMLElement;
    empty: HTMLElement;
    main: HTMLElement;
  };
  private readonly overflows: OverflowRow[] = [];
  private holdGroup!: HTMLElement;
  private stepButtons: HTMLElement[] = [];
  private clockGroup!: HTMLElement;

  constructor(
    private readonly transport: Transport,
    private readonly root: HTMLElement,
  ) {
    this.el = this.build();
  }

  start(): void {
    this.transport.onMessage((data) => this.receive(data));
    const state = this.transport.getState();
    this.transport.post(state ? { type: 'ready', version: PROTOCOL_VERSION, state } : { type: 'ready', version: PROTOCOL_VERSION });
    this.render();
  }

  // ------------------------------------------------------------------ building the DOM
  /** A button; `title` and `keys` show in a visible tooltip (tooltip.ts), and the keys are announced too. */
  private button(
    label: string,
    icon: string,
    onClick: () => void,
    opts: { id: string; secondary?: boolean; iconOnly?: boolean; title?: string; keys?: string },
  ): HTMLElement {
    const tip = opts.title ?? label;
    const b = h(
      'vscode-button',
      {
        id: opts.id,
        icon,
        secondary: opts.secondary,
        'icon-only': opts.iconOnly,
        'data-tip': tip,
        'data-keys': opts.keys,
        'aria-label': opts.keys ? `${tip} (${opts.keys})` : tip,
        'aria-keyshortcuts': opts.keys ? keyNames(opts.keys) : undefined,
      },
      opts.iconOnly ? undefined : label,
    );
    b.addEventListener('click', () => {
      if (!b.hasAttribute('disabled')) onClick();
    });
    return b;
  }

  private select(id: string, label: string, options: Array<[string, string]>, onChange: (v: string) => void): HTMLSelectElement {
    const sel = h('select', { id, 'aria-label': label, class: 'native-select' });
    for (const [v, text] of options) sel.append(h('option', { value: v }, text));
    sel.addEventListener('change', () => onChange(sel.value));
    return sel;
  }

  private build(): App['el'] {
    this.root.textContent = '';
    const title = h('h1', { class: 'title' }, 'AckLab: Deliveries');
    const scenario = this.select('scenario', 'Scenario', [], () => undefined);
    const run = this.button('Run', 'play-circle', () => this.runScenario(), { id: 'run', title: 'Run the selected scenario' });
    const live = this.button('Live', 'broadcast', () => this.request({ type: 'goLive', requestId: this.newId('goLive') }), {
      id: 'live',
      secondary: true,
      title: 'Watch the live broker (real clients)',
    });
    const hold = h('input', { type: 'checkbox', id: 'hold', 'aria-describedby': 'pending' });
    hold.addEventListener('change', () => this.request({ type: 'setHold', requestId: this.newId('setHold'), hold: hold.checked }));
    const holdLabel = h('label', { for: 'hold', class: 'check' }, hold, 'Hold deliveries');
    const release = this.button('Release next', 'debug-continue', () => this.request({ type: 'releaseDelivery', requestId: this.newId('releaseDelivery') }), {
      id: 'release',
      secondary: true,
      title: 'Send the next held delivery to its consumer',
    });
    const pending = h('span', { id: 'pending', class: 'muted' });
    const clock = this.select(
      'clock-step',
      'Clock step',
      CLOCK_STEPS.map(([l, ms]) => [String(ms), l]),
      () => undefined,
    );
    clock.value = '1800000';
    const advance = this.button(
      'Advance',
      'watch',
      () => this.request({ type: 'advanceClock', requestId: this.newId('advanceClock'), ms: Number(clock.value) }),
      { id: 'advance', secondary: true, title: "Advance the scenario's virtual clock (consumer timeouts, TTLs)" },
    );
    const example = this.button(
      'Example code',
      'code',
      () => {
        const name = this.el.scenario.value;
        if (name) this.request({ type: 'openExample', requestId: this.newId('Open example code'), name });
      },
      { id: 'example', secondary: true, title: "Open the tutorial's amqplib example code in an editor" },
    );
    const exportSvgBtn = this.button('SVG', 'file-media', () => this.export('svg'), { id: 'export-svg', secondary: true, title: 'Export the diagram as SVG' });
    const exportMmd = this.button('Mermaid', 'file-code', () => this.export('mermaid'), {
      id: 'export-mermaid',
      secondary: true,
      title: 'Export the diagram as a Mermaid sequence diagram',
    });

    // Two rows that never wrap: groups that do not fit move into each row's "More actions" menu, least
    // important first (see overflow.ts); the scenario picker and the step buttons always stay.
    const group = (label: string, ...children: Array<Node | string>): HTMLElement =>
      h('span', { class: 'group', role: 'group', 'aria-label': label }, ...children);
    const toolbar = h('div', { class: 'toolbar', role: 'toolbar', 'aria-label': 'Run' });
    // Only the controls that can act in this mode are shown (renderHold): holding needs the live broker, the
    // virtual clock belongs to a scenario.
    this.holdGroup = group('Hold deliveries', holdLabel, release, pending);
    this.clockGroup = group('Virtual clock', clock, advance);
    this.overflows.push(
      new OverflowRow(
        toolbar,
        [
          { el: group('Scenario', title, scenario, run, example) },
          { el: group('Live', live), priority: 5 },
          { el: this.holdGroup, priority: 3 },
          { el: this.clockGroup, priority: 2 },
          { el: group('Export', h('span', { class: 'muted' }, 'Export'), exportSvgBtn, exportMmd), priority: 1 },
        ],
        'More run actions',
        (onClick) => this.button('More', 'ellipsis', onClick, { id: 'more-run', iconOnly: true, secondary: true, title: 'More actions' }),
      ),
    );

    const step = (label: string, icon: string, id: string, keys: string, onClick: () => void, primary = false): HTMLElement =>
      this.button(label, icon, onClick, { id, iconOnly: true, secondary: !primary, title: label, keys });
    const first = step('Jump to start', 'debug-restart', 'first', 'Home', () => this.go(-1));
    const back = step('Step back', 'debug-step-back', 'back', '←', () => this.go(this.selected - 1));
    const play = step('Play / pause', 'play', 'play', 'Space', () => this.togglePlay(), true);
    const fwd = step('Step forward', 'debug-step-over', 'forward', '→', () => this.go(this.selected + 1));
    const last = step('Jump to end', 'debug-continue', 'last', 'End', () => this.go(this.timeline.length - 1));
    const speed = this.select(
      'speed',
      'Playback speed',
      SPEEDS.map((n) => [String(n), `${n} steps/s`]),
      (v) => {
        this.speed = Number(v);
      },
    );
    speed.value = String(this.speed);
    const position = h('span', { id: 'position', class: 'position', 'aria-live': 'off' });
    const bps = h('span', { class: 'breakpoints', role: 'group', 'aria-label': 'Pause on' }, h('span', { class: 'muted' }, 'Pause on:'));
    for (const bp of BREAKPOINTS) {
      const cb = h('input', { type: 'checkbox', id: `bp-${bp.id}`, checked: this.breakpoints.has(bp.id) });
      cb.addEventListener('change', () => {
        if (cb.checked) this.breakpoints.add(bp.id);
        else this.breakpoints.delete(bp.id);
      });
      bps.append(h('label', { class: 'check', for: `bp-${bp.id}` }, cb, bp.label));
    }
    const controls = h('div', { class: 'controls', role: 'toolbar', 'aria-label': 'Step controls' });
    this.stepButtons = [first, back, play, fwd, last];
    this.overflows.push(
      new OverflowRow(
        controls,
        [
          { el: group('Step', first, back, play, fwd, last, position) },
          { el: group('Speed', speed), priority: 2 },
          { el: group('Pause on', bps), priority: 1 },
        ],
        'More step controls',
        (onClick) => this.button('More', 'ellipsis', onClick, { id: 'more-steps', iconOnly: true, secondary: true, title: 'More step controls' }),
      ),
    );

    const header = h('div', { class: 'lanes', 'aria-hidden': 'true' });
    const rows = s('svg', { class: 'rows', 'aria-hidden': 'true' });
    const spacer = h('div', { class: 'spacer' }, rows);
    const diagram = h(
      'div',
      {
        class: 'diagram',
        id: 'diagram',
        tabindex: 0,
        role: 'slider',
        'aria-label': 'Sequence diagram: use arrow keys to step, Home/End to jump',
        'aria-valuemin': 0,
        'aria-valuenow': 0,
        'aria-valuemax': 0,
      },
      header,
      spacer,
    );
    diagram.addEventListener('scroll', () => this.queueRender());
    diagram.addEventListener('keydown', (ev) => this.onKey(ev));
    rows.addEventListener('click', (ev) => {
      const g = (ev.target as Element).closest('[data-i]');
      if (g) {
        this.pause();
        this.go(Number(g.getAttribute('data-i')));
        diagram.focus();
      }
    });

    const narration = h('section', { class: 'narration', id: 'narration', 'aria-label': 'Narration' });
    const detail = h('section', { class: 'detail', id: 'detail', 'aria-label': 'Selected event' });
    const state = h('section', { class: 'state', id: 'state', 'aria-label': 'Broker state at this step' });
    const side = h('div', { class: 'side' }, narration, detail, state);
    const announce = h('div', { class: 'sr-only', id: 'announce', 'aria-live': 'polite', role: 'status' });
    const status = h('div', { class: 'status', id: 'status', role: 'alert' });
    const mainEl = h('div', { class: 'main' }, diagram, side);
    const empty = h('div', { class: 'empty-state', id: 'empty-state' });
    this.root.append(toolbar, controls, status, mainEl, announce, ...this.overflows.map((o) => o.menu));
    diagram.append(empty);
    installTooltips(this.root);
    document.addEventListener('keydown', (ev) => {
      if (ev.target === document.body) this.onKey(ev);
    });
    return {
      title,
      scenario,
      run,
      live,
      hold,
      release,
      pending,
      clock,
      advance,
      position,
      play,
      speed,
      diagram,
      spacer,
      header,
      rows,
      narration,
      detail,
      state,
      announce,
      status,
      empty,
      main: mainEl,
    };
  }

  // ------------------------------------------------------------------ host messages
  private receive(data: unknown): void {
    const t0 = performance.now();
    try {
      this.dispatch(data);
    } finally {
      this.stats.receiveMs.push(performance.now() - t0);
    }
  }

  private dispatch(data: unknown): void {
    let msg: HostMessage;
    try {
      msg = parseHostMessage(data);
    } catch (err) {
      const text = err instanceof ProtocolError ? err.message : String(err);
      this.showStatus(`Ignored a malformed message from the host: ${text}`, true);
      this.transport.post({ type: 'log', level: 'error', text: `webview rejected a host message: ${text}` });
      return;
    }
    switch (msg.type) {
      case 'init':
        this.init(msg.session);
        break;
      case 'events':
        this.append(msg.events, msg.messages);
        break;
      case 'narration':
        this.narration = msg.steps.slice().sort((a, b) => a.firstSeq - b.firstSeq);
        this.lastPanelN = -2;
        this.queueRender();
        break;
      case 'hold':
        this.holding = msg.holding;
        this.pending = msg.pending;
        this.renderHold();
        break;
      case 'select': {
        const i = this.timeline.store.indexOfSeq(msg.seq);
        this.go(Math.min(i, this.timeline.length - 1));
        break;
      }
      case 'reply': {
        const what = this.inflight.get(msg.requestId);
        this.inflight.delete(msg.requestId);
        if (!msg.ok) this.showStatus(`${what ?? 'request'} failed: ${msg.error}`, true);
        else if (msg.result) this.showStatus(msg.result, false);
        break;
      }
      default:
        assertNever(msg);
    }
  }

  private init(session: SessionInfo): void {
    this.pause();
    this.initialised = true;
    this.session = session;
    this.timeline = new Timeline();
    this.narration = [];
    this.selected = -1;
    this.following = session.mode === 'live';
    this.renderedLanes = -1;
    this.rowPool = []; // the rows showed the previous run
    this.lastPanelN = -2;
    const sel = this.el.scenario;
    const current = session.scenario?.name ?? sel.value;
    sel.textContent = '';
    for (const group of ['tutorial', 'pitfall'] as const) {
      const og = h('optgroup', { label: group === 'tutorial' ? 'RabbitMQ tutorials' : 'Ack pitfalls' });
      for (const sc of session.scenarios.filter((x) => x.group === group)) og.append(h('option', { value: sc.name, title: sc.summary }, sc.title));
      if (og.childElementCount) sel.append(og);
    }
    if (current) sel.value = current;
    this.el.title.textContent = session.title;
    this.renderHold();
    this.persist();
    this.queueRender();
    for (const o of this.overflows) o.fit(); // the title's width changed
  }

  private append(events: TraceEvent[], messages: TraceMessage[]): void {
    const t0 = performance.now();
    const wasAtEnd = this.selected >= this.timeline.length - 1;
    this.timeline.append(events, messages);
    if (this.following && wasAtEnd && this.session.mode === 'live') this.selected = this.timeline.length - 1;
    if (this.selected < 0 && this.session.mode === 'scenario') {
      const restore = this.transport.getState()?.selectedSeq;
      if (restore !== undefined && this.transport.getState()?.scenario === this.session.scenario?.name) {
        const i = this.timeline.store.indexOfSeq(restore);
        if (i < this.timeline.length && this.timeline.store.seqAt(i) === restore) this.selected = i;
      }
    }
    this.queueRender();
    this.stats.appendMs.push(performance.now() - t0);
  }

  // ------------------------------------------------------------------ requests
  private newId(what: string): RequestId {
    const id = requestId(this.nextRequest++);
    this.inflight.set(id, what);
    return id;
  }
  private request(r: WebviewRequest): void {
    this.transport.post(r);
  }
  private runScenario(): void {
    const name = this.el.scenario.value;
    if (!name) {
      this.showStatus('Pick a scenario first.', true);
      return;
    }
    this.request({ type: 'runScenario', requestId: this.newId(`Run ${name}`), name });
  }

  private export(format: 'svg' | 'mermaid'): void {
    const { store, lanes } = this.timeline;
    if (store.length === 0) {
      this.showStatus('Nothing to export yet: run a scenario or go live.', true);
      return;
    }
    const content = format === 'svg' ? exportSvg(store, lanes) : exportMermaid(store, lanes);
    if (this.transport.kind === 'vscode') {
      this.request({ type: 'export', requestId: this.newId(`Export ${format}`), format, content });
      return;
    }
    const blob = new Blob([content], { type: format === 'svg' ? 'image/svg+xml' : 'text/plain' });
    const a = h('a', { href: URL.createObjectURL(blob), download: `acklab-${this.session.scenario?.name ?? 'live'}.${format === 'svg' ? 'svg' : 'mmd'}` });
    document.body.append(a);
    a.click();
    a.remove();
    this.showStatus(`Exported ${format === 'svg' ? 'SVG' : 'Mermaid'} (${content.length} characters).`, false);
  }

  private showStatus(text: string, error: boolean): void {
    this.el.status.textContent = text;
    this.el.status.className = `status ${error ? 'error' : 'info'}`;
  }

  // ------------------------------------------------------------------ stepping
  /** Select event i (clamped); -1 = before the first event. */
  go(i: number): void {
    const n = this.timeline.length;
    const next = Math.max(-1, Math.min(n - 1, i));
    this.following = next === n - 1;
    if (next === this.selected) return;
    this.selected = next;
    const d = this.el.diagram;
    const top = scrollToReveal(Math.max(0, next), d.scrollTop, d.clientHeight - HEADER_HEIGHT);
    if (top !== undefined) d.scrollTop = top;
    if (next >= 0 && d.scrollWidth > d.clientWidth) {
      // A narrow panel shows only some lanes: bring the selected arrow or mark into view horizontally too.
      const r = rowShape(this.timeline.store.get(next), this.timeline.lanes);
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
    this.persist();
    this.render();
  }

  get selectedIndex(): number {
    return this.selected;
  }

  private onKey(ev: KeyboardEvent): void {
    const k = ev.key;
    const act: Record<string, () => void> = {
      ArrowRight: () => this.go(this.selected + 1),
      ArrowDown: () => this.go(this.selected + 1),
      ArrowLeft: () => this.go(this.selected - 1),
      ArrowUp: () => this.go(this.selected - 1),
      PageDown: () => this.go(this.selected + 20),
      PageUp: () => this.go(this.selected - 20),
      Home: () => this.go(-1),
      End: () => this.go(this.timeline.length - 1),
      ' ': () => this.togglePlay(),
    };
    const f = act[k];
    if (f) {
      ev.preventDefault();
      if (k !== ' ') this.pause();
      f();
    }
  }

  private togglePlay(): void {
    if (this.playing !== undefined) {
      this.pause();
      return;
    }
    if (this.selected >= this.timeline.length - 1) this.go(-1);
    this.el.play.setAttribute('icon', 'debug-pause');
    this.el.play.setAttribute('aria-label', 'Pause (Space)');
    const tick = (): void => {
      if (this.selected >= this.timeline.length - 1) {
        this.pause();
        return;
      }
      this.go(this.selected + 1);
      const e = this.timeline.store.get(this.selected);
      const bp = BREAKPOINTS.find((b) => this.breakpoints.has(b.id) && b.match(e));
      if (bp) {
        this.pause();
        this.announce(`Paused on ${bp.label}: ${eventLabel(e)}`);
        return;
      }
      this.playing = setTimeout(tick, 1000 / this.speed);
    };
    this.playing = setTimeout(tick, 1000 / this.speed);
  }

  private pause(): void {
    if (this.playing !== undefined) clearTimeout(this.playing);
    this.playing = undefined;
    this.el?.play.setAttribute('icon', 'play');
    this.el?.play.setAttribute('aria-label', 'Play (Space)');
  }

  private persistTimer: ReturnType<typeof setTimeout> | undefined;
  /** Saves the position for a reload; debounced, since storage writes are synchronous and slow. */
  private persist(): void {
    if (this.persistTimer !== undefined) return;
    this.persistTimer = setTimeout(() => {
      this.persistTimer = undefined;
      this.persistNow();
    }, 250);
  }

  private persistNow(): void {
    const st: PersistedState = { live: this.session.mode === 'live' };
    if (this.session.scenario) st.scenario = this.session.scenario.name;
    if (this.selected >= 0 && this.selected < this.timeline.length) st.selectedSeq = this.timeline.store.seqAt(this.selected);
    this.transport.setState(st);
  }

  private announce(text: string): void {
    this.el.announce.textContent = text;
  }

  // ------------------------------------------------------------------ rendering
  private queueRender(): void {
    if (this.renderQueued) return;
    this.renderQueued = true;
    requestAnimationFrame(() => {
      this.renderQueued = false;
      this.render();
    });
  }

  render(): void {
    const t0 = performance.now();
    this.renderEmpty();
    this.renderDiagram();
    this.renderPanel();
    this.stats.renderMs.push(performance.now() - t0);
    if (this.stats.renderMs.length > 10_000) this.stats.renderMs.splice(0, 5_000);
  }

  private emptyKey = '';
  private initialised = false;
  /**
   * With no events the diagram area explains itself instead of showing an empty grid: in live mode what will
   * appear and how; otherwise (no client connected) the scenarios to replay, the last one first.
   */
  private renderEmpty(): void {
    const isEmpty = this.timeline.length === 0;
    const key = isEmpty ? `${this.initialised}|${this.session.mode}|${this.session.lastScenario ?? ''}|${this.session.scenarios.length}` : '';
    if (key === this.emptyKey) return;
    this.emptyKey = key;
    this.el.main.classList.toggle('is-empty', isEmpty);
    render(isEmpty ? this.emptyView() : nothing, this.el.empty);
  }

  private emptyView(): TemplateResult {
    if (!this.initialised) return html`<p class="muted">Connecting to AckLab…</p>`;
    if (this.session.mode === 'live') {
      return html`<p class="lead"><span class="codicon codicon-broadcast" aria-hidden="true"></span> Following the live broker: nothing has happened yet.</p>
        <p class="muted">
          Start a worker with the AMQP URL AckLab printed (AckLab: Open Terminal with AMQP_URL); each publish, delivery and ack appears here as it happens.
        </p>`;
    }
    const pick = (name: string): void => {
      this.el.scenario.value = name;
      this.runScenario();
    };
    const last = this.session.scenarios.find((x) => x.name === this.session.lastScenario);
    const item = (sc: ScenarioSummary): TemplateResult =>
      html`<li>
        <a
          href="#"
          class="scenario-link"
          data-scenario=${sc.name}
          title=${sc.summary}
          @click=${(ev: Event) => {
            ev.preventDefault();
            pick(sc.name);
          }}
          >${sc.title}</a
        >
      </li>`;
    const list = (g: ScenarioSummary['group'], heading: string): TemplateResult =>
      html`<div class="scenario-group">
        <h3>${heading}</h3>
        <ul>
          ${this.session.scenarios.filter((x) => x.group === g).map(item)}
        </ul>
      </div>`;
    return html`<p class="lead">
        No client is connected to the playground broker yet: replay a scenario step by step, or press Live and start your own worker.
      </p>
      ${last ? html`<p><vscode-button id="run-last" icon="play-circle" @click=${() => pick(last.name)}>Replay “${last.title}”</vscode-button></p>` : nothing}
      <div class="scenario-lists">${list('tutorial', 'RabbitMQ tutorials')}${list('pitfall', 'Acknowledgement pitfalls')}</div>`;
  }

  private renderHold(): void {
    const live = this.session.mode === 'live' || this.session.canHold;
    if (this.holdGroup.hidden === live || this.clockGroup.hidden !== (this.session.mode === 'live')) {
      this.holdGroup.hidden = !live;
      this.clockGroup.hidden = this.session.mode === 'live';
      for (const o of this.overflows) o.fit();
    }
    this.el.hold.checked = this.holding;
    this.el.hold.disabled = !live;
    if (this.holding && this.pending > 0) this.el.release.removeAttribute('disabled');
    else this.el.release.setAttribute('disabled', '');
    this.el.pending.textContent = this.holding ? `${this.pending} held` : '';
  }

  private renderDiagram(): void {
    const { store, lanes } = this.timeline;
    const n = store.length;
    const d = this.el.diagram;
    const width = lanes.width + 220;
    const sh = `${n * ROW_HEIGHT + 8}px`,
      sw = `${width}px`;
    if (this.el.spacer.style.height !== sh) this.el.spacer.style.height = sh;
    if (this.el.spacer.style.width !== sw) this.el.spacer.style.width = sw;
    if (this.renderedLanes !== lanes.changes) {
      this.renderedLanes = lanes.changes;
      this.el.header.textContent = '';
      this.el.header.style.width = `${width}px`;
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
        this.el.header.append(lane);
      }
    }
    const { first, last } = visibleRows(d.scrollTop, Math.max(100, d.clientHeight - HEADER_HEIGHT), n);
    this.renderRows(first, last, width);
    this.updateAria(n);
  }

  /**
   * Draws rows [first, last) into a ring of pooled row elements: row i always lives in slot i % size, so a scroll
   * by k rows rewrites k slots, a step that stays on screen changes two class attributes, and a jump rewrites the
   * attributes and texts of existing elements instead of creating new ones. Every attribute is written only when
   * its value changed (the slot remembers what it shows), so the DOM sees only real changes.
   */
  private renderRows(first: number, last: number, width: number): void {
    const { store, lanes } = this.timeline;
    const svg = this.el.rows;
    const size = last - first;
    if (this.rowPool.length < size || this.rowPoolLanes !== lanes.changes || this.rowPoolWidth !== width) {
      // Lanes or width changed (or the viewport grew): rebuild the lifelines and the pool.
      svg.textContent = '';
      this.rowPool = [];
      this.rowPoolLanes = lanes.changes;
      this.rowPoolWidth = width;
      svg.setAttribute('width', String(width));
      this.lifelines = [];
      this.lifelineSpan = { first: -1, last: -1 };
      for (const l of lanes.list) {
        const line = s('line', { class: 'lifeline', x1: laneX(l.index), x2: laneX(l.index), y1: 0, y2: 0 });
        this.lifelines.push(line);
        svg.append(line);
      }
      this.rowGroup = s('g', {});
      svg.append(this.rowGroup);
      for (let k = 0; k < Math.max(size, 64); k++) this.rowPool.push(newRowSlot(this.rowGroup, width));
    }
    // The SVG spans the whole log (rows at their absolute y), so scrolling moves nothing but the scroll position;
    // only its height changes, when events arrive. Lifelines are drawn over the rows on screen.
    const n = store.length;
    if (this.rowWindow.n !== n || this.rowWindow.pool !== this.rowPool) {
      this.rowWindow = { n, pool: this.rowPool };
      svg.setAttribute('height', String(n * ROW_HEIGHT));
    }
    if (this.lifelineSpan.first !== first || this.lifelineSpan.last !== last) {
      this.lifelineSpan = { first, last };
      for (const line of this.lifelines) {
        line.setAttribute('y1', String(first * ROW_HEIGHT));
        line.setAttribute('y2', String(last * ROW_HEIGHT));
      }
    }
    const pool = this.rowPool;
    const P = pool.length;
    for (let i = first; i < last; i++) {
      const slot = pool[i % P]!;
      if (slot.i !== i) fillRow(slot, i, store.get(i), i > 0 ? store.get(i - 1).time : undefined, lanes);
      const cls = `row ${slot.style}${i === this.selected ? ' selected' : ''}${i > this.selected ? ' future' : ''}`;
      if (slot.cls !== cls) {
        slot.cls = cls;
        slot.g.setAttribute('class', cls);
      }
      if (slot.hidden) {
        slot.hidden = false;
        slot.g.removeAttribute('display');
      }
    }
    // Slots not used by this window (the pool is larger than the window, or the log is short).
    for (const slot of pool) {
      if (!slot.hidden && (slot.i < first || slot.i >= last)) {
        slot.hidden = true;
        slot.g.setAttribute('display', 'none');
      }
    }
  }

  private updateAria(n: number): void {
    const { store } = this.timeline;
    const d = this.el.diagram;
    d.setAttribute('aria-valuemax', String(n));
    d.setAttribute('aria-valuenow', String(this.selected + 1));
    d.setAttribute('aria-valuetext', this.selected >= 0 ? `Step ${this.selected + 1} of ${n}: ${eventLabel(store.get(this.selected))}` : `Start, ${n} steps`);
  }

  private narrationFor(seq: number | undefined): NarrationStep | undefined {
    if (!this.narration.length) return undefined;
    if (seq === undefined) return this.narration[0];
    let found: NarrationStep | undefined;
    for (const st of this.narration) {
      if (st.firstSeq <= seq) found = st;
      else break;
    }
    return found ?? this.narration[0];
  }

  private renderPanel(): void {
    const n = this.selected + 1;
    const { store } = this.timeline;
    const total = store.length;
    this.el.position.textContent = total === 0 ? 'No events yet' : `Step ${n} / ${total}`;
    for (const b of this.stepButtons) b.toggleAttribute('disabled', total === 0);
    if (n === this.lastPanelN && total > 0) return;
    this.lastPanelN = n;
    const e = this.selected >= 0 ? store.get(this.selected) : undefined;
    const state = this.timeline.stateAt(n);
    // lit-html templates: only what changed since the last step touches the DOM, so a step lays out a few nodes
    // instead of the whole panel. Every value is bound as text. The long lists (ready chips, unacked rows) update
    // their rows in place rather than by key: a jump then rewrites texts instead of replacing 80 elements
    // (measured: jumps 20% cheaper, steps the same).
    render(this.narrationView(e), this.el.narration);
    render(this.detailView(e, n), this.el.detail);
    render(stateView(state), this.el.state);
    if (e) this.announce(`Step ${n} of ${total}: ${eventLabel(e)}`);
    else if (total > 0) this.announce(`Start, ${total} steps`);
  }

  private narrationView(e: TraceEvent | undefined): TemplateResult | typeof nothing {
    const nar = this.narrationFor(e?.seq);
    if (nar) {
      const openDoc = (ev: Event): void => {
        if (this.transport.kind === 'vscode' && nar.docUrl) {
          ev.preventDefault();
          this.request({ type: 'openDoc', requestId: this.newId('Open link'), url: nar.docUrl });
        }
      };
      return html`<h2>${nar.index + 1}. ${nar.title}</h2>
        <p>${nar.text}</p>
        ${
          nar.docUrl
            ? html`<p class="doc">
                <span class="codicon codicon-book" aria-hidden="true"></span>
                <a href=${nar.docUrl} target="_blank" rel="noopener noreferrer" @click=${openDoc}>${nar.docTitle ?? 'RabbitMQ documentation'}</a>
              </p>`
            : nothing
        }`;
    }
    if (this.session.mode === 'live') {
      return html`<h2>Live broker</h2>
        <p>
          Events from real clients appear as they happen. Turn on "Hold deliveries" to release each delivery with a click and watch your worker handle it.
        </p>`;
    }
    return nothing;
  }

  private detailView(e: TraceEvent | undefined, n: number): TemplateResult | typeof nothing {
    if (!e) {
      return this.timeline.length > 0
        ? html`<h3>Start</h3>
            <p class="muted">Before the first event. Step forward to begin.</p>`
        : nothing;
    }
    const facts: Array<[string, string | undefined]> = [
      ['kind', e.kind],
      ['time', eventTime(e.time)],
      ['queue', e.queue],
      ['exchange', e.exchange],
      ['routing key', e.routingKey],
      ['channel', e.channel],
      ['consumer', e.consumer],
      ['delivery tag', e.tag?.toString()],
      ['message', e.msg !== undefined ? `m${e.msg}` : undefined],
      ['redelivered', e.redelivered === undefined ? undefined : String(e.redelivered)],
      ['delivery count', e.deliveryCount?.toString()],
      ['reason', e.reason],
      ['code', e.code?.toString()],
      ['text', e.text],
    ];
    const shown = facts.filter((f): f is [string, string] => f[1] !== undefined && f[1] !== '');
    const m = e.msg !== undefined ? this.timeline.store.message(e.msg) : undefined;
    let message: TemplateResult | typeof nothing = nothing;
    if (m) {
      const body = formatBody(m);
      const props = formatTable(m.properties);
      const headers = formatTable(m.headers);
      message = html`<h4>Body (${body.kind})</h4>
        <pre class="body" id="message-body" tabindex="0">${body.text}</pre>
        ${
          props
            ? html`<h4>Properties</h4>
                <pre class="body">${props}</pre>`
            : nothing
        }${
          headers
            ? html`<h4>Headers</h4>
                <pre class="body" id="message-headers">${headers}</pre>`
            : nothing
        }`;
    } else if (e.msg !== undefined && this.session.mode === 'live') {
      message = html`<p class="muted" id="message-body-missing">
        Body not captured: the message was published before Live was pressed (or dropped from memory in a long session).
      </p>`;
    }
    return html`<h3>Step ${n}: ${eventLabel(e)}</h3>
      <dl class="facts">
        ${repeat(
          shown,
          ([k]) => k,
          ([k, v]) =>
            html`<dt>${k}</dt>
              <dd>${v}</dd>`,
        )}
      </dl>
      ${message}`;
  }
}

/**
 * One pooled diagram row: a group with every shape a row can need, drawn in row coordinates (0..ROW_HEIGHT) and
 * moved to its place by the group's transform; unused shapes are hidden. `geom` remembers the geometry written, so
 * re-pointing a slot at another event of the same shape between the same lanes (most of a jump) writes only the
 * transform and the two texts.
 */
interface RowSlot {
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

function newRowSlot(parent: SVGGElement, width: number): RowSlot {
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
function fillRow(slot: RowSlot, i: number, e: TraceEvent, prevTime: number | undefined, lanes: Timeline['lanes']): void {
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

function setAttrs(el: Element, attrs: Record<string, string | number>): void {
  for (const k in attrs) el.setAttribute(k, String(attrs[k]));
}

const MAX_ROWS = 40;
const COUNTERS: Array<[string, keyof StepState['totals']]> = [
  ['published', 'published'],
  ['delivered', 'delivered'],
  ['redelivered', 'redelivered'],
  ['acked', 'acked'],
  ['nacked', 'nacked'],
  ['rejected', 'rejected'],
  ['requeued', 'requeued'],
  ['expired', 'expired'],
  ['dead-lettered', 'deadLettered'],
  ['dropped', 'dropped'],
  ['returned', 'returned'],
  ['errors', 'errors'],
];

/** The broker state at the selected step: counters, then per queue its ready list, unacked deliveries and consumers. */
function stateView(st: StepState): TemplateResult {
  const t = st.totals;
  const counters = COUNTERS.filter(([k, f]) => t[f] > 0 || k === 'published' || k === 'acked');
  const queues = [...st.queues.values()].filter((q) => !q.deleted);
  const clock = eventTime(st.time);
  return html`<h3>State at this step${clock ? html` <span class="muted">(${clock})</span>` : nothing}</h3>
    <ul class="counters" aria-label="Counters">
      ${repeat(
        counters,
        ([k]) => k,
        ([k, f]) => html`<li><b>${t[f]}</b> ${k}</li>`,
      )}
    </ul>
    ${st.lastError ? html`<p class="error-line"><span class="codicon codicon-error" aria-hidden="true"></span> Last error: ${st.lastError}</p>` : nothing}
    ${repeat(
      queues,
      (q) => q.name,
      (q) =>
        queueView(
          q,
          [...st.consumers.values()].filter((c) => c.queue === q.name),
        ),
    )}`;
}

function queueView(q: QueueState, consumers: ConsumerState[]): TemplateResult {
  const nReady = readyCount(q);
  const ready = readyHead(q, MAX_ROWS);
  const rows = [...q.unacked.values()].sort((a, b) => (a.channel < b.channel ? -1 : a.channel > b.channel ? 1 : a.tag - b.tag));
  const chip = (m: number): TemplateResult => {
    const again = q.requeued.get(m);
    return html`<li class=${again ? 'chip redelivered' : 'chip'} title=${again ? `redelivered, delivered ${again} time(s) so far` : 'never delivered'}>
      m${m}${again ? ' ↻' : ''}
    </li>`;
  };
  const unackedRow = (u: UnackedEntry): TemplateResult =>
    html`<tr class=${u.redelivered ? 'redelivered' : ''}>
      <td>${u.tag}</td>
      <td>${u.channel}</td>
      <td title=${u.consumer ?? 'basic.get'}>${u.consumer ? shortConsumerTag(u.consumer) : 'basic.get'}</td>
      <td>m${u.msg}</td>
      <td>${u.redelivered ? 'yes' : 'no'}</td>
      <td>${u.deliveryCount}</td>
    </tr>`;
  return html`<section class="queue" data-queue=${q.name} aria-label=${`Queue ${q.name}`}>
    <h4>
      <span class="codicon codicon-inbox" aria-hidden="true"></span> ${q.name}
      <span class="muted"
        >(${isReplyPseudoQueue(q.name) ? 'direct reply-to: no queue behind it' : q.type}) ready ${nReady} · unacked ${q.unacked.size} ·
        ${plural(consumers.filter((c) => c.active).length, 'consumer')}</span
      >
    </h4>
    <div class="label-row">Ready (next first)</div>
    <ol class="ready" aria-label=${`Ready messages of ${q.name} in delivery order`}>
      ${ready.map(chip)}${
        nReady > MAX_ROWS ? html`<li class="chip more">+${nReady - MAX_ROWS} more</li>` : nothing
      }${ready.length ? nothing : html`<li class="muted empty">no ready messages</li>`}
    </ol>
    ${
      rows.length
        ? html`<div class="label-row">Unacked</div>
            <table class="unacked" aria-label=${`Unacked deliveries of ${q.name}`}>
              <tbody>
                <tr>
                  <th scope="col">tag</th>
                  <th scope="col">channel</th>
                  <th scope="col">consumer</th>
                  <th scope="col">msg</th>
                  <th scope="col" title="redelivered">redeliv.</th>
                  <th scope="col" title="delivery count">count</th>
                </tr>
                ${rows.slice(0, MAX_ROWS).map(unackedRow)}${
                  rows.length > MAX_ROWS
                    ? html`<tr>
                        <td colspan="6">+${rows.length - MAX_ROWS} more</td>
                      </tr>`
                    : nothing
                }
              </tbody>
            </table>`
        : nothing
    }
    ${
      consumers.length
        ? html`<ul class="consumers" aria-label=${`Consumers of ${q.name}`}>
            ${repeat(consumers, (c) => c.tag, consumerView)}
          </ul>`
        : nothing
    }
  </section>`;
}

function consumerView(c: ConsumerState): TemplateResult {
  const cap = c.noAck ? 0 : c.prefetch;
  const slots = cap > 0 && cap <= 20 ? Array.from({ length: cap }, (_, i) => i < c.unacked) : [];
  const desc = c.noAck
    ? 'auto-ack'
    : cap === 0
      ? `prefetch unlimited, ${c.unacked} unacked`
      : `prefetch ${cap}: ${c.unacked} filled, ${Math.max(0, cap - c.unacked)} free`;
  return html`<li class=${c.active ? 'consumer' : 'consumer inactive'}>
    <span class="codicon codicon-person" aria-hidden="true"></span> <span title=${c.tag}>${shortConsumerTag(c.tag)}</span>
    <span class="muted">on ${c.channel}</span>
    <span class="window" aria-hidden="true">${slots.map((full) => html`<span class=${full ? 'slot full' : 'slot'}></span>`)}</span>
    ${desc}${c.active ? '' : ' (cancelled or closed)'}
  </li>`;
}

/** aria-keyshortcuts names for the key caps shown in tooltips. */
function keyNames(keys: string): string {
  return keys
    .split(' ')
    .map((k) => (({ '←': 'ArrowLeft', '→': 'ArrowRight' }) as Record<string, string>)[k] ?? k)
    .join(' ');
}

/** `1 consumer`, `2 consumers` (the tree view's wording). */
function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

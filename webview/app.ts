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
import type { NarrationStep, TraceEvent, TraceMessage } from '../src/protocol/trace';
import { exportMermaid, exportSvg } from './model/export';
import { HEADER_HEIGHT, ROW_HEIGHT, laneX, scrollToReveal, visibleRows } from './model/layout';
import { eventLabel } from '../src/protocol/labels';
import { Timeline } from './model/timeline';
import { BREAKPOINTS, buildRunRow, buildStepRow } from './controls';
import { h, s } from './dom';
import { detailView, narrationFor, narrationView } from './eventPanel';
import { emptyView } from './emptyView';
import type { OverflowRow } from './overflow';
import { fillRow, newRowSlot, renderLaneHeader, revealHorizontally, type RowSlot } from './rows';
import { stateView } from './statePanel';
import { installTooltips } from './tooltip';
import type { Transport } from './transport';
import { nothing, render } from 'lit';

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
  private build(): App['el'] {
    this.root.textContent = '';
    const runRow = buildRunRow({
      runScenario: () => this.runScenario(),
      goLive: () => this.request({ type: 'goLive', requestId: this.newId('goLive') }),
      setHold: (hold) => this.request({ type: 'setHold', requestId: this.newId('setHold'), hold }),
      release: () => this.request({ type: 'releaseDelivery', requestId: this.newId('releaseDelivery') }),
      advance: (ms) => this.request({ type: 'advanceClock', requestId: this.newId('advanceClock'), ms }),
      openExample: () => {
        const name = this.el.scenario.value;
        if (name) this.request({ type: 'openExample', requestId: this.newId('Open example code'), name });
      },
      export: (format) => this.export(format),
    });
    const stepRow = buildStepRow(
      {
        first: () => this.go(-1),
        back: () => this.go(this.selected - 1),
        togglePlay: () => this.togglePlay(),
        forward: () => this.go(this.selected + 1),
        last: () => this.go(this.timeline.length - 1),
        setSpeed: (n) => {
          this.speed = n;
        },
      },
      this.speed,
      this.breakpoints,
    );
    this.holdGroup = runRow.holdGroup;
    this.clockGroup = runRow.clockGroup;
    this.stepButtons = stepRow.stepButtons;
    this.overflows.push(runRow.row, stepRow.row);
    const parts = this.buildMain();
    this.root.append(runRow.el, stepRow.el, parts.status, parts.main, parts.announce, ...this.overflows.map((o) => o.menu));
    installTooltips(this.root);
    document.addEventListener('keydown', (ev) => {
      if (ev.target === document.body) this.onKey(ev);
    });
    const { title, scenario, run, live, hold, release, pending, clock, advance } = runRow;
    const { position, play, speed } = stepRow;
    return { title, scenario, run, live, hold, release, pending, clock, advance, position, play, speed, ...parts };
  }

  /** The diagram (lane header over pooled SVG rows, and the empty state) beside the narration, detail and state panels. */
  private buildMain(): Omit<
    App['el'],
    'title' | 'scenario' | 'run' | 'live' | 'hold' | 'release' | 'pending' | 'clock' | 'advance' | 'position' | 'play' | 'speed'
  > {
    const header = h('div', { class: 'lanes', 'aria-hidden': 'true' });
    const rows = s('svg', { class: 'rows', 'aria-hidden': 'true' });
    const spacer = h('div', { class: 'spacer' }, rows);
    const empty = h('div', { class: 'empty-state', id: 'empty-state' });
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
      empty,
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
    const main = h('div', { class: 'main' }, diagram, side);
    return { diagram, spacer, header, rows, narration, detail, state, announce, status, empty, main };
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
    if (next >= 0) revealHorizontally(d, this.timeline.store.get(next), this.timeline.lanes);
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

  private emptyView(): ReturnType<typeof emptyView> {
    return emptyView(this.initialised, this.session, (name) => {
      this.el.scenario.value = name;
      this.runScenario();
    });
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
      renderLaneHeader(this.el.header, lanes, width);
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
    const openDoc = (ev: Event, url: string): void => {
      if (this.transport.kind !== 'vscode') return;
      ev.preventDefault();
      this.request({ type: 'openDoc', requestId: this.newId('Open link'), url });
    };
    render(narrationView(narrationFor(this.narration, e?.seq), this.session.mode, openDoc), this.el.narration);
    render(detailView(e, n, this.timeline, this.session.mode), this.el.detail);
    render(stateView(state), this.el.state);
    if (e) this.announce(`Step ${n} of ${total}: ${eventLabel(e)}`);
    else if (total > 0) this.announce(`Start, ${total} steps`);
  }
}

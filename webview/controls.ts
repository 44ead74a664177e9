// The stepper's two toolbar rows: run actions (scenario, Live, hold, clock, export) and step controls. Each row
// never wraps: groups that do not fit move into the row's "More actions" menu, least important first (overflow.ts).
import type { TraceEvent } from '../src/protocol/trace';
import { h } from './dom';
import { OverflowRow } from './overflow';

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

/** aria-keyshortcuts names for the key caps shown in tooltips. */
function keyNames(keys: string): string {
  return keys
    .split(' ')
    .map((k) => (({ '←': 'ArrowLeft', '→': 'ArrowRight' }) as Record<string, string>)[k] ?? k)
    .join(' ');
}

/** A button; `title` and `keys` show in a visible tooltip (tooltip.ts), and the keys are announced too. */
export function button(
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

function select(id: string, label: string, options: Array<[string, string]>, onChange: (v: string) => void): HTMLSelectElement {
  const sel = h('select', { id, 'aria-label': label, class: 'native-select' });
  for (const [v, text] of options) sel.append(h('option', { value: v }, text));
  sel.addEventListener('change', () => onChange(sel.value));
  return sel;
}

const group = (label: string, ...children: Array<Node | string>): HTMLElement => h('span', { class: 'group', role: 'group', 'aria-label': label }, ...children);

/** What the run row's controls do. */
export interface RunActions {
  runScenario(): void;
  goLive(): void;
  setHold(on: boolean): void;
  release(): void;
  advance(ms: number): void;
  openExample(): void;
  export(format: 'svg' | 'mermaid'): void;
}

export interface RunRow {
  el: HTMLElement;
  row: OverflowRow;
  title: HTMLElement;
  scenario: HTMLSelectElement;
  run: HTMLElement;
  live: HTMLElement;
  hold: HTMLInputElement;
  release: HTMLElement;
  pending: HTMLElement;
  clock: HTMLSelectElement;
  advance: HTMLElement;
  /** Shown only in the modes where they can act (App.renderHold): holding needs the live broker, the clock a scenario. */
  holdGroup: HTMLElement;
  clockGroup: HTMLElement;
}

export function buildRunRow(on: RunActions): RunRow {
  const title = h('h1', { class: 'title' }, 'AckLab: Deliveries');
  const scenario = select('scenario', 'Scenario', [], () => undefined);
  const run = button('Run', 'play-circle', () => on.runScenario(), { id: 'run', title: 'Run the selected scenario' });
  const live = button('Live', 'broadcast', () => on.goLive(), { id: 'live', secondary: true, title: 'Watch the live broker (real clients)' });
  const hold = h('input', { type: 'checkbox', id: 'hold', 'aria-describedby': 'pending' });
  hold.addEventListener('change', () => on.setHold(hold.checked));
  const holdLabel = h('label', { for: 'hold', class: 'check' }, hold, 'Hold deliveries');
  const release = button('Release next', 'debug-continue', () => on.release(), {
    id: 'release',
    secondary: true,
    title: 'Send the next held delivery to its consumer',
  });
  const pending = h('span', { id: 'pending', class: 'muted' });
  const clock = select(
    'clock-step',
    'Clock step',
    CLOCK_STEPS.map(([l, ms]) => [String(ms), l]),
    () => undefined,
  );
  clock.value = '1800000';
  const advance = button('Advance', 'watch', () => on.advance(Number(clock.value)), {
    id: 'advance',
    secondary: true,
    title: "Advance the scenario's virtual clock (consumer timeouts, TTLs)",
  });
  const example = button('Example code', 'code', () => on.openExample(), {
    id: 'example',
    secondary: true,
    title: "Open the tutorial's amqplib example code in an editor",
  });
  const exportSvgBtn = button('SVG', 'file-media', () => on.export('svg'), { id: 'export-svg', secondary: true, title: 'Export the diagram as SVG' });
  const exportMmd = button('Mermaid', 'file-code', () => on.export('mermaid'), {
    id: 'export-mermaid',
    secondary: true,
    title: 'Export the diagram as a Mermaid sequence diagram',
  });
  const holdGroup = group('Hold deliveries', holdLabel, release, pending);
  const clockGroup = group('Virtual clock', clock, advance);
  const toolbar = h('div', { class: 'toolbar', role: 'toolbar', 'aria-label': 'Run' });
  const row = new OverflowRow(
    toolbar,
    [
      { el: group('Scenario', title, scenario, run, example) },
      { el: group('Live', live), priority: 5 },
      { el: holdGroup, priority: 3 },
      { el: clockGroup, priority: 2 },
      { el: group('Export', h('span', { class: 'muted' }, 'Export'), exportSvgBtn, exportMmd), priority: 1 },
    ],
    'More run actions',
    (onClick) => button('More', 'ellipsis', onClick, { id: 'more-run', iconOnly: true, secondary: true, title: 'More actions' }),
  );
  return { el: toolbar, row, title, scenario, run, live, hold, release, pending, clock, advance, holdGroup, clockGroup };
}

/** What the step row's controls do. */
export interface StepActions {
  first(): void;
  back(): void;
  togglePlay(): void;
  forward(): void;
  last(): void;
  setSpeed(stepsPerSecond: number): void;
}

export interface StepRow {
  el: HTMLElement;
  row: OverflowRow;
  play: HTMLElement;
  speed: HTMLSelectElement;
  position: HTMLElement;
  /** Disabled while there is nothing to step through. */
  stepButtons: HTMLElement[];
}

/** The step row; `breakpoints` holds the ids of the checked "Pause on" boxes and is kept up to date. */
export function buildStepRow(on: StepActions, speedNow: number, breakpoints: Set<string>): StepRow {
  const step = (label: string, icon: string, id: string, keys: string, onClick: () => void, primary = false): HTMLElement =>
    button(label, icon, onClick, { id, iconOnly: true, secondary: !primary, title: label, keys });
  const first = step('Jump to start', 'debug-restart', 'first', 'Home', () => on.first());
  const back = step('Step back', 'debug-step-back', 'back', '←', () => on.back());
  const play = step('Play / pause', 'play', 'play', 'Space', () => on.togglePlay(), true);
  const fwd = step('Step forward', 'debug-step-over', 'forward', '→', () => on.forward());
  const last = step('Jump to end', 'debug-continue', 'last', 'End', () => on.last());
  const speed = select(
    'speed',
    'Playback speed',
    SPEEDS.map((n) => [String(n), `${n} steps/s`]),
    (v) => on.setSpeed(Number(v)),
  );
  speed.value = String(speedNow);
  const position = h('span', { id: 'position', class: 'position', 'aria-live': 'off' });
  const bps = h('span', { class: 'breakpoints', role: 'group', 'aria-label': 'Pause on' }, h('span', { class: 'muted' }, 'Pause on:'));
  for (const bp of BREAKPOINTS) {
    const cb = h('input', { type: 'checkbox', id: `bp-${bp.id}`, checked: breakpoints.has(bp.id) });
    cb.addEventListener('change', () => {
      if (cb.checked) breakpoints.add(bp.id);
      else breakpoints.delete(bp.id);
    });
    bps.append(h('label', { class: 'check', for: `bp-${bp.id}` }, cb, bp.label));
  }
  const controls = h('div', { class: 'controls', role: 'toolbar', 'aria-label': 'Step controls' });
  const row = new OverflowRow(
    controls,
    [{ el: group('Step', first, back, play, fwd, last, position) }, { el: group('Speed', speed), priority: 2 }, { el: group('Pause on', bps), priority: 1 }],
    'More step controls',
    (onClick) => button('More', 'ellipsis', onClick, { id: 'more-steps', iconOnly: true, secondary: true, title: 'More step controls' }),
  );
  return { el: controls, row, play, speed, position, stepButtons: [first, back, play, fwd, last] };
}

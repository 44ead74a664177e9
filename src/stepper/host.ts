// The host side of the stepper, shared by the VS Code panel (src/vscode/stepperPanel.ts) and
// the `--ui` web server (src/stepper/server.ts). It validates every webview message, runs
// scenarios in a fresh in-process broker, or follows a live broker's event log.
import type { Broker, BrokerEvent } from '../broker';
import {
  PROTOCOL_VERSION,
  ProtocolError,
  assertNever,
  parseWebviewMessage,
  type HostMessage,
  type RequestId,
  type SessionInfo,
  type WebviewMessage,
} from '../protocol/messages';
import type { NarrationStep, ScenarioSummary, TraceEvent, TraceMessage } from '../protocol/trace';
import { BrokerTrace, contentMessage } from '../scenarios/brokerTrace';
import { SCENARIOS, findScenario } from '../scenarios/catalog';
import { PlaygroundBackend } from '../scenarios/playground';
import { runScenario } from '../scenarios/runner';
import type { Scenario } from '../scenarios/types';

export interface StepperHostOptions {
  /** Sends a message to the webview (postMessage or WebSocket). */
  post(msg: HostMessage): void;
  /** The broker real clients are connected to (live mode), if any. */
  liveBroker?(): Broker | undefined;
  openDoc?(url: string): Promise<void>;
  openExample?(scenario: Scenario): Promise<void>;
  /** Saves an export; returns a message for the user (e.g. the file written). */
  saveExport?(format: 'svg' | 'mermaid', content: string): Promise<string | undefined>;
  log?(level: 'info' | 'error', text: string): void;
  /** More scenarios offered besides the catalog (user-defined ones, test fixtures). */
  extraScenarios?: readonly Scenario[];
  /** Remembers the last scenario run (across panels / page loads), offered first when the stepper opens empty. */
  lastScenario?: { get(): string | undefined; set(name: string): void };
}

/** One message's delivery to select in live mode (a test finding's, from "AckLab: Run Tests Against the Playground"). */
export interface MessageFocus {
  /** The broker's message copy id (BrokerEvent.messageId, TraceEvent.msg). */
  messageId: number;
  /** Prefer the delivery with this tag (and channel), else the message's first delivery. */
  deliveryTag?: number;
  channel?: number;
  /** Only events after this seq (the run's start): ids are the broker's, not the run's. */
  sinceSeq?: number;
}

export function isMessageFocus(x: unknown): x is MessageFocus {
  const o = x as Partial<Record<keyof MessageFocus, unknown>> | null;
  const optNum = (v: unknown) => v === undefined || (typeof v === 'number' && Number.isSafeInteger(v));
  return (
    typeof o === 'object' &&
    o !== null &&
    typeof o.messageId === 'number' &&
    Number.isSafeInteger(o.messageId) &&
    optNum(o.deliveryTag) &&
    optNum(o.channel) &&
    optNum(o.sinceSeq)
  );
}

/** Events per host message: each message is one task in the webview, so it must stay well under a frame. */
const CHUNK = 2000;
const LIVE_FLUSH_MS = 50;
/** Message ids whose body was sent to the webview, remembered to send each body once. */
const LIVE_SENT_MEMORY = 50_000;

export function scenarioSummaries(extra: readonly Scenario[] = []): ScenarioSummary[] {
  return [...SCENARIOS, ...extra].map((s) => ({ name: s.name, title: s.title, group: s.group, summary: s.summary, docUrl: s.docUrl }));
}

/** Runs a scenario in a fresh playground and returns its trace and narration. */
export async function recordScenario(s: Scenario): Promise<{ backend: PlaygroundBackend; narration: NarrationStep[]; passed: boolean }> {
  const backend = new PlaygroundBackend();
  const narration: NarrationStep[] = [];
  let first = 0;
  const result = await runScenario(s, backend, {
    beforeStep: () => {
      first = backend.broker.events.lastSeq + 1;
    },
    afterStep: (i) => {
      const st = s.steps[i]!;
      const n: NarrationStep = { index: i, title: st.title, text: st.say, firstSeq: first, lastSeq: backend.broker.events.lastSeq };
      const doc = st.doc ?? (i === 0 ? s.docUrl : undefined);
      if (doc) {
        n.docUrl = doc;
        n.docTitle = docTitle(doc);
      }
      narration.push(n);
    },
  });
  return { backend, narration, passed: result.passed };
}

function docTitle(url: string): string {
  const m = /rabbitmq\.com\/(?:docs|tutorials)\/([^#?]+)(?:#(.+))?/.exec(url);
  if (!m) return 'RabbitMQ documentation';
  const page = m[1]!.replace(/tutorial-(\w+)-\w+/, 'tutorial $1').replace(/-/g, ' ');
  return `RabbitMQ docs: ${page}${m[2] ? ` — ${m[2].replace(/-/g, ' ')}` : ''}`;
}

export class StepperHost {
  private ready = false;
  private scenario: { s: Scenario; backend: PlaygroundBackend; sent: number } | undefined;
  private live:
    | {
        broker: Broker;
        sub: { dispose(): void };
        retain: { dispose(): void };
        trace: BrokerTrace;
        buffer: TraceEvent[];
        timer: ReturnType<typeof setTimeout> | undefined;
        names: Map<number, string>;
        /** Bodies captured for events in `buffer`, and the ids already sent (bounded). */
        messages: Map<number, TraceMessage>;
        sent: Set<number>;
        /** A seq to select once the buffered events have reached the webview. */
        select: number | undefined;
      }
    | undefined;

  /** True while the stepper follows a running broker (live mode), not a scenario. */
  get isLive(): boolean {
    return this.live !== undefined;
  }
  private runSeq = 0;

  constructor(private readonly o: StepperHostOptions) {}

  private find(name: string): Scenario | undefined {
    return findScenario(name) ?? this.o.extraScenarios?.find((s) => s.name === name);
  }

  /** Entry point for every message from the webview: validated here. */
  async handle(raw: unknown): Promise<void> {
    let msg: WebviewMessage;
    try {
      msg = parseWebviewMessage(raw);
    } catch (err) {
      this.o.log?.('error', `stepper: rejected a webview message: ${err instanceof ProtocolError ? err.message : String(err)}`);
      const id = (raw as { requestId?: unknown } | null)?.requestId;
      if (typeof id === 'number' && Number.isSafeInteger(id) && id > 0) {
        this.o.post({ type: 'reply', requestId: id as RequestId, ok: false, error: err instanceof Error ? err.message : String(err) });
      }
      return;
    }
    switch (msg.type) {
      case 'ready':
        return this.onReady(msg);
      case 'log':
        this.o.log?.(msg.level, `webview: ${msg.text}`);
        return;
      default:
        return this.reply(msg.requestId, () => this.answer(msg));
    }
  }

  private async onReady(msg: Extract<WebviewMessage, { type: 'ready' }>): Promise<void> {
    if (msg.version !== PROTOCOL_VERSION) {
      this.o.log?.('error', `stepper: webview speaks protocol ${msg.version}, host ${PROTOCOL_VERSION}`);
      return;
    }
    this.ready = true;
    const st = msg.state;
    // Open useful: what the panel showed before a reload; else Live when real clients are connected (there is
    // something to watch); else the scenario list, the last one run first.
    if (st?.scenario && this.find(st.scenario)) await this.runScenario(st.scenario);
    else if ((st?.live && this.o.liveBroker?.()) || this.clientsConnected()) this.goLive();
    else this.o.post({ type: 'init', version: PROTOCOL_VERSION, session: this.session('empty', 'AckLab: Deliveries') });
  }

  /** Carries out a request; resolves to the text the reply shows (undefined: none), throws to reply with an error. */
  private async answer(msg: Exclude<WebviewMessage, { type: 'ready' | 'log' }>): Promise<string | undefined> {
    switch (msg.type) {
      case 'runScenario': {
        const passed = await this.runScenario(msg.name);
        return passed ? undefined : 'The run did not match all expected outcomes; see the trace.';
      }
      case 'goLive':
        this.goLive();
        return undefined;
      case 'setHold': {
        const b = this.requireLive();
        b.setHoldDeliveries(msg.hold);
        this.postHold();
        return msg.hold ? 'Holding deliveries: each one waits for "Release next".' : 'Deliveries flow freely again.';
      }
      case 'releaseDelivery': {
        const p = this.requireLive().releaseNextDelivery();
        this.postHold();
        return p ? `Released delivery tag ${p.deliveryTag} to ${p.consumerTag || 'basic.get'}.` : 'No delivery is waiting.';
      }
      case 'advanceClock':
        if (this.scenario) {
          this.scenario.backend.advanceClock(msg.ms);
          this.flushScenario();
          return undefined;
        }
        throw new Error('The live broker runs on real time; advance the clock from the AckLab command "Fast-forward the virtual clock".');
      case 'export':
        if (!this.o.saveExport) throw new Error('Export is not available here.');
        return this.o.saveExport(msg.format, msg.content);
      case 'openDoc':
        await this.o.openDoc?.(msg.url);
        return undefined;
      case 'openExample': {
        const s = this.find(msg.name);
        if (!s?.example) throw new Error(`Scenario '${msg.name}' has no example code.`);
        if (!this.o.openExample) throw new Error('Example code opens in an editor: use the stepper inside VS Code (Scenarios view → Open example code).');
        await this.o.openExample(s);
        return undefined;
      }
      default:
        return assertNever(msg);
    }
  }

  private async reply(id: RequestId, f: () => Promise<string | undefined>): Promise<void> {
    try {
      const result = await f();
      this.o.post(result === undefined ? { type: 'reply', requestId: id, ok: true } : { type: 'reply', requestId: id, ok: true, result });
    } catch (err) {
      this.o.post({ type: 'reply', requestId: id, ok: false, error: err instanceof Error ? err.message : String(err) });
    }
  }

  private session(mode: SessionInfo['mode'], title: string, s?: Scenario): SessionInfo {
    const info: SessionInfo = { mode, title, canHold: mode === 'live', scenarios: scenarioSummaries(this.o.extraScenarios) };
    if (s) info.scenario = { name: s.name, title: s.title, group: s.group, summary: s.summary, docUrl: s.docUrl };
    const last = this.o.lastScenario?.get();
    if (last && this.find(last)) info.lastScenario = last;
    return info;
  }

  /** Whether clients over AMQP (not AckLab's own in-process connections) are connected to the live broker. */
  private clientsConnected(): boolean {
    const b = this.o.liveBroker?.();
    return b !== undefined && b.snapshot().connections.some((c) => c.remoteAddress !== '');
  }

  /** Runs a scenario (the host may call this too, e.g. from the Scenarios view). Returns whether its expectations held. */
  async runScenario(name: string): Promise<boolean> {
    const s = this.find(name);
    if (!s) throw new Error(`Unknown scenario '${name}'. Known: ${[...SCENARIOS, ...(this.o.extraScenarios ?? [])].map((x) => x.name).join(', ')}`);
    this.stopLive();
    const run = ++this.runSeq;
    const { backend, narration, passed } = await recordScenario(s);
    if (run !== this.runSeq) {
      void backend.dispose();
      return passed;
    } // superseded
    void this.scenario?.backend.dispose();
    this.scenario = { s, backend, sent: 0 };
    this.o.lastScenario?.set(s.name);
    this.o.post({
      type: 'init',
      version: PROTOCOL_VERSION,
      session: this.session('scenario', `${s.group === 'tutorial' ? 'Tutorial' : 'Pitfall'}: ${s.title}`, s),
    });
    this.o.post({ type: 'narration', steps: narration });
    this.flushScenario();
    return passed;
  }

  private flushScenario(): void {
    const sc = this.scenario;
    if (!sc) return;
    const all = sc.backend.trace;
    const events = all.slice(sc.sent);
    sc.sent = all.length;
    this.postEvents(events, (id) => sc.backend.messages.get(id));
  }

  /** Posts events CHUNK at a time, each message with the contents (from `content`) of the messages its events name. */
  private postEvents(events: readonly TraceEvent[], content: (id: number) => TraceMessage | undefined): void {
    for (let i = 0; i < events.length; i += CHUNK) {
      const chunk = events.slice(i, i + CHUNK);
      const messages: TraceMessage[] = [];
      for (const id of new Set(chunk.map((e) => e.msg))) {
        const m = id === undefined ? undefined : content(id);
        if (m) messages.push(m);
      }
      this.o.post({ type: 'events', events: chunk, messages });
    }
  }

  private requireLive(): Broker {
    if (!this.live) throw new Error('Hold deliveries works in live mode: press Live first.');
    return this.live.broker;
  }

  goLive(): void {
    const broker = this.o.liveBroker?.();
    if (!broker) throw new Error('No live broker is running. Start the AckLab broker first.');
    if (this.live?.broker === broker) return;
    this.stopLive();
    void this.scenario?.backend.dispose();
    this.scenario = undefined;
    const names = new Map<number, string>();
    const refreshNames = (): void => {
      for (const c of broker.snapshot().connections) names.set(c.id, c.name || `conn${c.id}`);
    };
    refreshNames();
    const trace = new BrokerTrace({ connection: (id) => names.get(id), queueType: (q) => broker.queueDetail('/', q)?.type });
    // Real clients' message bodies: the broker indexes ready/unacked messages while the stepper follows it, so each
    // enqueue or delivery event can carry its body (events from before Live was pressed show none).
    const live: NonNullable<StepperHost['live']> = {
      broker,
      trace,
      buffer: [],
      timer: undefined,
      names,
      sub: { dispose: () => undefined },
      retain: { dispose: () => undefined },
      messages: new Map(),
      sent: new Set(),
      select: undefined,
    };
    this.live = live;
    this.o.post({ type: 'init', version: PROTOCOL_VERSION, session: this.session('live', 'Live broker') });
    const push = (ev: BrokerEvent, current: boolean): void => {
      if (ev.kind === 'connection-opened') refreshNames();
      const t = trace.convert(ev);
      if (t) {
        live.buffer.push(t);
        if (current && t.msg !== undefined && !live.sent.has(t.msg)) {
          const c = broker.messageContent(t.msg);
          if (c) {
            live.messages.set(t.msg, contentMessage(t.msg, c));
            live.sent.add(t.msg);
            if (live.sent.size > LIVE_SENT_MEMORY) live.sent.delete(live.sent.values().next().value as number);
          }
        }
      }
      if (!live.timer) live.timer = setTimeout(() => this.flushLive(), LIVE_FLUSH_MS);
    };
    for (const ev of broker.events.entries()) push(ev, false);
    live.retain = broker.retainContent();
    live.sub = broker.events.subscribe((ev) => push(ev, true));
    this.postHold();
  }

  private flushLive(): void {
    const live = this.live;
    if (!live) return;
    live.timer = undefined;
    const events = live.buffer;
    live.buffer = [];
    // each captured body goes once, with the first chunk that names its message
    this.postEvents(events, (id) => {
      const m = live.messages.get(id);
      live.messages.delete(id);
      return m;
    });
    live.messages.clear();
    if (live.select !== undefined) this.o.post({ type: 'select', seq: live.select });
    live.select = undefined;
    this.postHold();
  }

  /**
   * Live mode: selects a message's delivery (the one with the focus's tag, else its first delivery, else its
   * first event). Returns the seq selected, or undefined when the broker's event log no longer holds it.
   */
  focusMessage(f: MessageFocus): number | undefined {
    const live = this.live;
    if (!live) throw new Error('Selecting a delivery works in live mode: press Live first.');
    let first: number | undefined, delivered: number | undefined, exact: number | undefined;
    for (const ev of live.broker.events.entries()) {
      if (ev.seq <= (f.sinceSeq ?? 0) || !('messageId' in ev) || ev.messageId !== f.messageId) continue;
      first ??= ev.seq;
      if (ev.kind !== 'delivered') continue;
      delivered ??= ev.seq;
      if (exact === undefined && ev.deliveryTag === f.deliveryTag && (f.channel === undefined || ev.channel === f.channel)) exact = ev.seq;
    }
    const seq = exact ?? delivered ?? first;
    if (seq === undefined) return undefined;
    // the webview selects among the events it has: the buffered ones go first
    if (live.timer || live.buffer.length) live.select = seq;
    else this.o.post({ type: 'select', seq });
    return seq;
  }

  private postHold(): void {
    const b = this.live?.broker;
    if (!b || !this.ready) return;
    let pending: number;
    try {
      pending = b.pendingDeliveries().length;
    } catch {
      pending = 0;
    }
    this.o.post({ type: 'hold', holding: b.holdingDeliveries, pending });
  }

  private stopLive(): void {
    if (!this.live) return;
    this.live.sub.dispose();
    this.live.retain.dispose();
    if (this.live.timer) clearTimeout(this.live.timer);
    this.live = undefined;
  }

  dispose(): void {
    this.stopLive();
    void this.scenario?.backend.dispose();
    this.scenario = undefined;
  }
}

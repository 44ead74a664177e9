// Host <-> stepper webview messages. One discriminated union per direction, each validated on
// arrival (`parseHostMessage` in the webview, `parseWebviewMessage` in the host): the other side
// is untrusted. The same messages travel over VS Code's postMessage and over the `--ui` WebSocket.
import { narrationError, traceEventError, traceMessageError, type NarrationStep, type ScenarioSummary, type TraceEvent, type TraceMessage } from './trace';

export const PROTOCOL_VERSION = 1;

/** A request id chosen by the webview and echoed by the host's reply. */
export type RequestId = number & { readonly __brand: 'RequestId' };
export function requestId(n: number): RequestId {
  if (!Number.isSafeInteger(n) || n <= 0) throw new ProtocolError(`request id must be a positive integer, got ${n}`);
  return n as RequestId;
}

export class ProtocolError extends Error {
  override readonly name = 'ProtocolError';
}

export interface SessionInfo {
  mode: 'scenario' | 'live' | 'empty';
  title: string;
  scenario?: ScenarioSummary;
  /** Live mode: deliveries can be held (the broker's stepping mode). */
  canHold: boolean;
  /** Scenarios the host can run, for the picker. */
  scenarios: ScenarioSummary[];
  /** The scenario last run in this host, offered first when the stepper opens empty. */
  lastScenario?: string;
}

// ---------------------------------------------------------------- host -> webview
export type HostMessage =
  | { type: 'init'; version: number; session: SessionInfo }
  | { type: 'events'; events: TraceEvent[]; messages: TraceMessage[] }
  | { type: 'narration'; steps: NarrationStep[] }
  | { type: 'hold'; holding: boolean; pending: number }
  | { type: 'select'; seq: number }
  | { type: 'reply'; requestId: RequestId; ok: true; result?: string }
  | { type: 'reply'; requestId: RequestId; ok: false; error: string };

// ---------------------------------------------------------------- webview -> host
/** Requests the webview can make; each carries an id the host's `reply` echoes. */
export type WebviewRequest =
  | { type: 'runScenario'; requestId: RequestId; name: string }
  | { type: 'goLive'; requestId: RequestId }
  | { type: 'setHold'; requestId: RequestId; hold: boolean }
  | { type: 'releaseDelivery'; requestId: RequestId }
  | { type: 'advanceClock'; requestId: RequestId; ms: number }
  | { type: 'export'; requestId: RequestId; format: 'svg' | 'mermaid'; content: string }
  | { type: 'openDoc'; requestId: RequestId; url: string }
  | { type: 'openExample'; requestId: RequestId; name: string };

/** What the webview keeps across reloads (VS Code's setState, and the panel serializer). */
export interface PersistedState {
  scenario?: string;
  live?: boolean;
  selectedSeq?: number;
}

export type WebviewMessage =
  { type: 'ready'; version: number; state?: PersistedState } | { type: 'log'; level: 'info' | 'error'; text: string } | WebviewRequest;

// ---------------------------------------------------------------- validation helpers
type Obj = Record<string, unknown>;
function obj(x: unknown, what: string): Obj {
  if (typeof x !== 'object' || x === null || Array.isArray(x)) throw new ProtocolError(`${what} must be an object`);
  return x as Obj;
}
function str(o: Obj, f: string, max = 1_000_000): string {
  const v = o[f];
  if (typeof v !== 'string') throw new ProtocolError(`${String(o.type)}.${f} must be a string`);
  if (v.length > max) throw new ProtocolError(`${String(o.type)}.${f} is longer than ${max} characters`);
  return v;
}
function num(o: Obj, f: string): number {
  const v = o[f];
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new ProtocolError(`${String(o.type)}.${f} must be a finite number`);
  return v;
}
function bool(o: Obj, f: string): boolean {
  const v = o[f];
  if (typeof v !== 'boolean') throw new ProtocolError(`${String(o.type)}.${f} must be a boolean`);
  return v;
}
function reqId(o: Obj): RequestId {
  const v = o.requestId;
  if (typeof v !== 'number') throw new ProtocolError(`${String(o.type)}.requestId must be a number`);
  return requestId(v);
}
function arr(o: Obj, f: string): unknown[] {
  const v = o[f];
  if (!Array.isArray(v)) throw new ProtocolError(`${String(o.type)}.${f} must be an array`);
  return v;
}
function checkAll(items: unknown[], check: (x: unknown) => string | undefined, what: string): void {
  for (let i = 0; i < items.length; i++) {
    const err = check(items[i]);
    if (err) throw new ProtocolError(`${what}[${i}]: ${err}`);
  }
}
function scenarioSummary(x: unknown): ScenarioSummary {
  const o = obj(x, 'scenario');
  const group = o.group;
  if (group !== 'tutorial' && group !== 'pitfall') throw new ProtocolError('scenario.group must be tutorial or pitfall');
  return { name: str(o, 'name', 200), title: str(o, 'title', 500), group, summary: str(o, 'summary', 5000), docUrl: str(o, 'docUrl', 2000) };
}

/** Validates a message arriving in the webview. Throws ProtocolError with a clear reason. */
export function parseHostMessage(x: unknown): HostMessage {
  const o = obj(x, 'host message');
  switch (o.type) {
    case 'init': {
      const version = num(o, 'version');
      if (version !== PROTOCOL_VERSION) throw new ProtocolError(`protocol version ${version} is not supported (expected ${PROTOCOL_VERSION})`);
      const s = obj(o.session, 'init.session');
      const mode = s.mode;
      if (mode !== 'scenario' && mode !== 'live' && mode !== 'empty') throw new ProtocolError('init.session.mode must be scenario, live or empty');
      const session: SessionInfo = {
        mode,
        title: str(s, 'title', 500),
        canHold: bool(s, 'canHold'),
        scenarios: arr(s, 'scenarios').map(scenarioSummary),
      };
      if (s.scenario !== undefined) session.scenario = scenarioSummary(s.scenario);
      if (s.lastScenario !== undefined) session.lastScenario = str(s, 'lastScenario', 200);
      return { type: 'init', version, session };
    }
    case 'events': {
      const events = arr(o, 'events');
      const messages = arr(o, 'messages');
      checkAll(events, traceEventError, 'events');
      checkAll(messages, traceMessageError, 'messages');
      return { type: 'events', events: events as TraceEvent[], messages: messages as TraceMessage[] };
    }
    case 'narration': {
      const steps = arr(o, 'steps');
      checkAll(steps, narrationError, 'steps');
      return { type: 'narration', steps: steps as NarrationStep[] };
    }
    case 'hold':
      return { type: 'hold', holding: bool(o, 'holding'), pending: num(o, 'pending') };
    case 'select':
      return { type: 'select', seq: num(o, 'seq') };
    case 'reply': {
      const id = reqId(o);
      if (o.ok === true) {
        return o.result === undefined ? { type: 'reply', requestId: id, ok: true } : { type: 'reply', requestId: id, ok: true, result: str(o, 'result') };
      }
      if (o.ok === false) return { type: 'reply', requestId: id, ok: false, error: str(o, 'error', 10_000) };
      throw new ProtocolError('reply.ok must be a boolean');
    }
    default:
      throw new ProtocolError(`unknown host message type ${JSON.stringify(o.type)}`);
  }
}

/** Validates a message arriving in the host from the webview (or a browser over WebSocket). */
export function parseWebviewMessage(x: unknown): WebviewMessage {
  const o = obj(x, 'webview message');
  switch (o.type) {
    case 'ready': {
      const version = num(o, 'version');
      if (o.state === undefined) return { type: 'ready', version };
      const s = obj(o.state, 'ready.state');
      const state: PersistedState = {};
      if (s.scenario !== undefined) state.scenario = str(s, 'scenario', 200);
      if (s.live !== undefined) state.live = bool(s, 'live');
      if (s.selectedSeq !== undefined) state.selectedSeq = num(s, 'selectedSeq');
      return { type: 'ready', version, state };
    }
    case 'log': {
      const level = o.level;
      if (level !== 'info' && level !== 'error') throw new ProtocolError('log.level must be info or error');
      return { type: 'log', level, text: str(o, 'text', 10_000) };
    }
    case 'runScenario':
      return { type: 'runScenario', requestId: reqId(o), name: str(o, 'name', 200) };
    case 'goLive':
      return { type: 'goLive', requestId: reqId(o) };
    case 'setHold':
      return { type: 'setHold', requestId: reqId(o), hold: bool(o, 'hold') };
    case 'releaseDelivery':
      return { type: 'releaseDelivery', requestId: reqId(o) };
    case 'advanceClock': {
      const ms = num(o, 'ms');
      if (ms <= 0 || ms > 366 * 24 * 3600_000) throw new ProtocolError('advanceClock.ms must be between 1 ms and one year');
      return { type: 'advanceClock', requestId: reqId(o), ms };
    }
    case 'export': {
      const format = o.format;
      if (format !== 'svg' && format !== 'mermaid') throw new ProtocolError('export.format must be svg or mermaid');
      return { type: 'export', requestId: reqId(o), format, content: str(o, 'content', 200_000_000) };
    }
    case 'openDoc': {
      const url = str(o, 'url', 2000);
      if (!/^https:\/\/(www\.)?rabbitmq\.com\//.test(url))
        throw new ProtocolError(`openDoc.url must be a rabbitmq.com https link, got ${JSON.stringify(url.slice(0, 100))}`);
      return { type: 'openDoc', requestId: reqId(o), url };
    }
    case 'openExample':
      return { type: 'openExample', requestId: reqId(o), name: str(o, 'name', 200) };
    default:
      throw new ProtocolError(`unknown webview message type ${JSON.stringify(o.type)}`);
  }
}

/** Exhaustiveness helper for switches over the unions. */
export function assertNever(x: never): never {
  throw new ProtocolError(`unhandled message ${JSON.stringify(x)}`);
}

// Converts the broker's event log into the stepper's trace events (src/protocol/trace.ts).
// Used by the scenario runner, the VS Code panel and the `--ui` server. No vscode import.
// One converter per event kind (traceFlow.ts, traceTopology.ts); this file names connections and channels.
import type { BasicProperties, BrokerEvent } from '../broker';
import type { TraceEvent, TraceMessage } from '../protocol/trace';
import { DELIVERY_FLOW, PUBLISH_FLOW } from './traceFlow';
import { TOPOLOGY } from './traceTopology';
import { PublishMemory, type AnyConverter, type Converters, type TraceNames } from './traceTypes';

export type { TraceNames } from './traceTypes';

const CONVERTERS: Converters = { ...PUBLISH_FLOW, ...DELIVERY_FLOW, ...TOPOLOGY };

export class BrokerTrace {
  private readonly memory = new PublishMemory();
  /** Client names learned from connection-opened events, for connections the resolver does not know yet. */
  private readonly learned = new Map<number, string>();

  constructor(private readonly names: TraceNames = { connection: () => undefined }) {}

  private connName(id: number): string {
    return this.names.connection(id) ?? this.learned.get(id) ?? `conn${id}`;
  }

  channelKey(connectionId: number, channel: number): string {
    return `${this.connName(connectionId)}/${channel}`;
  }

  /** The trace event for a broker event, or undefined for events the stepper does not draw. */
  convert(b: BrokerEvent): TraceEvent | undefined {
    const connectionId = 'connectionId' in b ? b.connectionId : 0,
      channel = 'channel' in b ? b.channel : 0;
    const ch = connectionId > 0 && channel > 0 ? this.channelKey(connectionId, channel) : undefined;
    if (b.kind === 'connection-opened' && b.clientName && !this.names.connection(connectionId)) this.learned.set(connectionId, b.clientName);
    const conn = connectionId > 0 ? this.connName(connectionId) : undefined;
    // Absent fields stay undefined rather than deleted: `delete` would turn every event into a slow
    // dictionary-mode object (JSON and postMessage drop or keep undefined alike).
    const convert = CONVERTERS[b.kind] as AnyConverter;
    return convert(b, { base: { seq: b.seq, time: b.time }, ch, conn, memory: this.memory, names: this.names });
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** A message's body as text (or base64 when it is not UTF-8), with its properties, for the state panel. */
function traceMessage(id: number, body: Uint8Array, extra: Omit<TraceMessage, 'id' | 'body' | 'binary'> = {}): TraceMessage {
  const max = 64 * 1024;
  const slice = body.length > max ? body.subarray(0, max) : body;
  try {
    const text = utf8.decode(slice);
    return { id, body: body.length > max ? `${text}… (${body.length} bytes)` : text, ...extra };
  } catch {
    return { id, body: Buffer.from(slice).toString('base64'), binary: true, ...extra };
  }
}

/** A trace message from a broker message's content (properties without headers, headers apart). */
export function contentMessage(id: number, c: { exchange: string; routingKey: string; properties: BasicProperties; body: Uint8Array }): TraceMessage {
  const { headers, ...rest } = c.properties;
  return traceMessage(id, c.body, {
    exchange: c.exchange,
    routingKey: c.routingKey,
    properties: Object.keys(rest).length ? rest : undefined,
    headers: headers as Record<string, unknown> | undefined,
  });
}

// The ack report of `acklab test` and startBroker(): plain data, safe to serialise.
import type { RuleId, Severity } from '../lint/types';

/** Rules the run-time report shares with the lint, plus the ones only a running broker can see. */
export type TestRuleId =
  | Extract<RuleId, 'missing-ack' | 'double-ack' | 'ack-in-auto-ack' | 'wrong-channel' | 'requeue-loop'>
  | 'unknown-delivery-tag'
  | 'message-dropped'
  | 'consumer-timeout'
  | 'left-ready';

export type { Severity };

/** A place in the user's code, from the trace hooks (1-based line and column). */
export interface SourceLocation {
  file: string;
  line: number;
  column: number;
  function?: string;
}

/** One step in a message's life, as the broker saw it. */
export interface HistoryEntry {
  /** Milliseconds since the run started. */
  at: number;
  event: 'published' | 'delivered' | 'acked' | 'nacked' | 'rejected' | 'auto-acked' | 'requeued' | 'dead-lettered' | 'dropped' | 'unsettled-at-close';
  detail: string;
}

/** The client that made the mistake, from its connection.start-ok client properties. */
export interface ClientRef {
  connectionName: string;
  library: string;
  version: string;
}

export interface AckFinding {
  rule: TestRuleId;
  severity: Severity;
  message: string;
  queue: string;
  consumerTag: string;
  client: ClientRef;
  channel: number;
  deliveryTag: number;
  /** The broker's id of the message copy ('' for findings about a queue). */
  messageId: number;
  history: HistoryEntry[];
  /** Where in the code (trace hooks only): the consume handler, or the failing settle call. */
  location?: SourceLocation;
  /** Other places involved (the first ack of a double ack, the consume of a wrong-channel ack). */
  related: { message: string; location: SourceLocation }[];
  docs: string;
}

export interface AckReport {
  version: 1;
  tool: 'acklab';
  toolVersion: string;
  command: string[];
  /** The command's exit code (null when it was killed by a signal). */
  exitCode: number | null;
  durationMs: number;
  /** True when the trace hooks sent call sites (findings can carry locations). */
  traced: boolean;
  summary: { findings: number; byRule: Partial<Record<TestRuleId, number>>; connections: number; deliveries: number };
  findings: AckFinding[];
}

// One ack-checking session on a broker: follows its events from attach() until report(). Used by
// `acklab test`, startBroker() and the VS Code command alike.
import type { Broker, Disposable } from '../broker';
import { watchBroker } from './brokerEvents';
import { locateFindings } from './locate';
import { AckTracker } from './tracker';
import { readTraceFile, type TraceRecord } from './trace';
import type { AckFinding, AckReport, TestRuleId } from './types';
import { version } from '../cli/version';

export interface SessionOptions {
  /** A message redelivered this many times is a requeue loop. Default 10. */
  requeueLimit?: number;
  /** Report queues that still hold ready messages at the end. Default false. */
  checkReady?: boolean;
  /** The trace hooks' file (ACKLAB_TRACE_FILE), read when the report is made. */
  traceFile?: string;
  /** Where relative source paths start (default: the current directory). */
  baseDir?: string;
  /** Ignore clients that were connected before the session started (a shared playground broker). */
  newConnectionsOnly?: boolean;
}

export interface ReportContext {
  command: string[];
  exitCode: number | null;
  durationMs: number;
}

export class AckSession implements Disposable {
  private tracker: AckTracker;
  private readonly watch: Disposable;
  /** Call sites handed over in-process (startBroker's own hook), besides the trace file. */
  readonly extraRecords: TraceRecord[] = [];

  constructor(
    private readonly broker: Broker,
    private readonly options: SessionOptions = {},
  ) {
    this.tracker = new AckTracker({ requeueLimit: options.requeueLimit, newConnectionsOnly: options.newConnectionsOnly });
    this.watch = watchBroker(
      broker,
      (e) => this.tracker.handle(e),
      (id, info) => this.tracker.client(id, info),
    );
  }

  /** The findings so far; `atExit` also counts deliveries still unsettled on open channels (and ready queues, when asked). */
  findings(atExit: boolean): AckFinding[] {
    if (atExit) this.closeOut();
    const records = [...(this.options.traceFile ? readTraceFile(this.options.traceFile) : []), ...this.extraRecords];
    this.traced = records.length > 0;
    return locateFindings(this.tracker.findings, this.tracker, records, this.options.baseDir ?? process.cwd());
  }

  traced = false;

  /** The report; `atExit` (default) first closes out what is still open (see findings()). */
  report(ctx: ReportContext, atExit = true): AckReport {
    const findings = this.findings(atExit);
    const byRule: Partial<Record<TestRuleId, number>> = {};
    for (const f of findings) byRule[f.rule] = (byRule[f.rule] ?? 0) + 1;
    return {
      version: 1,
      tool: 'acklab',
      toolVersion: version,
      command: ctx.command,
      exitCode: ctx.exitCode,
      durationMs: Math.round(ctx.durationMs),
      traced: this.traced,
      summary: { findings: findings.length, byRule, connections: this.tracker.connectionCount, deliveries: this.tracker.deliveries },
      findings,
    };
  }

  /** Forgets all findings and deliveries seen so far (between tests). */
  reset(): void {
    this.tracker.reset();
    this.extraRecords.length = 0;
    this.closedOut = false;
  }

  dispose(): void {
    this.watch.dispose();
  }

  private closedOut = false;

  private closeOut(): void {
    if (this.closedOut) return;
    this.closedOut = true;
    this.tracker.finish(Date.now());
    if (!this.options.checkReady || this.broker.isShutDown) return;
    for (const q of this.broker.snapshot().queues) {
      if (q.ready === 0) continue;
      const detail = this.broker.queueDetail(q.vhost, q.name);
      if (detail)
        this.tracker.leftReady(
          q.name,
          detail.readyMessages.map((r) => r.messageId),
        );
    }
  }
}

// The "AckLab" output channel and the broker's events in it: deliveries and settlements only at
// debug level (the check must be cheap: 20,000 msg/s), losses as warnings, the rest as info.
import * as vscode from 'vscode';
import type { BrokerEvent } from '../broker';
import type { Playground } from '../playground';

const DEBUG_KINDS: ReadonlySet<string> = new Set([
  'published',
  'routed',
  'enqueued',
  'delivered',
  'acked',
  'nacked',
  'rejected',
  'requeued',
  'confirmed',
  'delivery-released',
  'get-empty',
]);
const WARN_KINDS: ReadonlySet<string> = new Set(['error', 'dead-lettered', 'dropped', 'expired']);

/** Logs the events of every broker the playground starts; returns the disposables. */
export function logBrokerEvents(log: vscode.LogOutputChannel, playground: Playground): vscode.Disposable[] {
  const isDebug = (l: vscode.LogLevel) => l <= vscode.LogLevel.Debug && l !== vscode.LogLevel.Off;
  let debugLog = isDebug(log.logLevel);
  let eventSub: { dispose(): void } | undefined;
  const brokerSub = playground.onDidChangeBroker((b) => {
    eventSub?.dispose();
    eventSub = b?.events.subscribe((e) => {
      if (!debugLog && DEBUG_KINDS.has(e.kind)) return;
      logEvent(log, e);
    });
  });
  return [
    log.onDidChangeLogLevel((l) => (debugLog = isDebug(l))),
    new vscode.Disposable(() => {
      brokerSub.dispose();
      eventSub?.dispose();
    }),
  ];
}

function logEvent(log: vscode.LogOutputChannel, e: BrokerEvent): void {
  const where = [
    'queue' in e && e.queue && `queue ${e.queue}`,
    'connectionId' in e && e.connectionId && `conn ${e.connectionId}`,
    'channel' in e && e.channel && `ch ${e.channel}`,
    'consumerTag' in e && e.consumerTag && `consumer ${e.consumerTag}`,
    'deliveryTag' in e && e.deliveryTag && `tag ${e.deliveryTag}`,
  ]
    .filter(Boolean)
    .join(' ');
  const extra = [
    'redelivered' in e && e.redelivered && 'redelivered',
    'multiple' in e && e.multiple && 'multiple',
    'requeue' in e && e.requeue && 'requeue',
    'reason' in e && e.reason && `(${e.reason})`,
    'replyText' in e && e.replyText,
    'clientName' in e && e.clientName,
  ]
    .filter(Boolean)
    .join(' ');
  const line = `#${e.seq} ${e.kind} ${where}${extra ? ' ' + extra : ''}`;
  if (DEBUG_KINDS.has(e.kind)) log.debug(line);
  else if (WARN_KINDS.has(e.kind)) log.warn(line);
  else log.info(line);
}

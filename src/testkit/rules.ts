// The rules of the run-time ack report. Ids, severities and documentation links are the lint's
// where the bug is the same (src/lint/rules.ts); the rest only a running broker can see.
import { docPageUrl, ruleDocPath, ruleDocUrl } from '../lint/links';
import { RULES } from '../lint/rules';
import type { Severity, TestRuleId } from './types';

export interface TestRuleMeta {
  id: TestRuleId;
  severity: Severity;
  summary: string;
  /** The rule's page in the repository and packages (docs/rules/<id>.md, or a section of docs/testing.md). */
  docs: string;
  /** The same page on the web: only when package.json has a homepage (src/lint/links.ts). */
  url?: string;
}

/** The run-time rules the lint does not have are documented in a section each of this page. */
const TESTING_DOCS = 'docs/testing.md';

function shared(id: 'missing-ack' | 'double-ack' | 'ack-in-auto-ack' | 'wrong-channel' | 'requeue-loop', summary: string): TestRuleMeta {
  return { id, severity: RULES[id].severity, summary, docs: ruleDocPath(id), url: ruleDocUrl(id) };
}

function own(id: TestRuleId, severity: Severity, summary: string): TestRuleMeta {
  return { id, severity, summary, docs: `${TESTING_DOCS}#${id}`, url: docPageUrl(TESTING_DOCS, id) };
}

export const TEST_RULES: Record<TestRuleId, TestRuleMeta> = {
  'missing-ack': shared(
    'missing-ack',
    'A manual-ack delivery was never acknowledged, nacked or rejected before its channel or connection closed (or the command exited).',
  ),
  'double-ack': shared('double-ack', 'A delivery was settled twice; the broker closed the channel with 406 PRECONDITION_FAILED - unknown delivery tag.'),
  'ack-in-auto-ack': shared(
    'ack-in-auto-ack',
    'A delivery from an auto-ack (noAck) consumer was settled; the broker closed the channel with 406 unknown delivery tag.',
  ),
  'wrong-channel': shared(
    'wrong-channel',
    'A delivery was settled on a different channel than the one it arrived on; the broker closed that channel with 406 unknown delivery tag.',
  ),
  'requeue-loop': shared('requeue-loop', 'One message was redelivered again and again: a poison message requeued on every failure.'),
  'unknown-delivery-tag': own(
    'unknown-delivery-tag',
    'error',
    'A settle named a delivery tag the channel never issued; the broker closed the channel with 406.',
  ),
  'message-dropped': own(
    'message-dropped',
    'error',
    'A nack or reject without requeue discarded the message: its queue has no dead-letter exchange (or the exchange does not exist).',
  ),
  'consumer-timeout': own(
    'consumer-timeout',
    'error',
    'A delivery stayed unacknowledged longer than the consumer timeout; the broker closed the channel with 406.',
  ),
  'left-ready': own('left-ready', 'warning', 'Messages were still ready in a queue when the command exited: nothing consumed them.'),
};

export const TEST_RULE_IDS = Object.keys(TEST_RULES) as TestRuleId[];

const RANK: Record<Severity, number> = { info: 0, warning: 1, error: 2 };

/** True when `s` is at or above `threshold`. */
export function atLeast(s: Severity, threshold: Severity): boolean {
  return RANK[s] >= RANK[threshold];
}

import { ruleDocPath, ruleDocUrl } from './links';
import type { RuleId, Severity } from './types';

export interface RuleMeta {
  id: RuleId;
  severity: Severity;
  summary: string;
}

export const RULES: Record<RuleId, RuleMeta> = {
  'missing-ack': {
    id: 'missing-ack',
    severity: 'error',
    summary: 'A path through a manual-ack consume handler never acknowledges, nacks or rejects the delivery.',
  },
  'double-ack': {
    id: 'double-ack',
    severity: 'error',
    summary: 'A path settles the same delivery twice; the broker closes the channel with 406 PRECONDITION_FAILED.',
  },
  'ack-in-auto-ack': {
    id: 'ack-in-auto-ack',
    severity: 'error',
    summary: 'A delivery from an auto-ack consumer is settled; the broker closes the channel with 406 unknown delivery tag.',
  },
  'wrong-channel': { id: 'wrong-channel', severity: 'error', summary: 'A delivery is settled on a different channel than the one it was consumed on.' },
  'unawaited-ack': { id: 'unawaited-ack', severity: 'error', summary: 'An asynchronous settle is never awaited, so it never runs.' },
  'requeue-loop': {
    id: 'requeue-loop',
    severity: 'warning',
    summary: 'Every failure path requeues the delivery, with no delivery limit or dead-letter route in sight: a poison message loops forever.',
  },
};

export const RULE_IDS = Object.keys(RULES) as RuleId[];

/** Where a rule's documentation is: its web page (from package.json `homepage`), else its path in the package. */
export function docsUrl(id: RuleId): string {
  return ruleDocUrl(id) ?? ruleDocPath(id);
}

export function isRuleId(s: string): s is RuleId {
  return Object.prototype.hasOwnProperty.call(RULES, s);
}

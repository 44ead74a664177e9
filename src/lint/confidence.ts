// How sure a finding is, and what that means for its level: the analysis reports at warning/error only what it
// proves; a weaker finding is an information-level hint (the editor shows it faintly, SARIF marks it `precision`).
import type { Precision, RuleId, Severity } from './types';
import { RULES } from './rules';

/** What the analysis knew when it made a finding. */
export interface Evidence {
  /** The file imports the library (its profile was detected), rather than every profile of the language applying. */
  detected: boolean;
  /** How the ack mode is known: a literal flag or the API's documented default, project configuration, or only
   *  inferred from the handler settling at all. */
  mode: 'literal' | 'default' | 'config' | 'inferred';
  /** The consume call's receiver looks like the library's object (a channel/queue variable), or there is none; and
   *  the delivery was not handed to another object's method that may settle it. */
  receiverFits: boolean;
  /** The finding holds on every path (e.g. a handler that never settles), not only on some. */
  allPaths: boolean;
}

/** The confidence of a finding from its evidence. */
export function precisionOf(e: Evidence): Precision {
  if (!e.detected) return 'low';
  if (!e.receiverFits) return 'medium';
  if (e.mode === 'inferred') return e.allPaths ? 'medium' : 'high';
  return e.allPaths ? 'very-high' : 'high';
}

/** The level a finding is reported at: the rule's own for proven findings (very high / high), info otherwise. */
export function severityFor(rule: RuleId, precision: Precision): Severity {
  return precision === 'very-high' || precision === 'high' ? RULES[rule].severity : 'info';
}

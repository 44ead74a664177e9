// Public types of the missing-ack analyser. Plain data: safe to serialise (CLI JSON, VS Code host).

export type RuleId = 'missing-ack' | 'double-ack' | 'ack-in-auto-ack' | 'wrong-channel' | 'unawaited-ack' | 'requeue-loop';
export type Severity = 'error' | 'warning' | 'info';
/** How sure the analysis is of a finding (SARIF `precision`): only very-high/high findings are reported at the rule's
 *  severity; medium/low ones are information-level hints. */
export type Precision = 'very-high' | 'high' | 'medium' | 'low';

/** Zero-based line and column (column in UTF-16 code units, as in VS Code). */
export interface Position {
  line: number;
  column: number;
}
export interface Range {
  start: Position;
  end: Position;
}

/** Replace [startOffset, endOffset) of the text with `newText` (offsets in UTF-16 code units). */
export interface TextEdit {
  range: Range;
  startOffset: number;
  endOffset: number;
  newText: string;
}
export interface Fix {
  title: string;
  edits: TextEdit[];
}

export interface Finding {
  rule: RuleId;
  severity: Severity;
  /** Confidence of the finding; `severity` is the rule's own only for very-high/high. */
  precision: Precision;
  message: string;
  /** Where the finding points: the consume call / handler registration, or the settle call. */
  range: Range;
  /** The handler the finding is about, when there is one (for related information). */
  handlerRange?: Range;
  /** Library profile id, e.g. `amqplib`, `pika`. */
  library: string;
  /** Language id, e.g. `typescript`, `python`, `lfe`. */
  language: string;
  /** Link to the rule's documentation page (docs/rules/<id>.md). */
  docs: string;
  /** Quick fixes computed at lint time (empty when no fix is safe). */
  fixes: Fix[];
}

export type RuleSetting = 'off' | Severity;

/** Options of a rule (which rules take which: ruleOptions.ts, with their JSON schema). */
export interface RuleOptions {
  /** Own functions or methods that settle the delivery passed to them (`safeAck(msg)`, `msg.safeAck()`). */
  ackFunctions?: string[];
  /** Variables or fields that hold channels, besides those seen created in the file. */
  channels?: string[];
}

export interface LintOptions {
  /** Per-rule settings: `'off'` disables, a severity overrides the default. */
  rules?: Partial<Record<RuleId, RuleSetting>>;
  /** Per-rule options; a rule with options is analysed with them (one analysis per distinct set of options). */
  options?: Partial<Record<RuleId, RuleOptions>>;
  /** Only run these rules (CLI `--rule`). */
  only?: RuleId[];
}

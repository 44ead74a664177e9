// Output formats of the ack report: text (default), JSON (the AckReport itself), JUnit XML, SARIF 2.1.0.
import type { AckReport } from '../types';
import { toJunit } from './junit';
import { toSarif } from './sarif';
import { formatText } from './text';

export const FORMATS = ['text', 'json', 'junit', 'sarif'] as const;
export type ReportFormat = (typeof FORMATS)[number];

export function formatReport(report: AckReport, format: ReportFormat): string {
  switch (format) {
    case 'text':
      return formatText(report);
    case 'json':
      return JSON.stringify(report, null, 2) + '\n';
    case 'junit':
      return toJunit(report);
    case 'sarif':
      return JSON.stringify(toSarif(report), null, 2) + '\n';
  }
}

export { formatText, toJunit, toSarif };

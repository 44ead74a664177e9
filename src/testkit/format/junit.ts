// The ack report as JUnit XML: one failing test case per finding (CI test tabs show them like
// test failures), one passing case when there are none.
import type { AckReport } from '../types';
import { formatFindingText } from './text';

function esc(s: string): string {
  return (
    s
      // eslint-disable-next-line no-control-regex -- XML 1.0 forbids these characters
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '')
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
  );
}

export function toJunit(report: AckReport): string {
  const n = report.findings.length;
  const cases = report.findings.map((f) => {
    const where = f.location ? ` file="${esc(f.location.file)}" line="${f.location.line}"` : '';
    const name = `${f.rule}${f.queue ? ` on queue ${f.queue}` : ''}${f.location ? ` at ${f.location.file}:${f.location.line}` : ''}`;
    return (
      `    <testcase classname="acklab.${esc(f.rule)}" name="${esc(name)}"${where} time="0">\n` +
      `      <failure type="${esc(f.rule)}" message="${esc(f.message)}">${esc(formatFindingText(f).join('\n'))}</failure>\n    </testcase>`
    );
  });
  if (n === 0) cases.push('    <testcase classname="acklab" name="all deliveries settled" time="0"/>');
  const secs = (report.durationMs / 1000).toFixed(3);
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="acklab" tests="${Math.max(1, n)}" failures="${n}" time="${secs}">\n` +
    `  <testsuite name="acklab ack report" tests="${Math.max(1, n)}" failures="${n}" errors="0" skipped="0" time="${secs}">\n${cases.join('\n')}\n  </testsuite>\n</testsuites>\n`
  );
}

// Formatting of untrusted message content for display as TEXT (the caller assigns textContent).
import type { TraceMessage } from '../src/protocol/trace';

export interface FormattedBody {
  text: string;
  kind: 'json' | 'text' | 'binary';
}

/** JSON bodies are pretty-printed; anything else is returned as is. Never interpreted as HTML. */
export function formatBody(m: Pick<TraceMessage, 'body' | 'binary'>): FormattedBody {
  if (m.binary) return { text: `base64: ${m.body}`, kind: 'binary' };
  const t = m.body.trim();
  if ((t.startsWith('{') && t.endsWith('}')) || (t.startsWith('[') && t.endsWith(']'))) {
    try {
      return { text: JSON.stringify(JSON.parse(t), null, 2), kind: 'json' };
    } catch {
      // not JSON after all
    }
  }
  return { text: m.body, kind: 'text' };
}

/** Properties and headers as pretty JSON (typed AMQP values shown as their value and type). */
export function formatTable(t: Record<string, unknown> | undefined): string {
  if (!t || Object.keys(t).length === 0) return '';
  return JSON.stringify(
    t,
    (_k, v: unknown) => {
      if (v && typeof v === 'object' && '$type' in v && 'value' in v)
        return `${String((v as { value: unknown }).value)} (${String((v as { $type: unknown }).$type)})`;
      return typeof v === 'bigint' ? v.toString() : v;
    },
    2,
  );
}

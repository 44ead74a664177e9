// The stepper's side panel above the state: the narration of the current step and the selected event's facts.
import { html, nothing, type TemplateResult } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import type { SessionInfo } from '../src/protocol/messages';
import type { NarrationStep, TraceEvent } from '../src/protocol/trace';
import { eventLabel, eventTime } from '../src/protocol/labels';
import { formatBody, formatTable } from './format';
import type { Timeline } from './model/timeline';

/** The narration step that covers `seq` (the first one before any event). */
export function narrationFor(narration: readonly NarrationStep[], seq: number | undefined): NarrationStep | undefined {
  if (!narration.length) return undefined;
  if (seq === undefined) return narration[0];
  let found: NarrationStep | undefined;
  for (const st of narration) {
    if (st.firstSeq <= seq) found = st;
    else break;
  }
  return found ?? narration[0];
}

/** The narration card; `openDoc` handles a click on its documentation link. */
export function narrationView(
  nar: NarrationStep | undefined,
  mode: SessionInfo['mode'],
  openDoc: (ev: Event, url: string) => void,
): TemplateResult | typeof nothing {
  if (nar) {
    return html`<h2>${nar.index + 1}. ${nar.title}</h2>
      <p>${nar.text}</p>
      ${
        nar.docUrl
          ? html`<p class="doc">
              <span class="codicon codicon-book" aria-hidden="true"></span>
              <a href=${nar.docUrl} target="_blank" rel="noopener noreferrer" @click=${(ev: Event) => openDoc(ev, nar.docUrl!)}
                >${nar.docTitle ?? 'RabbitMQ documentation'}</a
              >
            </p>`
          : nothing
      }`;
  }
  if (mode === 'live') {
    return html`<h2>Live broker</h2>
      <p>Events from real clients appear as they happen. Turn on "Hold deliveries" to release each delivery with a click and watch your worker handle it.</p>`;
  }
  return nothing;
}

function facts(e: TraceEvent): Array<[string, string]> {
  const all: Array<[string, string | undefined]> = [
    ['kind', e.kind],
    ['time', eventTime(e.time)],
    ['queue', e.queue],
    ['exchange', e.exchange],
    ['routing key', e.routingKey],
    ['channel', e.channel],
    ['consumer', e.consumer],
    ['delivery tag', e.tag?.toString()],
    ['message', e.msg !== undefined ? `m${e.msg}` : undefined],
    ['redelivered', e.redelivered === undefined ? undefined : String(e.redelivered)],
    ['delivery count', e.deliveryCount?.toString()],
    ['reason', e.reason],
    ['code', e.code?.toString()],
    ['text', e.text],
  ];
  return all.filter((f): f is [string, string] => f[1] !== undefined && f[1] !== '');
}

function messageView(e: TraceEvent, timeline: Timeline, mode: SessionInfo['mode']): TemplateResult | typeof nothing {
  const m = e.msg !== undefined ? timeline.store.message(e.msg) : undefined;
  if (!m) {
    return e.msg !== undefined && mode === 'live'
      ? html`<p class="muted" id="message-body-missing">
          Body not captured: the message was published before Live was pressed (or dropped from memory in a long session).
        </p>`
      : nothing;
  }
  const body = formatBody(m);
  const props = formatTable(m.properties);
  const headers = formatTable(m.headers);
  return html`<h4>Body (${body.kind})</h4>
    <pre class="body" id="message-body" tabindex="0">${body.text}</pre>
    ${
      props
        ? html`<h4>Properties</h4>
            <pre class="body">${props}</pre>`
        : nothing
    }${
      headers
        ? html`<h4>Headers</h4>
            <pre class="body" id="message-headers">${headers}</pre>`
        : nothing
    }`;
}

/** The selected event (step n, 1-based): its label, its facts and the message it carries. */
export function detailView(e: TraceEvent | undefined, n: number, timeline: Timeline, mode: SessionInfo['mode']): TemplateResult | typeof nothing {
  if (!e) {
    return timeline.length > 0
      ? html`<h3>Start</h3>
          <p class="muted">Before the first event. Step forward to begin.</p>`
      : nothing;
  }
  return html`<h3>Step ${n}: ${eventLabel(e)}</h3>
    <dl class="facts">
      ${repeat(
        facts(e),
        ([k]) => k,
        ([k, v]) =>
          html`<dt>${k}</dt>
            <dd>${v}</dd>`,
      )}
    </dl>
    ${messageView(e, timeline, mode)}`;
}

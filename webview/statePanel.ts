// The stepper's state panel: counters, then per queue its ready list, unacked deliveries and consumers.
import { html, nothing, type TemplateResult } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import { eventTime, isReplyPseudoQueue, shortConsumerTag } from '../src/protocol/labels';
import { readyCount, readyHead, type ConsumerState, type QueueState, type StepState, type UnackedEntry } from './model/state';

const MAX_ROWS = 40;
const COUNTERS: Array<[string, keyof StepState['totals']]> = [
  ['published', 'published'],
  ['delivered', 'delivered'],
  ['redelivered', 'redelivered'],
  ['acked', 'acked'],
  ['nacked', 'nacked'],
  ['rejected', 'rejected'],
  ['requeued', 'requeued'],
  ['expired', 'expired'],
  ['dead-lettered', 'deadLettered'],
  ['dropped', 'dropped'],
  ['returned', 'returned'],
  ['errors', 'errors'],
];

/** The broker state at the selected step: counters, then per queue its ready list, unacked deliveries and consumers. */
export function stateView(st: StepState): TemplateResult {
  const t = st.totals;
  const counters = COUNTERS.filter(([k, f]) => t[f] > 0 || k === 'published' || k === 'acked');
  const queues = [...st.queues.values()].filter((q) => !q.deleted);
  const clock = eventTime(st.time);
  return html`<h3>State at this step${clock ? html` <span class="muted">(${clock})</span>` : nothing}</h3>
    <ul class="counters" aria-label="Counters">
      ${repeat(
        counters,
        ([k]) => k,
        ([k, f]) => html`<li><b>${t[f]}</b> ${k}</li>`,
      )}
    </ul>
    ${st.lastError ? html`<p class="error-line"><span class="codicon codicon-error" aria-hidden="true"></span> Last error: ${st.lastError}</p>` : nothing}
    ${repeat(
      queues,
      (q) => q.name,
      (q) =>
        queueView(
          q,
          [...st.consumers.values()].filter((c) => c.queue === q.name),
        ),
    )}`;
}

function queueView(q: QueueState, consumers: ConsumerState[]): TemplateResult {
  const nReady = readyCount(q);
  const ready = readyHead(q, MAX_ROWS);
  const rows = [...q.unacked.values()].sort((a, b) => (a.channel < b.channel ? -1 : a.channel > b.channel ? 1 : a.tag - b.tag));
  const chip = (m: number): TemplateResult => {
    const again = q.requeued.get(m);
    return html`<li class=${again ? 'chip redelivered' : 'chip'} title=${again ? `redelivered, delivered ${again} time(s) so far` : 'never delivered'}>
      m${m}${again ? ' ↻' : ''}
    </li>`;
  };
  const unackedRow = (u: UnackedEntry): TemplateResult =>
    html`<tr class=${u.redelivered ? 'redelivered' : ''}>
      <td>${u.tag}</td>
      <td>${u.channel}</td>
      <td title=${u.consumer ?? 'basic.get'}>${u.consumer ? shortConsumerTag(u.consumer) : 'basic.get'}</td>
      <td>m${u.msg}</td>
      <td>${u.redelivered ? 'yes' : 'no'}</td>
      <td>${u.deliveryCount}</td>
    </tr>`;
  return html`<section class="queue" data-queue=${q.name} aria-label=${`Queue ${q.name}`}>
    <h4>
      <span class="codicon codicon-inbox" aria-hidden="true"></span> ${q.name}
      <span class="muted"
        >(${isReplyPseudoQueue(q.name) ? 'direct reply-to: no queue behind it' : q.type}) ready ${nReady} · unacked ${q.unacked.size} ·
        ${plural(consumers.filter((c) => c.active).length, 'consumer')}</span
      >
    </h4>
    <div class="label-row">Ready (next first)</div>
    <ol class="ready" aria-label=${`Ready messages of ${q.name} in delivery order`}>
      ${ready.map(chip)}${
        nReady > MAX_ROWS ? html`<li class="chip more">+${nReady - MAX_ROWS} more</li>` : nothing
      }${ready.length ? nothing : html`<li class="muted empty">no ready messages</li>`}
    </ol>
    ${
      rows.length
        ? html`<div class="label-row">Unacked</div>
            <table class="unacked" aria-label=${`Unacked deliveries of ${q.name}`}>
              <tbody>
                <tr>
                  <th scope="col">tag</th>
                  <th scope="col">channel</th>
                  <th scope="col">consumer</th>
                  <th scope="col">msg</th>
                  <th scope="col" title="redelivered">redeliv.</th>
                  <th scope="col" title="delivery count">count</th>
                </tr>
                ${rows.slice(0, MAX_ROWS).map(unackedRow)}${
                  rows.length > MAX_ROWS
                    ? html`<tr>
                        <td colspan="6">+${rows.length - MAX_ROWS} more</td>
                      </tr>`
                    : nothing
                }
              </tbody>
            </table>`
        : nothing
    }
    ${
      consumers.length
        ? html`<ul class="consumers" aria-label=${`Consumers of ${q.name}`}>
            ${repeat(consumers, (c) => c.tag, consumerView)}
          </ul>`
        : nothing
    }
  </section>`;
}

function consumerView(c: ConsumerState): TemplateResult {
  const cap = c.noAck ? 0 : c.prefetch;
  const slots = cap > 0 && cap <= 20 ? Array.from({ length: cap }, (_, i) => i < c.unacked) : [];
  const desc = c.noAck
    ? 'auto-ack'
    : cap === 0
      ? `prefetch unlimited, ${c.unacked} unacked`
      : `prefetch ${cap}: ${c.unacked} filled, ${Math.max(0, cap - c.unacked)} free`;
  return html`<li class=${c.active ? 'consumer' : 'consumer inactive'}>
    <span class="codicon codicon-person" aria-hidden="true"></span> <span title=${c.tag}>${shortConsumerTag(c.tag)}</span>
    <span class="muted">on ${c.channel}</span>
    <span class="window" aria-hidden="true">${slots.map((full) => html`<span class=${full ? 'slot full' : 'slot'}></span>`)}</span>
    ${desc}${c.active ? '' : ' (cancelled or closed)'}
  </li>`;
}

/** `1 consumer`, `2 consumers` (the tree view's wording). */
function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

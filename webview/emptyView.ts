// What the diagram area says while it has no events: never an empty grid.
import { html, nothing, type TemplateResult } from 'lit';
import type { SessionInfo } from '../src/protocol/messages';
import type { ScenarioSummary } from '../src/protocol/trace';

/**
 * In live mode: what will appear and how. Otherwise (no client connected): the scenarios to replay, the last one
 * first. `pick` runs a scenario by name.
 */
export function emptyView(initialised: boolean, session: SessionInfo, pick: (name: string) => void): TemplateResult {
  if (!initialised) return html`<p class="muted">Connecting to AckLab…</p>`;
  if (session.mode === 'live') {
    return html`<p class="lead"><span class="codicon codicon-broadcast" aria-hidden="true"></span> Following the live broker: nothing has happened yet.</p>
      <p class="muted">
        Start a worker with the AMQP URL AckLab printed (AckLab: Open Terminal with AMQP_URL); each publish, delivery and ack appears here as it happens.
      </p>`;
  }
  const last = session.scenarios.find((x) => x.name === session.lastScenario);
  const item = (sc: ScenarioSummary): TemplateResult =>
    html`<li>
      <a
        href="#"
        class="scenario-link"
        data-scenario=${sc.name}
        title=${sc.summary}
        @click=${(ev: Event) => {
          ev.preventDefault();
          pick(sc.name);
        }}
        >${sc.title}</a
      >
    </li>`;
  const list = (g: ScenarioSummary['group'], heading: string): TemplateResult =>
    html`<div class="scenario-group">
      <h3>${heading}</h3>
      <ul>
        ${session.scenarios.filter((x) => x.group === g).map(item)}
      </ul>
    </div>`;
  return html`<p class="lead">No client is connected to the playground broker yet: replay a scenario step by step, or press Live and start your own worker.</p>
    ${last ? html`<p><vscode-button id="run-last" icon="play-circle" @click=${() => pick(last.name)}>Replay “${last.title}”</vscode-button></p>` : nothing}
    <div class="scenario-lists">${list('tutorial', 'RabbitMQ tutorials')}${list('pitfall', 'Acknowledgement pitfalls')}</div>`;
}

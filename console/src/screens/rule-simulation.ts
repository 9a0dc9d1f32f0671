import { html } from 'htm/preact';
import type { NameOf } from '../decisions';
import { formatTime } from '../format';
import { href } from '../router';
import { placementText, SIMULATED_DAYS, type SimulationAnswer, simulationSummary } from '../simulation';

/** What the draft would change over the last 30 days: per pool now and with the draft, the leads that move, the default's share. */
export function SimulationResult(props: { answer: SimulationAnswer; nameOf: NameOf }) {
  const a = props.answer;
  const nameOf = props.nameOf;
  return html`<section class="panel result" aria-labelledby="simulation">
    <h2 id="simulation">The draft on the last ${SIMULATED_DAYS} days</h2>
    <p>${simulationSummary(a)}</p>
    ${
      a.pools.length
        ? html`<table class="table responsive">
          <caption>Leads per pool, now and with the draft</caption>
          <thead><tr><th scope="col">Pool</th><th scope="col">Now</th><th scope="col">Draft</th><th scope="col">Change</th></tr></thead>
          <tbody>
            ${a.pools.map(
              (p) => html`<tr>
                <th scope="row" data-label="Pool">${nameOf(p.poolId)}</th>
                <td data-label="Now">${p.current}</td>
                <td data-label="Draft">${p.draft}</td>
                <td data-label="Change">${p.draft - p.current > 0 ? '+' : ''}${p.draft - p.current}</td>
              </tr>`,
            )}
          </tbody>
        </table>`
        : null
    }
    ${
      a.movedSample.length
        ? html`<table class="table responsive">
          <caption>Leads that would move${a.moved > a.movedSample.length ? ` (the newest ${a.movedSample.length})` : ''}</caption>
          <thead><tr><th scope="col">Lead</th><th scope="col">Now</th><th scope="col">With the draft</th></tr></thead>
          <tbody>
            ${a.movedSample.map(
              (m) => html`<tr>
                <td data-label="Lead"><a href=${href(['leads', m.leadId])}>${formatTime(m.createdAt)}</a></td>
                <td data-label="Now">${placementText(m.current, nameOf)}</td>
                <td data-label="With the draft">${placementText(m.draft, nameOf)}</td>
              </tr>`,
            )}
          </tbody>
        </table>`
        : null
    }
  </section>`;
}

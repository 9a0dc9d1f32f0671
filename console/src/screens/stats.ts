import { html } from 'htm/preact';
import { useState } from 'preact/hooks';
import { query } from '../api';
import { BarChart } from '../chart-view';
import { type Directory, useDirectory } from '../directory';
import { Form, SelectField, TextField } from '../fields';
import { type FormErrors, formErrors, NO_ERRORS } from '../form-errors';
import { formatDuration } from '../format';
import { href, navigate } from '../router';
import { saveFile } from '../save-file';
import {
  defaultStatsFilters,
  jainText,
  type Percentiles,
  percent,
  points,
  rowName,
  type StatsAnswer,
  type StatsFilters,
  statsParameters,
  volumeBars,
} from '../stats-data';
import { Loaded, Page, StatusMessage, useLoad, useSession } from '../ui';
import { STATS_GROUPS, type StatsGroup } from '../vocabulary';

const GROUP_TEXT: Record<StatsGroup, string> = {
  rep: 'Rep',
  pool: 'Pool',
  source: 'Source',
  rule: 'Routing rule',
  day: 'Day',
};

/** The period's figures: volume per day, each pool's fairness, and counts with speed to lead by rep, pool, source, rule or day; CSV too. */
export function Stats(props: { query: URLSearchParams }) {
  const { api } = useSession();
  const directory = useDirectory();
  const defaults = defaultStatsFilters(new Date());
  const group = props.query.get('groupBy');
  const applied: StatsFilters = {
    from: props.query.get('from') || defaults.from,
    to: props.query.get('to') || defaults.to,
    groupBy: STATS_GROUPS.includes(group as StatsGroup) ? (group as StatsGroup) : defaults.groupBy,
    poolId: props.query.get('poolId') ?? '',
  };
  const appliedKey = JSON.stringify(applied);
  const [draft, setDraft] = useState(applied);
  const [saved, setSaved] = useState<string>();
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  // The chosen grouping for the table, days for the chart and pools for fairness: three small reads of aggregates.
  const stats = useLoad(async () => {
    const read = (groupBy: StatsGroup) =>
      api.get<StatsAnswer>(`/admin/stats${query(statsParameters(applied, groupBy))}`);
    const [grouped, days, pools] = await Promise.all([read(applied.groupBy), read('day'), read('pool')]);
    return { grouped, days, pools };
  }, [appliedKey]);
  const download = async () => {
    try {
      const csv = await api.request<string>(
        'GET',
        `/admin/stats${query({ ...statsParameters(applied), format: 'csv' })}`,
        {
          accept: 'text/csv',
        },
      );
      saveFile(`stats-${applied.groupBy}-${applied.from}-to-${applied.to}.csv`, csv.body ?? '');
      setSaved('The CSV file is downloaded.');
    } catch (error) {
      setErrors(formErrors(error));
    }
  };
  return html`<${Page}
    title="Stats"
    lead="Leads, assignments and speed to lead over a period of whole days (UTC), from aggregates kept as leads change."
  >
    <${Loaded} state=${directory}>
      ${(d: Directory) => html`<${Form}
        id="stats-filters"
        label="Period and grouping"
        class="filters"
        errors=${errors}
        onSubmit=${() => {
          setErrors(NO_ERRORS);
          navigate(href(['stats'], { ...draft }));
        }}
      >
        
          <${TextField} path="from" label="First day" type="date" value=${draft.from} onInput=${(from: string) => setDraft({ ...draft, from })} />
          <${TextField} path="to" label="Last day" type="date" value=${draft.to} onInput=${(to: string) => setDraft({ ...draft, to })} />
          <${SelectField} path="groupBy" label="Group by" value=${draft.groupBy} onChange=${(groupBy: string) => setDraft({ ...draft, groupBy: groupBy as StatsGroup })} options=${STATS_GROUPS.map((g) => [g, GROUP_TEXT[g]])} />
          <${SelectField} path="poolId" label="Pool" value=${draft.poolId} onChange=${(poolId: string) => setDraft({ ...draft, poolId })} options=${[['', 'Every pool'], ...d.pools.map((p) => [p.id, p.name])]} />
        
        <div class="actions">
          <button type="submit">Show</button>
          <button type="button" class="secondary" onClick=${download}>Download CSV</button>
        </div>
      <//>
      <${StatusMessage} tone="good" message=${saved} />
      <${Loaded} state=${stats}>
        ${(s: NonNullable<typeof stats.data>) => html`
          <${BarChart}
            key=${appliedKey}
            caption=${`Leads received per day, ${s.days.days.first} to ${s.days.days.last}`}
            valueLabel="Leads"
            bars=${volumeBars(s.days.rows, s.days.days)}
          />
          <${Fairness} answer=${s.pools} directory=${d} />
          <${Figures} answer=${s.grouped} directory=${d} />`}
      <//>`}
    <//>
  <//>`;
}

/** Each pool's reps: assigned against their target share, with the pool's Jain index and spread. */
function Fairness(props: { answer: StatsAnswer; directory: Directory }) {
  const pools = props.answer.rows.filter((row) => row.fairness && row.fairness.reps.length > 0);
  const nameOf = props.directory.nameOf;
  return html`<h2>Fairness by pool</h2>
    ${
      pools.length === 0
        ? html`<p class="muted">No pool assigned a lead in this period.</p>`
        : pools.map((row) => {
            const f = row.fairness!;
            const pool = nameOf(row.poolId);
            return html`<table class="table responsive fairness">
              <caption>
                ${pool}: Jain index ${f.jain.toFixed(2)} (${jainText(f.jain)}), spread ${points(f.spread)}
              </caption>
              <thead><tr><th scope="col">Rep</th><th scope="col">Assigned</th><th scope="col">Share against target</th><th scope="col">Got</th><th scope="col">Target</th><th scope="col">Off by</th></tr></thead>
              <tbody>
                ${f.reps.map(
                  (rep) => html`<tr>
                    <th scope="row" data-label="Rep">${nameOf(rep.repId)}</th>
                    <td data-label="Assigned">${rep.assigned}</td>
                    <td data-label="Share against target">
                      <span class="share-bars">
                        <meter min="0" max="1" value=${rep.actualShare} aria-label=${`${nameOf(rep.repId)}'s share: ${percent(rep.actualShare)}`}></meter>
                        <meter class="target" min="0" max="1" value=${rep.targetShare} aria-label=${`${nameOf(rep.repId)}'s target: ${percent(rep.targetShare)}`}></meter>
                      </span>
                    </td>
                    <td data-label="Got">${percent(rep.actualShare)}</td>
                    <td data-label="Target">${percent(rep.targetShare)}</td>
                    <td data-label="Off by">${points(rep.deviation)}</td>
                  </tr>`,
                )}
              </tbody>
            </table>`;
          })
    }`;
}

/** The grouped counts with speed to lead (arrival to acceptance) and to assignment. */
function Figures(props: { answer: StatsAnswer; directory: Directory }) {
  const { groupBy, rows } = props.answer;
  const p = (d: Percentiles) =>
    d.count === 0
      ? '–'
      : `${formatDuration(d.p50 ?? undefined)} / ${formatDuration(d.p90 ?? undefined)} / ${formatDuration(d.p95 ?? undefined)}`;
  return html`<h2>By ${GROUP_TEXT[groupBy].toLowerCase()}</h2>
    ${
      rows.length === 0
        ? html`<p class="muted">Nothing counted in this period.</p>`
        : html`<table class="table responsive stats">
          <caption class="visually-hidden">Figures by ${GROUP_TEXT[groupBy].toLowerCase()}</caption>
          <thead><tr>
            <th scope="col">${GROUP_TEXT[groupBy]}</th><th scope="col">Received</th><th scope="col">Assigned</th><th scope="col">Accepted</th>
            <th scope="col">SLA missed</th><th scope="col">Held</th><th scope="col">Speed to lead p50 / p90 / p95</th><th scope="col">Time to assign p50 / p90 / p95</th>
          </tr></thead>
          <tbody>
            ${rows.map(
              (row) => html`<tr>
                <th scope="row" data-label=${GROUP_TEXT[groupBy]}>${rowName(row, groupBy, props.directory.nameOf)}</th>
                <td data-label="Received">${row.received}</td>
                <td data-label="Assigned">${row.assigned}</td>
                <td data-label="Accepted">${row.accepted}</td>
                <td data-label="SLA missed">${row.slaMissed}</td>
                <td data-label="Held">${row.held}</td>
                <td data-label="Speed to lead p50 / p90 / p95">${p(row.timeToAcceptSeconds)}</td>
                <td data-label="Time to assign p50 / p90 / p95">${p(row.timeToAssignSeconds)}</td>
              </tr>`,
            )}
          </tbody>
        </table>`
    }`;
}

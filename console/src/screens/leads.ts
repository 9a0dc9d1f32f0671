import { html } from 'htm/preact';
import { useEffect, useState } from 'preact/hooks';
import { query } from '../api';
import { reasonText } from '../decisions';
import { useDirectory } from '../directory';
import { Form, SelectField } from '../fields';
import { NO_ERRORS } from '../form-errors';
import { formatTime, leadTitle } from '../format';
import { href, navigate } from '../router';
import type { Lead, LeadPage } from '../types';
import { Badge, Loaded, Page, useSession } from '../ui';
import { LEAD_STATUSES, label } from '../vocabulary';

const FILTERS = ['status', 'poolId', 'repId'] as const;

/**
 * Leads, newest first, filtered by status, pool and rep (kept in the link), a page at a time.
 * No source filter: `GET /admin/leads` has none.
 */
export function Leads(props: { query: URLSearchParams }) {
  const { api } = useSession();
  const directory = useDirectory();
  const applied = Object.fromEntries(FILTERS.map((name) => [name, props.query.get(name) ?? ''])) as Record<
    (typeof FILTERS)[number],
    string
  >;
  const [draft, setDraft] = useState(applied);
  const [leads, setLeads] = useState<Lead[]>();
  const [cursor, setCursor] = useState<string>();
  const [error, setError] = useState<unknown>();
  const [loadingMore, setLoadingMore] = useState(false);
  const filterKey = FILTERS.map((f) => applied[f]).join('|');

  const fetchPage = (after?: string) =>
    api.get<LeadPage>(`/admin/leads${query({ ...applied, limit: 50, cursor: after })}`);
  useEffect(() => {
    setDraft(applied);
    setLeads(undefined);
    setError(undefined);
    fetchPage().then((page) => {
      setLeads(page.leads);
      setCursor(page.nextCursor);
    }, setError);
  }, [filterKey]);

  const more = async () => {
    setLoadingMore(true);
    try {
      const page = await fetchPage(cursor);
      setLeads([...(leads ?? []), ...page.leads]);
      setCursor(page.nextCursor);
    } catch (e) {
      setError(e);
    } finally {
      setLoadingMore(false);
    }
  };
  const reps = directory.data?.reps ?? [];
  const pools = directory.data?.pools ?? [];
  const nameOf = directory.data?.nameOf ?? ((id: string | undefined) => id ?? '');
  return html`<${Page} title="Leads">
    <${Form}
      id="lead-filters"
      label="Filter leads"
      class="filters"
      errors=${NO_ERRORS}
      onSubmit=${() => navigate(href(['leads'], draft))}
    >
      <${SelectField}
        path="status"
        label="Status"
        compact
        value=${draft.status}
        onChange=${(status: string) => setDraft({ ...draft, status })}
        options=${[['', 'Any status'], ...LEAD_STATUSES.map((s) => [s, label(s)])]}
      />
      <${SelectField}
        path="poolId"
        label="Pool"
        compact
        value=${draft.poolId}
        onChange=${(poolId: string) => setDraft({ ...draft, poolId })}
        options=${[['', 'Any pool'], ...pools.map((p) => [p.id, p.name])]}
      />
      <${SelectField}
        path="repId"
        label="Rep"
        compact
        value=${draft.repId}
        onChange=${(repId: string) => setDraft({ ...draft, repId })}
        options=${[['', 'Any rep'], ...reps.map((r) => [r.id, r.name])]}
      />
      <div class="actions"><button type="submit">Show leads</button></div>
    <//>
    <${Loaded} state=${{ data: leads, error, loading: leads === undefined }}>
      ${(list: Lead[]) =>
        list.length === 0
          ? html`<p class="muted">No lead matches.</p>`
          : html`<table class="table responsive">
              <caption class="visually-hidden">Leads, newest first</caption>
              <thead><tr><th scope="col">Lead</th><th scope="col">Status</th><th scope="col">Received</th><th scope="col">Pool</th><th scope="col">Rep</th></tr></thead>
              <tbody>
                ${list.map(
                  (lead) => html`<tr>
                    <td data-label="Lead">
                      <a href=${href(['leads', lead.id])}>${leadTitle(lead)}</a>
                      ${lead.fields.company ? html`<span class="muted"> · ${lead.fields.company}</span>` : null}
                    </td>
                    <td data-label="Status">
                      <${Badge} value=${lead.status} text=${label(lead.status)} />
                      ${lead.failure ? html`<span class="muted"> ${reasonText(lead.failure.reason)}</span>` : null}
                    </td>
                    <td data-label="Received">${formatTime(lead.createdAt)}</td>
                    <td data-label="Pool">${lead.poolId ? nameOf(lead.poolId) : ''}</td>
                    <td data-label="Rep">${lead.repId ? nameOf(lead.repId) : ''}</td>
                  </tr>`,
                )}
              </tbody>
            </table>
            ${cursor ? html`<button type="button" class="secondary" disabled=${loadingMore} onClick=${more}>${loadingMore ? 'Loading…' : 'Show more'}</button>` : null}`}
    <//>
  <//>`;
}

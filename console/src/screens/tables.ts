import { html } from 'htm/preact';
import { formatTime } from '../format';
import { href, navigate } from '../router';
import type { TableSummary } from '../table-text';
import { Loaded, Page, useLoad, useSession } from '../ui';
import { label } from '../vocabulary';
import { TableUpload } from './table-upload';

/** Lookup tables (territories, named accounts): each with its kind, rows and versions; upload one. */
export function Tables() {
  const { api } = useSession();
  const tables = useLoad(() => api.get<{ tables: TableSummary[] }>('/admin/tables'), []);
  return html`<${Page}
    title="Lookup tables"
    lead="Territories and named accounts as tables: a routing rule looks a lead up in one by postal code, region, country, email domain or company."
  >
    <${Loaded} state=${tables}>
      ${({ tables: list }: { tables: TableSummary[] }) =>
        list.length === 0
          ? html`<p class="muted">No table yet.</p>`
          : html`<table class="table responsive">
            <caption class="visually-hidden">Lookup tables</caption>
            <thead><tr><th scope="col">Table</th><th scope="col">Key</th><th scope="col">Sends to</th><th scope="col">Rows</th><th scope="col">Version</th><th scope="col">Updated</th></tr></thead>
            <tbody>
              ${list.map(
                (table) => html`<tr>
                  <td data-label="Table"><a href=${href(['tables', table.name])}>${table.name}</a></td>
                  <td data-label="Key">${label(table.kind)}</td>
                  <td data-label="Sends to">${table.columns.includes('repId') ? 'an owner (rep)' : 'a pool'}</td>
                  <td data-label="Rows">${table.rows.toLocaleString()}</td>
                  <td data-label="Version">${table.version}${table.previousVersion ? html` <span class="muted">(kept: ${table.previousVersion})</span>` : null}</td>
                  <td data-label="Updated">${formatTime(table.updatedAt)}</td>
                </tr>`,
              )}
            </tbody>
          </table>`}
    <//>
    <${TableUpload} onUploaded=${(report: { table: string }) => navigate(href(['tables', report.table]))} />
  <//>`;
}

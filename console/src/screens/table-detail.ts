import { html } from 'htm/preact';
import { useState } from 'preact/hooks';
import { query } from '../api';
import { useDirectory } from '../directory';
import { Form, SelectField, TextField } from '../fields';
import { type FormErrors, formErrors, NO_ERRORS } from '../form-errors';
import { formatTime } from '../format';
import { href, navigate } from '../router';
import { saveFile } from '../save-file';
import { type RowMatch, rowMatchText, type TableDetail as Table } from '../table-text';
import { ConfirmButton, Loaded, Page, StatusMessage, useLoad, useSession } from '../ui';
import { label } from '../vocabulary';
import { TableUpload } from './table-upload';

/** One lookup table: its versions, the rules that use it, a key tested, a download, a new version, delete. */
export function TableDetail(props: { id: string }) {
  const { api } = useSession();
  const path = `/admin/tables/${encodeURIComponent(props.id)}`;
  const table = useLoad(() => api.request<Table>('GET', path), [props.id]);
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const download = async (version: number) => {
    try {
      const csv = (await api.request<string>('GET', `${path}${query({ version })}`, { accept: 'text/csv' })).body;
      saveFile(`${props.id}-v${version}.csv`, csv ?? '');
    } catch (error) {
      setErrors(formErrors(error));
    }
  };
  const remove = async (etag: string | undefined) => {
    try {
      await api.send('DELETE', path, undefined, etag);
      navigate(href(['tables']));
    } catch (error) {
      setErrors(formErrors(error));
    }
  };
  return html`<${Loaded} state=${{ ...table, data: table.data?.body }}>
    ${(t: Table) => html`<${Page} title=${t.name}>
      <p class="crumbs"><a href=${href(['tables'])}>All lookup tables</a></p>
      ${errors.general ? html`<p class="error" role="alert">${errors.general}</p>` : null}
      <div class="columns">
        <section class="panel" aria-labelledby="table-versions">
          <h2 id="table-versions">Versions</h2>
          <dl class="fields">
            <dt>Key</dt><dd>${label(t.kind)}</dd>
            <dt>Columns</dt><dd><code>${t.columns.join(',')}</code></dd>
            <dt>In force</dt>
            <dd>
              Version ${t.version}: ${t.rows.toLocaleString()} row(s)
              (${t.counts.exact} exact, ${t.counts.prefix} prefixes, ${t.counts.range} ranges), since ${formatTime(t.updatedAt)}
              <button type="button" class="secondary" onClick=${() => download(t.version)}>Download version ${t.version} (CSV)</button>
            </dd>
            ${
              t.previous
                ? html`<dt>Kept before it</dt>
                  <dd>
                    Version ${t.previous.version}: ${t.previous.rows.toLocaleString()} row(s), from ${formatTime(t.previous.createdAt)}
                    <button type="button" class="secondary" onClick=${() => download(t.previous!.version)}>Download version ${t.previous.version} (CSV)</button>
                  </dd>`
                : null
            }
            <dt>Used by</dt>
            <dd>
              ${
                t.usedBy.length
                  ? html`${t.usedBy.map((rule, i) => html`${i ? ', ' : ''}rule “${rule}”`)} (<a href=${href(['rules'])}>rules</a>)`
                  : html`<span class="muted">no rule yet: a rule with <code>${ruleSnippet(t)}</code> looks leads up in it</span>`
              }
            </dd>
          </dl>
          <${ConfirmButton}
            label="Delete table"
            confirmLabel=${`Yes, delete ${t.name}`}
            disabled=${t.usedBy.length > 0}
            onConfirm=${() => remove(table.data?.etag)}
          />
          ${t.usedBy.length ? html`<p class="muted">A table a rule uses cannot be deleted: change the rules first.</p>` : null}
        </section>
        <${KeyTest} table=${t} />
      </div>
      <${TableUpload} name=${t.name} onUploaded=${table.reload} />
    <//>`}
  <//>`;
}

function KeyTest(props: { table: Table }) {
  const { api } = useSession();
  const directory = useDirectory();
  const { table } = props;
  const [key, setKey] = useState('');
  const [version, setVersion] = useState('');
  const [result, setResult] = useState<RowMatch>();
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const test = async () => {
    setErrors(NO_ERRORS);
    if (!key.trim()) return setErrors({ byPath: { key: 'Type a value a lead might have.' } });
    try {
      setResult(
        await api.get<RowMatch>(
          `/admin/tables/${encodeURIComponent(table.name)}/rows${query({ key: key.trim(), version })}`,
        ),
      );
    } catch (error) {
      setResult(undefined);
      setErrors(formErrors(error));
    }
  };
  const nameOf = directory.data?.nameOf ?? ((id: string | undefined) => id ?? '');
  return html`<section class="panel" aria-labelledby="key-test">
    <h2 id="key-test">Test a value</h2>
    <p class="muted">Which row would a lead with this ${label(table.kind)} match?</p>
    <${Form} id="key-test-form" label="Test a value" errors=${errors} onSubmit=${test}>
      <${TextField} path="key" label=${`A lead's ${label(table.kind)}`} value=${key} onInput=${setKey} />
      ${
        table.previous
          ? html`<${SelectField}
              path="version"
              label="Version"
              value=${version}
              onChange=${setVersion}
              options=${[
                ['', `In force (${table.version})`],
                [String(table.previous.version), `Kept before it (${table.previous.version})`],
              ]}
            />`
          : null
      }
      <div class="actions"><button type="submit">Test</button></div>
    <//>
    <${StatusMessage} message=${result ? rowMatchText(result, nameOf) : undefined} />
  </section>`;
}

/** How a rule names the table: named accounts by their owner, territories by a lead's field. */
function ruleSnippet(table: Table): string {
  return table.kind === 'email_domain' || table.kind === 'company'
    ? `"accountOwner": {"table": "${table.name}", "match": "${table.kind}"}`
    : `"table": "${table.name}", "field": "${FIELD_OF_KIND[table.kind]}"`;
}

const FIELD_OF_KIND: Record<string, string> = { postal_code: 'postalCode', region: 'region', country: 'country' };

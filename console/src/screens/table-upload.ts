import { html } from 'htm/preact';
import { useState } from 'preact/hooks';
import { query } from '../api';
import { useDirectory } from '../directory';
import { Form, TextAreaField, TextField } from '../fields';
import { type FormErrors, formErrors, NO_ERRORS } from '../form-errors';
import { CSV_TYPE, changedRowText, rowText, type UploadReport, uploadBody, uploadSummary } from '../table-text';
import { StatusMessage, useSession } from '../ui';

/** Problems listed at once; the rest are counted. */
const SHOWN_PROBLEMS = 20;

/**
 * Upload a lookup table from a CSV file or pasted rows: a dry run first shows the diff and
 * every problem by line; only then is the checked text uploaded, against the version checked.
 */
export function TableUpload(props: { name?: string; onUploaded: (report: UploadReport) => void }) {
  const { api } = useSession();
  const directory = useDirectory();
  const nameOf = directory.data?.nameOf ?? ((id: string | undefined) => id ?? '');
  const [name, setName] = useState(props.name ?? '');
  const [file, setFile] = useState<{ fileName: string; text: string }>();
  const [pasted, setPasted] = useState('');
  const [checked, setChecked] = useState<{ name: string; text: string; report: UploadReport }>();
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const [message, setMessage] = useState<string>();
  const [busy, setBusy] = useState(false);
  const text = file?.text ?? pasted;
  const put = async (dryRun: boolean, tableName: string, body: string, ifMatch?: string) =>
    (
      await api.request<UploadReport>(
        'PUT',
        `/admin/tables/${encodeURIComponent(tableName)}${query({ dryRun: dryRun ? 'true' : undefined })}`,
        {
          text: { contentType: CSV_TYPE, ...(await uploadBody(body)) },
          ...(ifMatch ? { ifMatch } : {}),
        },
      )
    ).body;
  const run = async (work: () => Promise<void>) => {
    setBusy(true);
    setErrors(NO_ERRORS);
    setMessage(undefined);
    try {
      await work();
    } catch (error) {
      setErrors(formErrors(error));
    } finally {
      setBusy(false);
    }
  };
  const check = () =>
    run(async () => {
      const tableName = name.trim();
      if (!tableName) return setErrors({ byPath: { name: 'Name the table.' } });
      if (!text.trim()) return setErrors({ byPath: { csv: 'Choose a CSV file or paste its rows.' } });
      setChecked(undefined);
      setChecked({ name: tableName, text, report: await put(true, tableName, text) });
    });
  const upload = () =>
    run(async () => {
      if (!checked) return;
      // Against the version the dry run compared with: an upload meanwhile is reported, not overwritten.
      const report = await put(false, checked.name, checked.text, `"${checked.report.version}"`);
      setChecked(undefined);
      setFile(undefined);
      setPasted('');
      setMessage(uploadSummary(report));
      props.onUploaded(report);
    });
  const report = checked?.report;
  const stillChecked = checked && checked.text === text && checked.name === name.trim();
  return html`<section class="panel" aria-labelledby="table-upload">
    <h2 id="table-upload">${props.name ? 'Upload a new version' : 'Upload a table'}</h2>
    <p class="muted">
      ${'A CSV file whose header names the key column and the target, e.g. '}<code>postal_code,poolId</code>${' or '}
      <code>email_domain,repId,fallbackPoolId</code>${'. It is checked first; nothing changes until you upload it.'}
    </p>
    <${StatusMessage} tone="good" message=${message} />
    <${Form} id="table-upload-form" label=${props.name ? `Upload a new version of ${props.name}` : 'Upload a table'} errors=${errors} onSubmit=${check}>
      ${
        props.name
          ? null
          : html`<${TextField}
              path="name"
              label="Table name"
              hint="Lower-case letters, digits, - and _, e.g. us-zip"
              value=${name}
              onInput=${setName}
              required
            />`
      }
      <div class="field">
        <label for="table-upload-file">CSV file</label>
        <input
          id="table-upload-file"
          type="file"
          accept=".csv,text/csv"
          onChange=${async (event: Event) => {
            const chosen = (event.currentTarget as HTMLInputElement).files?.[0];
            setFile(chosen ? { fileName: chosen.name, text: await chosen.text() } : undefined);
          }}
        />
      </div>
      ${
        file
          ? html`<p class="muted">${file.fileName}: ${sizeText(file.text.length)}, ready to check.</p>`
          : html`<${TextAreaField} path="csv" label="Or paste the rows (header first)" value=${pasted} onInput=${setPasted} rows=${5} />`
      }
      <div class="actions"><button type="submit" disabled=${busy}>Check the upload</button></div>
    <//>
    ${
      report
        ? html`<div class="result" aria-label="Upload check" role="region">
          <p role="status"><strong>${uploadSummary(report)}</strong></p>
          ${report.problems.length ? html`<${Problems} report=${report} />` : null}
          ${report.problemCount === 0 ? html`<${Samples} report=${report} nameOf=${nameOf} />` : null}
          ${
            report.problemCount === 0
              ? html`<div class="actions">
                  <button type="button" disabled=${busy || !stillChecked} onClick=${upload}>
                    ${report.version === 0 ? `Upload ${checked.name}` : `Upload as the new version of ${checked.name}`}
                  </button>
                  ${stillChecked ? null : html`<span class="muted">The rows changed since the check: check them again.</span>`}
                </div>`
              : null
          }
        </div>`
        : null
    }
  </section>`;
}

function Problems(props: { report: UploadReport }) {
  const { problems, problemCount } = props.report;
  return html`<ul class="problems" aria-label="Problems by line">
    ${problems.slice(0, SHOWN_PROBLEMS).map((p) => html`<li><strong>${p.path}</strong>: ${p.message} <span class="muted">(${p.code})</span></li>`)}
    ${problemCount > SHOWN_PROBLEMS ? html`<li class="muted">and ${problemCount - SHOWN_PROBLEMS} more</li>` : null}
  </ul>`;
}

function Samples(props: { report: UploadReport; nameOf: (id: string | undefined) => string }) {
  const { samples } = props.report.changes;
  const lists: [string, string[]][] = [
    ['Added', samples.added.map((r) => rowText(r, props.nameOf))],
    ['Removed', samples.removed.map((r) => rowText(r, props.nameOf))],
    ['Changed', samples.changed.map((c) => changedRowText(c, props.nameOf))],
  ];
  return html`${lists
    .filter(([, rows]) => rows.length > 0)
    .map(
      ([title, rows]) => html`<h3>${title} (examples)</h3>
        <ul class="changes">${rows.map((row) => html`<li>${row}</li>`)}</ul>`,
    )}`;
}

function sizeText(characters: number): string {
  return characters < 1024 ? `${characters} characters` : `${Math.ceil(characters / 1024)} KB`;
}

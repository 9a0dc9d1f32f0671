import { html } from 'htm/preact';
import { useState } from 'preact/hooks';
import { describeDecision, failureText, type NameOf, reasonText } from '../decisions';
import { useDirectory } from '../directory';
import { CheckField, Form, SelectField, TextField } from '../fields';
import { type FormErrors, formErrors, NO_ERRORS } from '../form-errors';
import { formatDuration, formatTime, leadTitle } from '../format';
import { href } from '../router';
import type { Lead } from '../types';
import { Badge, ConfirmButton, Loaded, Page, StatusMessage, useLoad, useSession } from '../ui';
import { CLOSE_REASONS, label, OPEN_STATUSES } from '../vocabulary';
import { HistoryLink } from './history-link';
import { LeadOutcomes, LeadTimeline } from './lead-timeline';

const FIELD_LABELS: [keyof Lead['fields'], string][] = [
  ['name', 'Name'],
  ['email', 'Email'],
  ['phone', 'Phone'],
  ['company', 'Company'],
  ['companySize', 'Company size'],
  ['country', 'Country'],
  ['region', 'Region'],
  ['city', 'City'],
  ['postalCode', 'Postal code'],
  ['product', 'Product'],
  ['score', 'Score'],
  ['message', 'Message'],
];

/** One lead: its fields, why it went where it went, and what an admin can do with it. */
export function LeadDetail(props: { id: string }) {
  const { api } = useSession();
  const directory = useDirectory();
  const lead = useLoad(() => api.get<Lead>(`/admin/leads/${encodeURIComponent(props.id)}`), [props.id]);
  const nameOf: NameOf = directory.data?.nameOf ?? ((id) => id ?? '');
  return html`<${Loaded} state=${lead}>
    ${(l: Lead) => html`<${Page} title=${leadTitle(l)}>
      <p class="crumbs"><a href=${href(['leads'])}>All leads</a><${HistoryLink} id=${l.id} /></p>
      <div class="summary-line">
        <${Badge} value=${l.status} text=${label(l.status)} />
        ${l.repId ? html`<span>${OPEN_STATUSES.includes(l.status) ? 'Owner' : 'Last owner'}: <a href=${href(['reps', l.repId])}>${nameOf(l.repId)}</a></span>` : null}
        ${l.poolId ? html`<span>Pool: <a href=${href(['pools', l.poolId])}>${nameOf(l.poolId)}</a></span>` : null}
        <span class="muted">Received ${formatTime(l.createdAt)}</span>
      </div>
      ${l.failure ? html`<${Failure} failure=${l.failure} />` : null}
      <div class="columns">
        <section class="panel" aria-labelledby="lead-fields">
          <h2 id="lead-fields">Fields</h2>
          <dl class="fields">
            ${FIELD_LABELS.filter(([key]) => l.fields[key] !== undefined).map(
              ([key, text]) => html`<dt>${text}</dt><dd>${String(l.fields[key])}</dd>`,
            )}
            ${Object.entries(l.fields.utm ?? {}).map(([key, value]) => html`<dt>utm.${key}</dt><dd>${value}</dd>`)}
            ${Object.entries(l.custom).map(([key, value]) => html`<dt>${key}</dt><dd>${value}</dd>`)}
            ${l.assignedAt ? html`<dt>Assigned</dt><dd>${formatTime(l.assignedAt)}</dd>` : null}
            ${l.acceptedAt ? html`<dt>Accepted</dt><dd>${formatTime(l.acceptedAt)} (after ${formatDuration(l.responseSeconds)})</dd>` : null}
            ${l.closedAt ? html`<dt>Closed</dt><dd>${formatTime(l.closedAt)}</dd>` : null}
            <dt>Source</dt><dd><a href=${href(['sources', l.sourceId])}>${nameOf(l.sourceId)}</a></dd>
            <dt>Lead id</dt><dd><code>${l.id}</code></dd>
          </dl>
          ${l.raw ? html`<details><summary>As received (${l.rawContentType ?? 'raw'})</summary><pre>${l.raw}</pre></details>` : null}
        </section>
        <${LeadActions} lead=${l} reps=${directory.data?.reps ?? []} onChanged=${lead.reload} />
      </div>
      <div class="columns">
      <section class="panel" aria-labelledby="why">
        <h2 id="why">Why did it go there?</h2>
        ${
          l.decisions.length === 0
            ? html`<p class="muted">No routing step yet: the lead waits for the assigner.</p>`
            : html`<ol class="decisions">
              ${l.decisions.map((d) => {
                const text = describeDecision(d, nameOf);
                return html`<li>
                  <p><span class="muted">${formatTime(d.at)}</span> ${text.summary}</p>
                  ${text.details.length ? html`<ul>${text.details.map((line) => html`<li>${line}</li>`)}</ul>` : null}
                </li>`;
              })}
            </ol>`
        }
      </section>
      <${LeadTimeline} lead=${l} nameOf=${nameOf} />
      </div>
      <${LeadOutcomes} lead=${l} onRecorded=${lead.reload} />
    <//>`}
  <//>`;
}

function LeadActions(props: { lead: Lead; reps: { id: string; name: string }[]; onChanged: () => void }) {
  const { api } = useSession();
  const { lead } = props;
  const [repId, setRepId] = useState('');
  const [force, setForce] = useState(false);
  const [reason, setReason] = useState('');
  const [note, setNote] = useState('');
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const [message, setMessage] = useState<string>();
  const [busy, setBusy] = useState(false);
  const act = async (path: string, body: unknown, done: string) => {
    setBusy(true);
    setErrors(NO_ERRORS);
    try {
      await api.send('POST', path, body);
      setMessage(done);
      props.onChanged();
    } catch (error) {
      setErrors(formErrors(error));
    } finally {
      setBusy(false);
    }
  };
  const route = `/admin/leads/${encodeURIComponent(lead.id)}`;
  const others = props.reps.filter((r) => r.id !== lead.repId);
  const closed = lead.status === 'closed';
  // As the API decides: a rep owns the lead only while it is assigned or accepted.
  const owner = lead.repId && OPEN_STATUSES.includes(lead.status) ? lead.repId : undefined;
  return html`<section class="panel" aria-labelledby="lead-actions">
    <h2 id="lead-actions">Actions</h2>
    <${StatusMessage} tone="good" message=${message} />
    ${
      closed
        ? html`<p class="muted">The lead is closed.</p>`
        : html`<${Form}
          id="assign"
          label=${lead.repId ? 'Reassign the lead' : 'Assign the lead'}
          errors=${errors}
          onSubmit=${() => {
            const rep = props.reps.find((r) => r.id === repId);
            if (!repId) return setErrors({ byPath: { repId: 'Choose a rep.' } });
            void act(
              `${route}/assign`,
              { repId, ...(force ? { force: true } : {}) },
              `Assigned to ${rep?.name ?? repId}.`,
            );
          }}
        >
          <${SelectField}
            path="repId"
            label=${lead.repId ? 'Reassign to' : 'Assign to'}
            value=${repId}
            onChange=${setRepId}
            options=${[['', 'Choose a rep'], ...others.map((r) => [r.id, r.name])]}
          />
          <${CheckField}
            path="force"
            label="Even past the rep's caps"
            checked=${force}
            onChange=${setForce}
          />
          <div class="actions">
            <button type="submit" disabled=${busy}>${lead.repId ? 'Reassign' : 'Assign'}</button>
          </div>
        <//>
        <div class="actions">
          ${
            owner
              ? html`<button type="button" class="secondary" disabled=${busy} onClick=${() => act(`${route}/release`, undefined, 'Released: it is routed again.')}>
                  Release
                </button>`
              : null
          }
          ${
            owner
              ? null
              : html`<${SelectField}
                  path="reason"
                  label="Why close it (nobody owns it)"
                  value=${reason}
                  onChange=${setReason}
                  options=${[['', 'Choose a reason'], ...CLOSE_REASONS.map((r) => [r, reasonText(r)])]}
                />`
          }
          <${TextField} path="note" label="Note on the close (optional)" value=${note} onInput=${setNote} />
          <${ConfirmButton}
            label="Close lead"
            confirmLabel="Yes, close it"
            disabled=${busy || (!owner && !reason)}
            onConfirm=${() =>
              act(
                `${route}/close`,
                { ...(reason && !owner ? { reason } : {}), ...(note.trim() ? { note: note.trim() } : {}) },
                'Closed.',
              )}
          />
        </div>`
    }
  </section>`;
}

/** Why routing gave up on the lead, its last error, and how to send it round again. */
function Failure(props: { failure: NonNullable<Lead['failure']> }) {
  const { failure } = props;
  return html`<section class="panel failure" aria-labelledby="lead-failure">
    <h2 id="lead-failure">Failed</h2>
    <p>${failureText(failure)} <span class="muted">(${formatTime(failure.at)})</span></p>
    <details><summary>The last error</summary><pre>${failure.error}</pre></details>
    <p>
      Once the cause is fixed, send every failed lead round again from a terminal:
      <code>npm run admin -- redrive</code> (against the local stack: <code>npm run admin -- redrive --local</code>).
      The admin API has no route for one lead yet.
    </p>
  </section>`;
}

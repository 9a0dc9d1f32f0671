import { html } from 'htm/preact';
import { useState } from 'preact/hooks';
import type { NameOf } from '../decisions';
import { Form, SelectField, TextField } from '../fields';
import { type FormErrors, formErrors, NO_ERRORS } from '../form-errors';
import { formatTime } from '../format';
import { eventText } from '../timeline-text';
import type { Lead, LeadEvent } from '../types';
import { Loaded, StatusMessage, useLoad, useSession } from '../ui';
import { label, OUTCOME_STAGES } from '../vocabulary';

/** The lead's events in order, with who caused each and when: what webhooks delivered about it. */
export function LeadTimeline(props: { lead: Lead; nameOf: NameOf }) {
  const { api } = useSession();
  const path = `/admin/leads/${encodeURIComponent(props.lead.id)}/timeline`;
  // Read again whenever the lead changes: events follow its decisions.
  const timeline = useLoad(() => api.get<{ events: LeadEvent[] }>(path), [path, props.lead.decisions.length]);
  return html`<section class="panel" aria-labelledby="timeline">
    <h2 id="timeline">Timeline</h2>
    <${Loaded} state=${timeline}>
      ${({ events }: { events: LeadEvent[] }) =>
        events.length === 0
          ? html`<p class="muted">No event yet.</p>`
          : html`<ol class="timeline">
            ${events.map(
              (e) => html`<li>
                <span class="muted">${formatTime(e.timestamp)}</span> ${eventText(e, props.nameOf)}${' '}
                <code class="muted">${e.type}</code>
              </li>`,
            )}
          </ol>`}
    <//>
  </section>`;
}

/** What came of the lead: the outcomes recorded, and a form to record one (stage, value, note). */
export function LeadOutcomes(props: { lead: Lead; onRecorded: () => void }) {
  const { api } = useSession();
  const [stage, setStage] = useState<string>('contacted');
  const [value, setValue] = useState('');
  const [note, setNote] = useState('');
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const [message, setMessage] = useState<string>();
  const recorded = props.lead.decisions.filter((d) => d.outcome === 'outcome');
  const record = async () => {
    try {
      const amount = value.trim() === '' ? undefined : Number(value);
      await api.send('POST', `/admin/leads/${encodeURIComponent(props.lead.id)}/outcome`, {
        stage,
        ...(amount !== undefined ? { value: Number.isNaN(amount) ? value : amount } : {}),
        ...(note.trim() ? { note: note.trim() } : {}),
      });
      setErrors(NO_ERRORS);
      setMessage(`Outcome “${label(stage)}” recorded.`);
      setValue('');
      setNote('');
      props.onRecorded();
    } catch (error) {
      setMessage(undefined);
      setErrors(formErrors(error));
    }
  };
  return html`<section class="panel" aria-labelledby="outcomes">
    <h2 id="outcomes">Outcomes</h2>
    ${
      recorded.length === 0
        ? html`<p class="muted">No outcome recorded yet.</p>`
        : html`<ul class="outcomes">
          ${recorded.map(
            (d) => html`<li>
              <strong>${label(d.stage)}</strong>${d.value !== undefined ? ` worth ${d.value.toLocaleString()}` : ''}
              <span class="muted"> ${formatTime(d.at)}${d.actor === 'rep' ? ', by the rep' : ''}</span>${d.note ? html`<br />“${d.note}”` : null}
            </li>`,
          )}
        </ul>`
    }
    <${StatusMessage} tone="good" message=${message} />
    <${Form} id="outcome-form" label="Record an outcome" errors=${errors} onSubmit=${record}>
      <${SelectField} path="stage" label="Outcome" value=${stage} onChange=${setStage} options=${OUTCOME_STAGES.map((s) => [s, label(s)])} hint="once per stage" />
      <${TextField} path="value" label="Value (optional)" inputmode="decimal" value=${value} onInput=${setValue} />
      <${TextField} path="note" label="Note (optional)" value=${note} onInput=${setNote} />
      <div class="actions"><button type="submit">Record outcome</button></div>
    <//>
  </section>`;
}

import { html } from 'htm/preact';
import { useState } from 'preact/hooks';
import { etagOf } from '../api';
import { Form, TextField } from '../fields';
import { type FormErrors, formErrors, NO_ERRORS } from '../form-errors';
import { availability, hoursSummary, repChanges, repDraft } from '../rep-form';
import { href } from '../router';
import type { Rep } from '../types';
import { Loaded, Page, StatusMessage, useLoad, useSession } from '../ui';

/** Every rep: who is available, their caps, hours and channels; pause or resume in one click; add a rep. */
export function Reps() {
  const { api } = useSession();
  const reps = useLoad(() => api.get<{ reps: Rep[] }>('/admin/reps'), []);
  const [message, setMessage] = useState<string>();
  const [rowError, setRowError] = useState<string>();
  const toggle = async (rep: Rep) => {
    const status = rep.status === 'paused' ? 'active' : 'paused';
    setRowError(undefined);
    try {
      await api.send('PATCH', `/admin/reps/${rep.id}`, { status }, etagOf(rep));
      setMessage(`${rep.name} is ${status === 'paused' ? 'paused' : 'active again'}.`);
      reps.reload();
    } catch (error) {
      setRowError(formErrors(error).general);
      reps.reload();
    }
  };
  return html`<${Page} title="Reps" lead="A paused or away rep is skipped and keeps their place in every rotation.">
    <${StatusMessage} tone="good" message=${message} />
    ${rowError ? html`<p class="error" role="alert">${rowError}</p>` : null}
    <${Loaded} state=${reps}>
      ${({ reps: list }: { reps: Rep[] }) =>
        list.length === 0
          ? html`<p class="muted">No rep yet: add the first one below.</p>`
          : html`<table class="table responsive">
            <caption class="visually-hidden">Reps</caption>
            <thead><tr><th scope="col">Rep</th><th scope="col">Availability</th><th scope="col">Caps (open / day)</th><th scope="col">Working hours</th><th scope="col">Notified by</th><th scope="col"><span class="visually-hidden">Actions</span></th></tr></thead>
            <tbody>
              ${list.map(
                (rep) => html`<tr>
                  <td data-label="Rep"><a href=${href(['reps', rep.id])}>${rep.name}</a><br /><span class="muted">${rep.email ?? rep.phone ?? ''}</span></td>
                  <td data-label="Availability">${availability(rep)}</td>
                  <td data-label="Caps">${rep.maxOpen ?? '–'} / ${rep.maxPerDay ?? '–'}</td>
                  <td data-label="Working hours">${hoursSummary(rep.workingHours)} <span class="muted">(${rep.timezone})</span></td>
                  <td data-label="Notified by">${(rep.notifyBy ?? ['every channel they have']).join(', ')}</td>
                  <td data-label="Actions">
                    <button type="button" class="secondary" onClick=${() => toggle(rep)} aria-label=${`${rep.status === 'paused' ? 'Resume' : 'Pause'} ${rep.name}`}>
                      ${rep.status === 'paused' ? 'Resume' : 'Pause'}
                    </button>
                  </td>
                </tr>`,
              )}
            </tbody>
          </table>`}
    <//>
    <${NewRep} onCreated=${(rep: Rep) => {
      setMessage(`${rep.name} added.`);
      reps.reload();
    }} />
  <//>`;
}

function NewRep(props: { onCreated: (rep: Rep) => void }) {
  const { api } = useSession();
  const [draft, setDraft] = useState(repDraft);
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const [busy, setBusy] = useState(false);
  const set = (key: 'name' | 'email' | 'phone' | 'timezone') => (value: string) => setDraft({ ...draft, [key]: value });
  const submit = async () => {
    setBusy(true);
    try {
      const rep = await api.send<Rep>('POST', '/admin/reps', repChanges(draft));
      setErrors(NO_ERRORS);
      setDraft(repDraft());
      props.onCreated(rep);
    } catch (error) {
      setErrors(formErrors(error));
    } finally {
      setBusy(false);
    }
  };
  return html`<section class="panel" aria-labelledby="new-rep">
    <h2 id="new-rep">Add a rep</h2>
    <${Form} id="new-rep-form" label="Add a rep" errors=${errors} onSubmit=${submit} class="form grid">
      <${TextField} path="name" label="Name" value=${draft.name} onInput=${set('name')} required autocomplete="off" />
      <${TextField} path="email" label="Email" type="email" value=${draft.email} onInput=${set('email')} />
      <${TextField} path="phone" label="Phone (international, for SMS)" type="tel" value=${draft.phone} onInput=${set('phone')} placeholder="+14155550101" />
      <${TextField} path="timezone" label="Time zone" value=${draft.timezone} onInput=${set('timezone')} hint="An IANA name, e.g. Europe/Berlin" />
      <div class="actions"><button type="submit" disabled=${busy}>Add rep</button></div>
    <//>
  </section>`;
}

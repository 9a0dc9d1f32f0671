import { html } from 'htm/preact';
import { useEffect, useState } from 'preact/hooks';
import type { Versioned } from '../api';
import { useDirectory } from '../directory';
import { CheckField, CheckGroup, FieldError, Form, SelectField, TextField } from '../fields';
import { type FormErrors, formErrors, NO_ERRORS } from '../form-errors';
import { formatTime } from '../format';
import { type RepDraft, repChanges, repDraft } from '../rep-form';
import { href, navigate } from '../router';
import type { Rep } from '../types';
import { ConfirmButton, CopyButton, Loaded, Page, StatusMessage, useLoad, useSession } from '../ui';
import { NOTIFY_CHANNELS, PULL_METHODS, WEEKDAYS } from '../vocabulary';
import { HistoryLink } from './history-link';
import { SendOpenLeadsOn } from './rep-departure';

/** One rep: every setting, edited against the version read (If-Match); queue links; delete. */
export function RepDetail(props: { id: string }) {
  const { api } = useSession();
  const rep = useLoad(() => api.request<Rep>('GET', `/admin/reps/${encodeURIComponent(props.id)}`), [props.id]);
  const [saved, setSaved] = useState<string>();
  return html`<${Loaded} state=${rep}>
    ${(read: Versioned<Rep>) =>
      html`<${RepEditor}
        key=${read.etag}
        read=${read}
        saved=${saved}
        onSaved=${async () => {
          await rep.reload();
          setSaved('Saved.');
        }}
        onReload=${() => {
          setSaved(undefined);
          rep.reload();
        }}
      />`}
  <//>`;
}

function RepEditor(props: { read: Versioned<Rep>; saved?: string; onSaved: () => void; onReload: () => void }) {
  const { api } = useSession();
  const rep = props.read.body;
  const [before] = useState(() => repDraft(rep));
  const [draft, setDraft] = useState(before);
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const [message, setMessage] = useState<string>();
  const [busy, setBusy] = useState(false);
  const update = (patch: Partial<RepDraft>) => setDraft({ ...draft, ...patch });
  const text =
    (key: 'name' | 'email' | 'phone' | 'timezone' | 'awayUntil' | 'maxOpen' | 'maxPerDay') => (value: string) =>
      update({ [key]: value });
  const save = async () => {
    const body = repChanges(draft, before);
    if (Object.keys(body).length === 0) return setMessage('Nothing changed.');
    setBusy(true);
    try {
      await api.send('PATCH', `/admin/reps/${rep.id}`, body, props.read.etag);
      setErrors(NO_ERRORS);
      props.onSaved();
    } catch (error) {
      setErrors(formErrors(error));
    } finally {
      setBusy(false);
    }
  };
  const hours = draft.workingHours;
  const setHours = (next: RepDraft['workingHours']) => update({ workingHours: next });
  return html`<${Page} title=${rep.name}>
    <p class="crumbs"><a href=${href(['reps'])}>All reps</a> · <a href=${href(['leads'], { repId: rep.id })}>Their leads</a><${HistoryLink} id=${rep.id} /></p>
    <${StatusMessage} tone="good" message=${message ?? props.saved} />
    <p class="muted">Version ${rep.version}, changed ${formatTime(rep.updatedAt)}.</p>
    <${Form} id="rep" label="Rep settings" errors=${errors} onSubmit=${save} onReload=${props.onReload} class="form">
      <div class="grid">
        <${TextField} path="name" label="Name" value=${draft.name} onInput=${text('name')} required />
        <${TextField} path="email" label="Email" type="email" value=${draft.email} onInput=${text('email')} />
        <${TextField} path="phone" label="Phone" type="tel" value=${draft.phone} onInput=${text('phone')} />
        <${TextField} path="timezone" label="Time zone" value=${draft.timezone} onInput=${text('timezone')} />
      </div>
      <h2>Availability</h2>
      <div class="grid">
        <${SelectField}
          path="status"
          label="Status"
          value=${draft.status}
          onChange=${(status: string) => update({ status })}
          options=${[['active', 'Active'], ['paused', 'Paused']]}
        />
        <${TextField}
          path="awayUntil"
          label="Away until"
          type="datetime-local"
          value=${draft.awayUntil}
          onInput=${text('awayUntil')}
          hint="Holiday or sick leave, in your time zone; empty when not away"
        />
        <${TextField} path="maxOpen" label="Most open leads at once" inputmode="numeric" value=${draft.maxOpen} onInput=${text('maxOpen')} hint="Empty: no cap" />
        <${TextField} path="maxPerDay" label="Most leads per day" inputmode="numeric" value=${draft.maxPerDay} onInput=${text('maxPerDay')} hint="Empty: no cap" />
      </div>
      <h2>Working hours</h2>
      <p class="hint">In the rep's time zone; pools that respect working hours skip them outside these. None: any time.</p>
      <${FieldError} path="workingHours" />
      ${hours.map(
        (window, i) => html`<fieldset class="row-group">
          <legend>Window ${i + 1}</legend>
          <${CheckGroup}
            path=${`workingHours.${i}.days`}
            legend="Days"
            values=${WEEKDAYS}
            checked=${window.days}
            onChange=${(days: string[]) => setHours(hours.map((w, j) => (j === i ? { ...w, days } : w)))}
          />
          <${TextField} compact path=${`workingHours.${i}.from`} label="From" type="time" value=${window.from} onInput=${(from: string) => setHours(hours.map((w, j) => (j === i ? { ...w, from } : w)))} />
          <${TextField} compact path=${`workingHours.${i}.to`} label="To" value=${window.to} onInput=${(to: string) => setHours(hours.map((w, j) => (j === i ? { ...w, to } : w)))} hint="HH:MM; 24:00 ends the day" />
          <button type="button" class="secondary" onClick=${() => setHours(hours.filter((_, j) => j !== i))}>Remove window ${i + 1}</button>
        </fieldset>`,
      )}
      <button type="button" class="secondary" onClick=${() => setHours([...hours, { days: ['mon', 'tue', 'wed', 'thu', 'fri'], from: '09:00', to: '17:00' }])}>
        Add a window
      </button>
      <h2>Notifications</h2>
      <${CheckField}
        path="chooseChannels"
        label="Choose channels (otherwise every channel the rep has: email, SMS)"
        checked=${draft.chooseChannels}
        onChange=${(chooseChannels: boolean) => update({ chooseChannels })}
      />
      ${
        draft.chooseChannels
          ? html`<${CheckGroup}
              path="notifyBy"
              legend="Notify by"
              values=${NOTIFY_CHANNELS}
              labels=${{ email: 'Email', sms: 'SMS' }}
              checked=${draft.notifyBy}
              onChange=${(notifyBy: string[]) => update({ notifyBy })}
            />`
          : null
      }
      <div class="actions"><button type="submit" disabled=${busy}>Save rep</button></div>
    <//>
    <${QueueLinks} rep=${rep} />
    <${SendOpenLeadsOn} rep=${rep} />
    <section class="panel" aria-labelledby="delete-rep">
      <h2 id="delete-rep">Delete</h2>
      <p class="hint">A rep who is a member of a pool cannot be deleted: take them out first, or pause them.</p>
      <${DeleteRep} rep=${rep} />
    </section>
  <//>`;
}

function QueueLinks(props: { rep: Rep }) {
  const { api } = useSession();
  const directory = useDirectory();
  const pullPools = (directory.data?.pools ?? []).filter(
    (p) => PULL_METHODS.includes(p.method) && p.members.some((m) => m.repId === props.rep.id),
  );
  const [poolId, setPoolId] = useState('');
  const [link, setLink] = useState<{ url: string; expiresAt: string }>();
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  useEffect(() => setPoolId((current) => current || pullPools[0]?.id || ''), [pullPools.length]);
  if (directory.data && pullPools.length === 0) return null;
  return html`<section class="panel" aria-labelledby="queue-link">
    <h2 id="queue-link">Queue link</h2>
    <p class="hint">A signed link to this rep's view of a pull pool's queue, to send them (it works until it expires).</p>
    <${Form}
      id="queue-link-form"
      label="Issue a queue link"
      errors=${errors}
      onSubmit=${async () => {
        try {
          setLink(await api.send('POST', `/admin/reps/${props.rep.id}/queue-link`, { poolId }));
          setErrors(NO_ERRORS);
        } catch (error) {
          setErrors(formErrors(error));
        }
      }}
    >
      <${SelectField} path="poolId" label="Pull pool" value=${poolId} onChange=${setPoolId} options=${pullPools.map((p) => [p.id, p.name])} />
      <div class="actions"><button type="submit">Issue queue link</button></div>
    <//>
    ${
      link
        ? html`<div class="result">
          <label for="queue-link-url">Queue link (until ${formatTime(link.expiresAt)})</label>
          <input id="queue-link-url" readonly value=${link.url} />
          <${CopyButton} text=${link.url} label="Copy link" />
        </div>`
        : null
    }
  </section>`;
}

function DeleteRep(props: { rep: Rep }) {
  const { api } = useSession();
  const [error, setError] = useState<string>();
  return html`<div>
    ${error ? html`<p class="error" role="alert">${error}</p>` : null}
    <${ConfirmButton}
      label="Delete rep"
      confirmLabel=${`Yes, delete ${props.rep.name}`}
      onConfirm=${async () => {
        try {
          await api.send('DELETE', `/admin/reps/${props.rep.id}`);
          navigate(href(['reps']));
        } catch (e) {
          setError(formErrors(e).general);
        }
      }}
    />
  </div>`;
}

import { html } from 'htm/preact';
import { useState } from 'preact/hooks';
import type { Versioned } from '../api';
import { type Directory, useDirectory } from '../directory';
import { CheckField, FieldError, Form, SelectField, TextField } from '../fields';
import { type FormErrors, formErrors, NO_ERRORS } from '../form-errors';
import { formatTime } from '../format';
import { isPull, move, type PoolDraft, poolChanges, poolDraft, usesTier, usesWeight } from '../pool-form';
import { href, navigate } from '../router';
import type { Pool } from '../types';
import { ConfirmButton, Loaded, Page, StatusMessage, useLoad, useSession } from '../ui';
import { DISTRIBUTION_METHODS, label, QUEUE_ORDERS, SHOTGUN_NEXT_STEPS } from '../vocabulary';
import { HistoryLink } from './history-link';

/** One pool: method, members with weights and tiers edited in place, fallback, SLA, shotgun and queue settings. */
export function PoolDetail(props: { id: string }) {
  const { api } = useSession();
  const directory = useDirectory();
  const pool = useLoad(() => api.request<Pool>('GET', `/admin/pools/${encodeURIComponent(props.id)}`), [props.id]);
  const [saved, setSaved] = useState<string>();
  return html`<${Loaded} state=${pool}>
    ${(read: Versioned<Pool>) => html`<${Loaded} state=${directory}>
      ${(d: Directory) =>
        html`<${PoolEditor}
          key=${read.etag}
          read=${read}
          directory=${d}
          saved=${saved}
          onSaved=${async () => {
            // The editor starts again from the version read back: say so once it shows.
            await pool.reload();
            setSaved('Saved.');
          }}
          onReload=${() => {
            setSaved(undefined);
            pool.reload();
          }}
        />`}
    <//>`}
  <//>`;
}

function PoolEditor(props: {
  read: Versioned<Pool>;
  directory: Directory;
  saved?: string;
  onSaved: () => void;
  onReload: () => void;
}) {
  const { api } = useSession();
  const pool = props.read.body;
  const { reps, pools, nameOf } = props.directory;
  const [before] = useState(() => poolDraft(pool));
  const [draft, setDraft] = useState(before);
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const [adding, setAdding] = useState('');
  const [busy, setBusy] = useState(false);
  const update = (patch: Partial<PoolDraft>) => setDraft({ ...draft, ...patch });
  const field = (key: keyof PoolDraft) => (value: string) => update({ [key]: value });
  const members = draft.members;
  const setMember = (i: number, patch: Partial<PoolDraft['members'][number]>) =>
    update({ members: members.map((m, j) => (j === i ? { ...m, ...patch } : m)) });
  const save = async () => {
    const body = poolChanges(draft, before);
    if (Object.keys(body).length === 0) return setErrors({ byPath: {}, general: 'Nothing changed.' });
    setBusy(true);
    try {
      await api.send('PATCH', `/admin/pools/${pool.id}`, body, props.read.etag);
      setErrors(NO_ERRORS);
      props.onSaved();
    } catch (error) {
      setErrors(formErrors(error));
    } finally {
      setBusy(false);
    }
  };
  const repById = new Map(reps.map((r) => [r.id, r]));
  const outside = reps.filter((r) => !members.some((m) => m.repId === r.id));
  const weight = usesWeight(draft.method);
  const tier = usesTier(draft.method);
  return html`<${Page} title=${pool.name}>
    <p class="crumbs"><a href=${href(['pools'])}>All pools</a> · <a href=${href(['leads'], { poolId: pool.id })}>Its leads</a><${HistoryLink} id=${pool.id} /></p>
    <${StatusMessage} tone="good" message=${props.saved} />
    <p class="muted">Version ${pool.version}, changed ${formatTime(pool.updatedAt)}.</p>
    <${Form} id="pool" label="Pool settings" errors=${errors} onSubmit=${save} onReload=${props.onReload}>
      <div class="grid">
        <${TextField} path="name" label="Name" value=${draft.name} onInput=${field('name')} required />
        <${SelectField} path="method" label="Method" value=${draft.method} onChange=${field('method')} options=${DISTRIBUTION_METHODS.map((m) => [m, label(m)])} />
      </div>
      <${CheckField}
        path="respectWorkingHours"
        label="Skip reps outside their working hours"
        checked=${draft.respectWorkingHours}
        onChange=${(respectWorkingHours: boolean) => update({ respectWorkingHours })}
      />
      <h2>Members</h2>
      <p class="hint">Order is rotation order. ${weight ? 'Weight: leads per cycle (weighted) or relative chance (random). ' : ''}${tier ? 'Tier 1 is served first. ' : ''}Caps are the rep's own.</p>
      <${FieldError} path="members" />
      ${
        members.length === 0
          ? html`<p class="muted">No member yet.</p>`
          : html`<table class="table responsive members">
            <caption class="visually-hidden">Members of ${pool.name}</caption>
            <thead><tr>
              <th scope="col">#</th><th scope="col">Rep</th>
              ${weight ? html`<th scope="col">Weight</th>` : null}
              ${tier ? html`<th scope="col">Tier</th>` : null}
              <th scope="col">Caps (open / day)</th><th scope="col"><span class="visually-hidden">Order</span></th>
            </tr></thead>
            <tbody>
              ${members.map((m, i) => {
                const rep = repById.get(m.repId);
                const who = nameOf(m.repId);
                return html`<tr>
                  <td data-label="#">${i + 1}</td>
                  <td data-label="Rep"><a href=${href(['reps', m.repId])}>${who}</a>${rep?.status === 'paused' ? html` <span class="muted">(paused)</span>` : null}<${FieldError} path=${`members.${i}.repId`} /></td>
                  ${weight ? html`<td data-label="Weight"><${TextField} compact path=${`members.${i}.weight`} label=${`Weight of ${who}`} inputmode="numeric" value=${m.weight} placeholder="1" onInput=${(w: string) => setMember(i, { weight: w })} /></td>` : null}
                  ${tier ? html`<td data-label="Tier"><${TextField} compact path=${`members.${i}.tier`} label=${`Tier of ${who}`} inputmode="numeric" value=${m.tier} placeholder="1" onInput=${(t: string) => setMember(i, { tier: t })} /></td>` : null}
                  <td data-label="Caps">${rep?.maxOpen ?? '–'} / ${rep?.maxPerDay ?? '–'}</td>
                  <td data-label="Order" class="row-actions">
                    <button type="button" class="secondary" aria-label=${`Move ${who} up`} disabled=${i === 0} onClick=${() => update({ members: move(members, i, -1) })}>↑</button>
                    <button type="button" class="secondary" aria-label=${`Move ${who} down`} disabled=${i === members.length - 1} onClick=${() => update({ members: move(members, i, 1) })}>↓</button>
                    <button type="button" class="secondary" aria-label=${`Remove ${who}`} onClick=${() => update({ members: members.filter((_, j) => j !== i) })}>Remove</button>
                  </td>
                </tr>`;
              })}
            </tbody>
          </table>`
      }
      ${
        outside.length
          ? html`<div class="inline">
            <${SelectField} compact path="addMember" label="Add a member" value=${adding} onChange=${setAdding} options=${[['', 'Choose a rep'], ...outside.map((r) => [r.id, r.name])]} />
            <button
              type="button"
              class="secondary"
              disabled=${!adding}
              onClick=${() => {
                update({ members: [...members, { repId: adding, weight: '', tier: '' }] });
                setAdding('');
              }}
            >
              Add
            </button>
          </div>`
          : null
      }
      <h2>When a lead cannot be placed</h2>
      <div class="grid">
        ${
          isPull(draft.method)
            ? html`<p class="hint">Leads of a pull pool wait in its queue until a rep takes one.</p>`
            : html`<${SelectField}
                path="fallback"
                label="When nobody can take a lead"
                value=${draft.fallback}
                onChange=${field('fallback')}
                options=${[['hold', 'Hold it until someone can'], ...pools.filter((p) => p.id !== pool.id).map((p) => [p.id, `Send it to ${p.name}`])]}
              />`
        }
        <${TextField} path="sla.acceptWithinSeconds" label="Accept within (seconds)" inputmode="numeric" value=${draft.slaSeconds} onInput=${field('slaSeconds')} hint="Empty: no SLA. A rep who does not accept in time loses the lead to the next rep." />
        <${TextField} path="sla.maxReassignments" label="Moves at most" inputmode="numeric" value=${draft.slaMaxReassignments} onInput=${field('slaMaxReassignments')} hint="Default 2; then the lead is held" />
        <${TextField} path="stickyDays" label="Sticky owner (days)" inputmode="numeric" value=${draft.stickyDays} onInput=${field('stickyDays')} hint="A lead matching a recent lead's email or phone goes to its owner" />
      </div>
      ${
        draft.method === 'shotgun'
          ? html`<h2>Shotgun</h2><div class="grid">
            <${TextField} path="shotgun.windowSeconds" label="Offer window (seconds)" inputmode="numeric" value=${draft.shotgunWindowSeconds} onInput=${field('shotgunWindowSeconds')} hint="Default 120" />
            <${SelectField}
              path="shotgun.then"
              label="When nobody claims it"
              value=${draft.shotgunThen}
              onChange=${field('shotgunThen')}
              options=${[['', 'Default: round robin'], ...SHOTGUN_NEXT_STEPS.map((s) => [s, label(s)]), ...pools.filter((p) => p.id !== pool.id).map((p) => [p.id, `Send it to ${p.name}`])]}
            />
          </div>`
          : null
      }
      ${
        isPull(draft.method)
          ? html`<h2>Queue</h2><div class="grid">
            <${SelectField} path="queue.order" label="Order" value=${draft.queueOrder} onChange=${field('queueOrder')} options=${[['', 'Default: oldest first'], ...QUEUE_ORDERS.map((o) => [o, label(o)])]} />
            <${TextField} path="queue.remindEveryMinutes" label="Remind reps every (minutes)" inputmode="numeric" value=${draft.queueRemindEveryMinutes} onInput=${field('queueRemindEveryMinutes')} hint="Default 15; 0 sends none" />
            <${TextField} path="queue.linkTtlHours" label="Queue links last (hours)" inputmode="numeric" value=${draft.queueLinkTtlHours} onInput=${field('queueLinkTtlHours')} hint="Default 168" />
          </div>`
          : null
      }
      <div class="actions"><button type="submit" disabled=${busy}>Save pool</button></div>
    <//>
    <${ResetRotation} pool=${pool} />
    <section class="panel" aria-labelledby="delete-pool">
      <h2 id="delete-pool">Delete</h2>
      <p class="hint">A pool that a source pins, another pool falls back to, or a rule names cannot be deleted.</p>
      <${DeletePool} pool=${pool} />
    </section>
  <//>`;
}

function DeletePool(props: { pool: Pool }) {
  const { api } = useSession();
  const [error, setError] = useState<string>();
  return html`<div>
    ${error ? html`<p class="error" role="alert">${error}</p>` : null}
    <${ConfirmButton}
      label="Delete pool"
      confirmLabel=${`Yes, delete ${props.pool.name}`}
      onConfirm=${async () => {
        try {
          await api.send('DELETE', `/admin/pools/${props.pool.id}`);
          navigate(href(['pools']));
        } catch (e) {
          setError(formErrors(e).general);
        }
      }}
    />
  </div>`;
}

function ResetRotation(props: { pool: Pool }) {
  const { api } = useSession();
  const [done, setDone] = useState<string>();
  const [error, setError] = useState<string>();
  return html`<section class="panel" aria-labelledby="rotation">
    <h2 id="rotation">Rotation</h2>
    <p class="hint">
      Starting over forgets whose turn it is and the weighted totals: the next lead goes to the first eligible member,
      as if the pool were new; caps, counts and leads are untouched. Useful after a big change of members or weights.
    </p>
    ${error ? html`<p class="error" role="alert">${error}</p>` : null}
    <${ConfirmButton}
      label="Start the rotation over"
      confirmLabel="Yes, start it over"
      onConfirm=${async () => {
        try {
          const answer = await api.send<{ resetAt: string }>('POST', `/admin/pools/${props.pool.id}/reset-rotation`);
          setError(undefined);
          setDone(`The rotation of ${props.pool.name} started over at ${formatTime(answer.resetAt)}.`);
        } catch (e) {
          setDone(undefined);
          setError(formErrors(e).general);
        }
      }}
    />
    <${StatusMessage} tone="good" message=${done} />
  </section>`;
}

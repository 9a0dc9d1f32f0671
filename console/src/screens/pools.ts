import { html } from 'htm/preact';
import { useState } from 'preact/hooks';
import { useDirectory } from '../directory';
import { CheckGroup, Form, SelectField, TextField } from '../fields';
import { type FormErrors, formErrors, NO_ERRORS } from '../form-errors';
import { formatDuration } from '../format';
import { href, navigate } from '../router';
import type { Pool } from '../types';
import { Loaded, Page, useSession } from '../ui';
import { DISTRIBUTION_METHODS, label } from '../vocabulary';

/** Every pool: method, members, fallback and SLA; create one. */
export function Pools() {
  const directory = useDirectory();
  return html`<${Page} title="Pools" lead="A pool is a group of reps and the way leads are shared among them.">
    <${Loaded} state=${directory}>
      ${({ pools, nameOf }: NonNullable<typeof directory.data>) =>
        pools.length === 0
          ? html`<p class="muted">No pool yet.</p>`
          : html`<table class="table responsive">
            <caption class="visually-hidden">Pools</caption>
            <thead><tr><th scope="col">Pool</th><th scope="col">Method</th><th scope="col">Members</th><th scope="col">When nobody can take a lead</th><th scope="col">Accept within</th></tr></thead>
            <tbody>
              ${pools.map(
                (pool: Pool) => html`<tr>
                  <td data-label="Pool"><a href=${href(['pools', pool.id])}>${pool.name}</a></td>
                  <td data-label="Method">${label(pool.method)}</td>
                  <td data-label="Members">${pool.members.map((m) => nameOf(m.repId)).join(', ') || 'nobody'}</td>
                  <td data-label="Fallback">${!pool.fallback || pool.fallback === 'hold' ? 'hold it' : `pool ${nameOf(pool.fallback)}`}</td>
                  <td data-label="Accept within">${pool.sla ? formatDuration(pool.sla.acceptWithinSeconds) : '–'}</td>
                </tr>`,
              )}
            </tbody>
          </table>`}
    <//>
    <${Loaded} state=${directory}>
      ${(d: NonNullable<typeof directory.data>) => html`<${NewPool} reps=${d.reps} />`}
    <//>
  <//>`;
}

function NewPool(props: { reps: { id: string; name: string }[] }) {
  const { api } = useSession();
  const [name, setName] = useState('');
  const [method, setMethod] = useState('round_robin');
  const [members, setMembers] = useState<string[]>([]);
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const submit = async () => {
    try {
      const pool = await api.send<Pool>('POST', '/admin/pools', {
        name: name.trim(),
        method,
        members: members.map((repId) => ({ repId })),
      });
      navigate(href(['pools', pool.id]));
    } catch (error) {
      setErrors(formErrors(error));
    }
  };
  const names = Object.fromEntries(props.reps.map((r) => [r.id, r.name]));
  return html`<section class="panel" aria-labelledby="new-pool">
    <h2 id="new-pool">Create a pool</h2>
    <${Form} id="new-pool-form" label="Create a pool" errors=${errors} onSubmit=${submit}>
      <div class="grid">
        <${TextField} path="name" label="Name" value=${name} onInput=${setName} required />
        <${SelectField}
          path="method"
          label="Method"
          value=${method}
          onChange=${setMethod}
          options=${DISTRIBUTION_METHODS.map((m) => [m, label(m)])}
        />
      </div>
      ${
        props.reps.length
          ? html`<${CheckGroup}
              path="members"
              legend="Members (in rotation order as ticked; reorder after)"
              values=${props.reps.map((r) => r.id)}
              labels=${names}
              checked=${members}
              onChange=${setMembers}
            />`
          : html`<p class="hint">No rep yet: <a href=${href(['reps'])}>add reps</a> first, or create the pool empty.</p>`
      }
      <div class="actions"><button type="submit">Create pool</button></div>
    <//>
  </section>`;
}

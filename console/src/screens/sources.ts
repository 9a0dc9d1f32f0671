import { html } from 'htm/preact';
import { useState } from 'preact/hooks';
import { useDirectory } from '../directory';
import { Form, SelectField, TextField } from '../fields';
import { type FormErrors, formErrors, NO_ERRORS } from '../form-errors';
import { href, navigate } from '../router';
import type { SourceView } from '../types';
import { Loaded, Page, useLoad, useSession } from '../ui';
import { label, SOURCE_KINDS } from '../vocabulary';

/** Every source with its webhook URL; create one. */
export function Sources() {
  const { api } = useSession();
  const directory = useDirectory();
  const sources = useLoad(() => api.get<{ sources: SourceView[] }>('/admin/sources'), []);
  const nameOf = directory.data?.nameOf ?? ((id: string | undefined) => id ?? '');
  return html`<${Page} title="Sources" lead="Where leads come from: each source has its own webhook URL and format.">
    <${Loaded} state=${sources}>
      ${({ sources: list }: { sources: SourceView[] }) =>
        list.length === 0
          ? html`<p class="muted">No source yet.</p>`
          : html`<table class="table responsive">
            <caption class="visually-hidden">Sources</caption>
            <thead><tr><th scope="col">Source</th><th scope="col">Kind</th><th scope="col">Leads go to</th><th scope="col">Webhook URL</th></tr></thead>
            <tbody>
              ${list.map(
                (s) => html`<tr>
                  <td data-label="Source"><a href=${href(['sources', s.id])}>${s.name}</a></td>
                  <td data-label="Kind">${label(s.kind)}</td>
                  <td data-label="Leads go to">${s.poolId ? `pool ${nameOf(s.poolId)}` : 'the routing rules'}</td>
                  <td data-label="Webhook URL"><code class="url">${s.webhookUrl}</code></td>
                </tr>`,
              )}
            </tbody>
          </table>`}
    <//>
    <${NewSource} pools=${directory.data?.pools ?? []} />
  <//>`;
}

function NewSource(props: { pools: { id: string; name: string }[] }) {
  const { api } = useSession();
  const [draft, setDraft] = useState({
    name: '',
    kind: 'form',
    poolId: '',
    appSecret: '',
    verifyToken: '',
    accessToken: '',
    clientSecret: '',
  });
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const set = (key: keyof typeof draft) => (value: string) => setDraft({ ...draft, [key]: value });
  const meta = draft.kind === 'meta_lead_ads';
  const linkedin = draft.kind === 'linkedin_lead_gen';
  const submit = async () => {
    try {
      const source = await api.send<SourceView>('POST', '/admin/sources', {
        name: draft.name.trim(),
        kind: draft.kind,
        ...(draft.poolId ? { poolId: draft.poolId } : {}),
        ...(meta ? { appSecret: draft.appSecret, verifyToken: draft.verifyToken, accessToken: draft.accessToken } : {}),
        ...(linkedin ? { clientSecret: draft.clientSecret, accessToken: draft.accessToken } : {}),
      });
      navigate(href(['sources', source.id]));
    } catch (error) {
      setErrors(formErrors(error));
    }
  };
  return html`<section class="panel" aria-labelledby="new-source">
    <h2 id="new-source">Create a source</h2>
    <${Form} id="new-source-form" label="Create a source" errors=${errors} onSubmit=${submit}>
      <div class="grid">
        <${TextField} path="name" label="Name" value=${draft.name} onInput=${set('name')} required />
        <${SelectField} path="kind" label="Kind" value=${draft.kind} onChange=${set('kind')} options=${SOURCE_KINDS.map((k) => [k, label(k)])} />
        <${SelectField}
          path="poolId"
          label="Leads go to"
          value=${draft.poolId}
          onChange=${set('poolId')}
          options=${[['', 'The routing rules decide'], ...props.pools.map((p) => [p.id, `Always pool ${p.name}`])]}
        />
      </div>
      ${
        meta
          ? html`<div class="grid">
            <${TextField} path="appSecret" label="Meta app secret" type="password" value=${draft.appSecret} onInput=${set('appSecret')} required />
            <${TextField} path="verifyToken" label="Verify token (you choose it)" type="password" value=${draft.verifyToken} onInput=${set('verifyToken')} required />
            <${TextField} path="accessToken" label="Page access token (leads_retrieval)" type="password" value=${draft.accessToken} onInput=${set('accessToken')} required />
          </div>`
          : null
      }
      ${
        linkedin
          ? html`<div class="grid">
            <${TextField} path="clientSecret" label="LinkedIn app client secret" type="password" value=${draft.clientSecret} onInput=${set('clientSecret')} required />
            <${TextField} path="accessToken" label="Access token (r_marketing_leadgen_automation)" type="password" value=${draft.accessToken} onInput=${set('accessToken')} required />
          </div>`
          : null
      }
      <div class="actions"><button type="submit">Create source</button></div>
    <//>
  </section>`;
}

import { html } from 'htm/preact';
import { useState } from 'preact/hooks';
import { Form, TextField } from '../fields';
import { type FormErrors, formErrors, NO_ERRORS } from '../form-errors';
import { formatTime } from '../format';
import type { ApiKeyView } from '../types';
import { ConfirmButton, CopyButton, Loaded, Page, StatusMessage, useLoad, useSession } from '../ui';

/** Admin API keys: list, create (the key shown once), revoke. */
export function ApiKeys() {
  const { api } = useSession();
  const keys = useLoad(() => api.get<{ keys: ApiKeyView[] }>('/admin/keys'), []);
  const [name, setName] = useState('');
  const [created, setCreated] = useState<ApiKeyView & { key: string }>();
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const [message, setMessage] = useState<string>();
  const [revokeError, setRevokeError] = useState<string>();
  const create = async () => {
    try {
      setCreated(await api.send<ApiKeyView & { key: string }>('POST', '/admin/keys', { name: name.trim() }));
      setErrors(NO_ERRORS);
      setName('');
      keys.reload();
    } catch (error) {
      setErrors(formErrors(error));
    }
  };
  const revoke = async (key: ApiKeyView) => {
    try {
      await api.send('DELETE', `/admin/keys/${key.id}`);
      setRevokeError(undefined);
      setMessage(`${key.name} revoked. It may work for up to a minute more.`);
      keys.reload();
    } catch (error) {
      setMessage(undefined);
      setRevokeError(formErrors(error).general);
    }
  };
  return html`<${Page} title="API keys" lead="Admin API keys open this console and the admin API. Only a hash is stored: a key is shown once, when it is made.">
    <${StatusMessage} tone="good" message=${message} />
    ${revokeError ? html`<p class="error" role="alert">${revokeError}</p>` : null}
    <${Loaded} state=${keys}>
      ${({ keys: list }: { keys: ApiKeyView[] }) => html`<table class="table responsive">
        <caption class="visually-hidden">Admin API keys</caption>
        <thead><tr><th scope="col">Name</th><th scope="col">Id</th><th scope="col">Created</th><th scope="col"><span class="visually-hidden">Actions</span></th></tr></thead>
        <tbody>
          ${list.map(
            (key) => html`<tr>
              <td data-label="Name">${key.name}</td>
              <td data-label="Id"><code>${key.id}</code></td>
              <td data-label="Created">${formatTime(key.createdAt)}</td>
              <td data-label="Actions"><${ConfirmButton} label=${`Revoke ${key.name}`} confirmLabel=${`Yes, revoke ${key.name}`} onConfirm=${() => revoke(key)} /></td>
            </tr>`,
          )}
        </tbody>
      </table>`}
    <//>
    <section class="panel" aria-labelledby="new-key">
      <h2 id="new-key">Create a key</h2>
      <${Form} id="new-key-form" label="Create a key" errors=${errors} onSubmit=${create}>
        <${TextField} path="name" label="Who or what it is for" value=${name} onInput=${setName} required />
        <div class="actions"><button type="submit">Create key</button></div>
      <//>
      ${
        created
          ? html`<div class="result" role="status">
            <p><strong>Copy the key for ${created.name} now: it is not shown again.</strong></p>
            <label for="new-key-value">New key</label>
            <input id="new-key-value" readonly value=${created.key} />
            <${CopyButton} text=${created.key} label="Copy key" />
          </div>`
          : null
      }
    </section>
  <//>`;
}

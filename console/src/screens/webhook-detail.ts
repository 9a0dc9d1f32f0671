import { html } from 'htm/preact';
import { useState } from 'preact/hooks';
import type { Versioned } from '../api';
import { Form } from '../fields';
import { type FormErrors, formErrors, NO_ERRORS } from '../form-errors';
import { formatTime } from '../format';
import { href, navigate } from '../router';
import type { Webhook, WebhookDelivery } from '../types';
import { Badge, ConfirmButton, Loaded, Page, StatusMessage, useLoad, useSession } from '../ui';
import { attemptsText, deliveryNext, webhookBody, webhookDraft } from '../webhook-form';
import { SecretOnce, WebhookFields } from './webhook-editor';

/** One subscription: edit it (If-Match), turn it off or on, rotate its secret, delete it, and its deliveries with Retry. */
export function WebhookDetail(props: { id: string }) {
  const { api } = useSession();
  const path = `/admin/webhooks/${encodeURIComponent(props.id)}`;
  const hook = useLoad(() => api.request<Webhook>('GET', path), [path]);
  const deliveries = useLoad(() => api.get<{ deliveries: WebhookDelivery[] }>(`${path}/deliveries`), [path]);
  const [message, setMessage] = useState<string>();
  const [secret, setSecret] = useState<string>();
  const [actionError, setActionError] = useState<string>();
  const act = async (work: () => Promise<string>) => {
    try {
      setMessage(await work());
      setActionError(undefined);
    } catch (error) {
      setMessage(undefined);
      setActionError(formErrors(error).general);
    }
  };
  return html`<${Loaded} state=${hook}>
    ${(read: Versioned<Webhook>) => {
      const w = read.body;
      return html`<${Page} title=${w.description || w.url}>
        <p><a href=${href(['webhooks'])}>All webhooks</a></p>
        <p>
          <${Badge} value=${w.status} />
          ${w.disabledReason ? html` ${w.disabledReason}` : null}
          ${w.failingSince ? html` Every delivery has failed since ${formatTime(w.failingSince)}.` : null}
        </p>
        <${StatusMessage} tone="good" message=${message} />
        ${actionError ? html`<p class="error" role="alert">${actionError}</p>` : null}
        <div class="row-actions">
          <button
            type="button"
            class="secondary"
            onClick=${() =>
              act(async () => {
                const enabled = w.status !== 'enabled';
                await api.send('PATCH', path, { enabled }, read.etag);
                hook.reload();
                return enabled
                  ? 'Turned on: deliveries start again.'
                  : 'Turned off: no more deliveries until it is turned on.';
              })}
          >
            ${w.status === 'enabled' ? 'Turn off' : 'Turn on'}
          </button>
          <${ConfirmButton}
            label="Rotate the secret"
            confirmLabel="Yes, make a new secret"
            onConfirm=${() =>
              act(async () => {
                setSecret((await api.send<{ secret: string }>('POST', `${path}/rotate-secret`)).secret);
                hook.reload();
                return 'A new secret signs every delivery from now on.';
              })}
          />
          <${ConfirmButton}
            label="Delete"
            confirmLabel="Yes, delete this webhook"
            onConfirm=${() =>
              act(async () => {
                await api.send('DELETE', path);
                navigate(href(['webhooks']));
                return 'Deleted.';
              })}
          />
        </div>
        ${secret ? html`<${SecretOnce} id="rotated-secret" secret=${secret} />` : null}
        <${WebhookEdit} key=${read.etag} read=${read} path=${path} onSaved=${async () => {
          await hook.reload();
          setMessage('Saved.');
        }} onReload=${hook.reload} />
        <h2>Deliveries</h2>
        <${Loaded} state=${deliveries}>
          ${({ deliveries: list }: { deliveries: WebhookDelivery[] }) =>
            list.length === 0
              ? html`<p class="muted">Nothing delivered yet.</p>`
              : html`<table class="table responsive">
                <caption class="visually-hidden">Recent deliveries, newest first</caption>
                <thead><tr><th scope="col">Event</th><th scope="col">Lead</th><th scope="col">Status</th><th scope="col">Attempts</th><th scope="col">Next</th><th scope="col"><span class="visually-hidden">Actions</span></th></tr></thead>
                <tbody>
                  ${list.map(
                    (d) => html`<tr>
                      <td data-label="Event">${d.eventType}<br /><span class="muted">${formatTime(d.createdAt)}</span></td>
                      <td data-label="Lead"><a href=${href(['leads', d.leadId])}>${d.leadId}</a></td>
                      <td data-label="Status"><${Badge} value=${d.status} /></td>
                      <td data-label="Attempts">${d.attempts.length}: ${attemptsText(d)}</td>
                      <td data-label="Next">${deliveryNext(d)}</td>
                      <td data-label="Actions">
                        ${
                          d.status === 'succeeded'
                            ? null
                            : html`<button
                              type="button"
                              class="secondary"
                              aria-label=${`Retry ${d.eventType} of ${d.leadId}`}
                              onClick=${() =>
                                act(async () => {
                                  await api.send('POST', `${path}/deliveries/${encodeURIComponent(d.id)}/retry`);
                                  deliveries.reload();
                                  return `${d.eventType} is being sent again.`;
                                })}
                            >
                              Retry
                            </button>`
                        }
                      </td>
                    </tr>`,
                  )}
                </tbody>
              </table>`}
        <//>
      <//>`;
    }}
  <//>`;
}

function WebhookEdit(props: { read: Versioned<Webhook>; path: string; onSaved: () => void; onReload: () => void }) {
  const { api } = useSession();
  const [draft, setDraft] = useState(() => webhookDraft(props.read.body));
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const save = async () => {
    try {
      await api.send('PATCH', props.path, webhookBody(draft), props.read.etag);
      setErrors(NO_ERRORS);
      props.onSaved();
    } catch (error) {
      setErrors(formErrors(error));
    }
  };
  return html`<section class="panel" aria-labelledby="edit-webhook">
    <h2 id="edit-webhook">Settings</h2>
    <${Form} id="webhook-form" label="Webhook settings" errors=${errors} onSubmit=${save} onReload=${props.onReload}>
      <${WebhookFields} draft=${draft} onChange=${setDraft} />
      <div class="actions"><button type="submit">Save webhook</button></div>
    <//>
  </section>`;
}

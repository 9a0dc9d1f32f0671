import { html } from 'htm/preact';
import { useState } from 'preact/hooks';
import { Form } from '../fields';
import { type FormErrors, formErrors, NO_ERRORS } from '../form-errors';
import { formatTime } from '../format';
import { href } from '../router';
import type { Webhook } from '../types';
import { Badge, Loaded, Page, useLoad, useSession } from '../ui';
import { blankWebhook, webhookBody } from '../webhook-form';
import { SecretOnce, WebhookFields } from './webhook-editor';

/** Webhook subscriptions: where lead events go; subscribe a URL (its signing secret shown once). */
export function Webhooks() {
  const { api } = useSession();
  const hooks = useLoad(() => api.get<{ webhooks: Webhook[] }>('/admin/webhooks'), []);
  const [draft, setDraft] = useState(blankWebhook);
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const [created, setCreated] = useState<Webhook & { secret: string }>();
  const create = async () => {
    try {
      setCreated(await api.send<Webhook & { secret: string }>('POST', '/admin/webhooks', webhookBody(draft)));
      setErrors(NO_ERRORS);
      setDraft(blankWebhook());
      hooks.reload();
    } catch (error) {
      setErrors(formErrors(error));
    }
  };
  return html`<${Page}
    title="Webhooks"
    lead="Lead events (received, assigned, outcome, …) posted to your systems as they happen, signed so receivers can trust them, or as Slack messages."
  >
    <${Loaded} state=${hooks}>
      ${({ webhooks }: { webhooks: Webhook[] }) =>
        webhooks.length === 0
          ? html`<p class="muted">No subscription yet.</p>`
          : html`<table class="table responsive">
            <caption class="visually-hidden">Webhook subscriptions</caption>
            <thead><tr><th scope="col">URL</th><th scope="col">Events</th><th scope="col">Format</th><th scope="col">Status</th><th scope="col">Created</th></tr></thead>
            <tbody>
              ${webhooks.map(
                (w) => html`<tr>
                  <td data-label="URL"><a href=${href(['webhooks', w.id])}>${w.description || w.url}</a>${w.description ? html`<br /><span class="muted">${w.url}</span>` : null}</td>
                  <td data-label="Events">${w.events.includes('*') ? 'every event' : w.events.join(', ')}</td>
                  <td data-label="Format">${w.format}</td>
                  <td data-label="Status"><${Badge} value=${w.status} />${w.failingSince ? html` <span>failing since ${formatTime(w.failingSince)}</span>` : null}</td>
                  <td data-label="Created">${formatTime(w.createdAt)}</td>
                </tr>`,
              )}
            </tbody>
          </table>`}
    <//>
    <section class="panel" aria-labelledby="new-webhook">
      <h2 id="new-webhook">Subscribe a URL</h2>
      <${Form} id="new-webhook-form" label="Subscribe a URL" errors=${errors} onSubmit=${create}>
        <${WebhookFields} draft=${draft} onChange=${setDraft} />
        <div class="actions"><button type="submit">Subscribe</button></div>
      <//>
      ${created ? html`<${SecretOnce} id="new-webhook-secret" secret=${created.secret} /><p><a href=${href(['webhooks', created.id])}>Open the new subscription</a></p>` : null}
    </section>
  <//>`;
}

import { html } from 'htm/preact';
import { useState } from 'preact/hooks';
import type { Versioned } from '../api';
import { useDirectory } from '../directory';
import { CheckField, Form, SelectField, TextAreaField, TextField } from '../fields';
import { type FormErrors, formErrors, NO_ERRORS } from '../form-errors';
import { formatTime } from '../format';
import { href, navigate } from '../router';
import { formSnippet, randomSecret } from '../source-setup';
import type { SourceView } from '../types';
import { ConfirmButton, CopyButton, Loaded, Page, StatusMessage, useLoad, useSession } from '../ui';
import { label } from '../vocabulary';
import { HistoryLink } from './history-link';

/** A source's settings as text, and the fields a kind has. */
interface SourceDraft {
  name: string;
  poolId: string;
  defaultCountry: string;
  redirectUrl: string;
  allowedOrigins: string;
  honeypotField: string;
  fieldMapping: string;
  routeTestLeads: boolean;
  graphApiVersion: string;
}

function sourceDraft(s: SourceView): SourceDraft {
  return {
    name: s.name,
    poolId: s.poolId ?? '',
    defaultCountry: s.defaultCountry ?? '',
    redirectUrl: s.redirectUrl ?? '',
    allowedOrigins: (s.allowedOrigins ?? []).join(', '),
    honeypotField: s.honeypotField ?? '',
    fieldMapping: Object.entries(s.fieldMapping ?? {})
      .map(([target, path]) => `${target} = ${path}`)
      .join('\n'),
    routeTestLeads: s.routeTestLeads ?? false,
    graphApiVersion: s.graphApiVersion ?? '',
  };
}

const KIND_FIELDS: Record<SourceView['kind'], (keyof SourceDraft)[]> = {
  form: ['redirectUrl', 'allowedOrigins', 'honeypotField'],
  json: ['fieldMapping'],
  google_ads: ['routeTestLeads'],
  meta_lead_ads: ['graphApiVersion'],
  linkedin_lead_gen: [],
};

/** The PATCH body: changed settings; an emptied one is `null` (cleared). */
function sourceChanges(kind: SourceView['kind'], draft: SourceDraft, before: SourceDraft): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const key of ['name', 'poolId', 'defaultCountry', ...KIND_FIELDS[kind]] as (keyof SourceDraft)[]) {
    if (draft[key] === before[key]) continue;
    const value = draft[key];
    if (typeof value === 'boolean') body[key] = value;
    else if (value.trim() === '') body[key] = key === 'name' ? '' : null;
    else if (key === 'allowedOrigins')
      body[key] = value
        .split(',')
        .map((o) => o.trim())
        .filter(Boolean);
    else if (key === 'fieldMapping') {
      body[key] = Object.fromEntries(
        value
          .split('\n')
          .map((line) => line.split('=').map((part) => part.trim()))
          .filter((parts) => parts[0])
          .map(([target, path]) => [target, path ?? '']),
      );
    } else body[key] = value.trim();
  }
  return body;
}

const SECRETS: Record<SourceView['kind'], { key: string; label: string; has: keyof SourceView; generate?: boolean }[]> =
  {
    form: [],
    json: [{ key: 'signingSecret', label: 'Signing secret', has: 'hasSigningSecret', generate: true }],
    google_ads: [{ key: 'googleKey', label: 'Google key', has: 'hasGoogleKey', generate: true }],
    meta_lead_ads: [
      { key: 'appSecret', label: 'App secret', has: 'hasAppSecret' },
      { key: 'verifyToken', label: 'Verify token', has: 'hasVerifyToken', generate: true },
      { key: 'accessToken', label: 'Page access token', has: 'hasAccessToken' },
    ],
    linkedin_lead_gen: [
      { key: 'clientSecret', label: 'Client secret', has: 'hasClientSecret' },
      { key: 'accessToken', label: 'Access token', has: 'hasAccessToken' },
    ],
  };

/** One source: its webhook URL, a form snippet or the platform's setup steps, settings, secrets. */
export function SourceDetail(props: { id: string }) {
  const { api } = useSession();
  const source = useLoad(
    () => api.request<SourceView>('GET', `/admin/sources/${encodeURIComponent(props.id)}`),
    [props.id],
  );
  const [saved, setSaved] = useState<string>();
  const onSaved = async (message: string) => {
    await source.reload();
    setSaved(message);
  };
  return html`<${Loaded} state=${source}>
    ${(read: Versioned<SourceView>) =>
      html`<${SourceEditor}
        key=${read.etag}
        read=${read}
        saved=${saved}
        onSaved=${onSaved}
        onReload=${() => {
          setSaved(undefined);
          source.reload();
        }}
      />`}
  <//>`;
}

function SourceEditor(props: {
  read: Versioned<SourceView>;
  saved?: string;
  onSaved: (message: string) => void;
  onReload: () => void;
}) {
  const { api } = useSession();
  const directory = useDirectory();
  const s = props.read.body;
  const [before] = useState(() => sourceDraft(s));
  const [draft, setDraft] = useState(before);
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const [deleteError, setDeleteError] = useState<string>();
  const set = (key: keyof SourceDraft) => (value: string | boolean) => setDraft({ ...draft, [key]: value });
  const save = async () => {
    const body = sourceChanges(s.kind, draft, before);
    if (Object.keys(body).length === 0) return setErrors({ byPath: {}, general: 'Nothing changed.' });
    try {
      await api.send('PATCH', `/admin/sources/${s.id}`, body, props.read.etag);
      setErrors(NO_ERRORS);
      props.onSaved('Saved. Webhooks see a change within a minute.');
    } catch (error) {
      setErrors(formErrors(error));
    }
  };
  const pools = directory.data?.pools ?? [];
  return html`<${Page} title=${s.name}>
    <p class="crumbs"><a href=${href(['sources'])}>All sources</a> · ${label(s.kind)}<${HistoryLink} id=${s.id} /></p>
    <${StatusMessage} tone="good" message=${props.saved} />
    <p class="muted">Version ${s.version}, changed ${formatTime(s.updatedAt)}.</p>
    <section class="panel" aria-labelledby="webhook">
      <h2 id="webhook">Webhook URL</h2>
      <p class="hint">Keep it secret: for a web form, it is the only credential.</p>
      <div class="result">
        <label for="webhook-url">Webhook URL of ${s.name}</label>
        <input id="webhook-url" readonly value=${s.webhookUrl} />
        <${CopyButton} text=${s.webhookUrl} label="Copy URL" />
      </div>
      <${SetupSteps} source=${s} />
    </section>
    <section class="panel" aria-labelledby="source-settings">
    <h2 id="source-settings">Settings</h2>
    <${Form} id="source" label="Source settings" errors=${errors} onSubmit=${save} onReload=${props.onReload}>
      <div class="grid">
        <${TextField} path="name" label="Name" value=${draft.name} onInput=${set('name')} required />
        <${SelectField}
          path="poolId"
          label="Leads go to"
          value=${draft.poolId}
          onChange=${set('poolId')}
          options=${[['', 'The routing rules decide'], ...pools.map((p) => [p.id, `Always pool ${p.name}`])]}
        />
        <${TextField} path="defaultCountry" label="Default country" value=${draft.defaultCountry} onInput=${set('defaultCountry')} hint="Reads national phone numbers of leads that name no country, e.g. US" />
        ${
          s.kind === 'form'
            ? html`<${TextField} path="redirectUrl" label="Thank-you page" type="url" value=${draft.redirectUrl} onInput=${set('redirectUrl')} hint="Plain HTML form posts are sent here afterwards" />
              <${TextField} path="allowedOrigins" label="Origins whose scripts may post" value=${draft.allowedOrigins} onInput=${set('allowedOrigins')} hint="e.g. https://www.example.com, comma-separated (CORS)" />
              <${TextField} path="honeypotField" label="Honeypot field" value=${draft.honeypotField} onInput=${set('honeypotField')} hint="A field people leave empty; submissions that fill it are dropped" />`
            : null
        }
        ${s.kind === 'meta_lead_ads' ? html`<${TextField} path="graphApiVersion" label="Graph API version" value=${draft.graphApiVersion} onInput=${set('graphApiVersion')} hint="e.g. v21.0" />` : null}
      </div>
      ${s.kind === 'json' ? html`<${TextAreaField} path="fieldMapping" label="Field mapping" value=${draft.fieldMapping} onInput=${set('fieldMapping')} hint="One per line: field = dotted.path, e.g. email = contact.email" />` : null}
      ${s.kind === 'google_ads' ? html`<${CheckField} path="routeTestLeads" label="Route Google's test leads like real ones" checked=${draft.routeTestLeads} onChange=${set('routeTestLeads')} />` : null}
      <div class="actions"><button type="submit">Save source</button></div>
    <//>
    </section>
    ${SECRETS[s.kind].length ? html`<${Secrets} source=${s} etag=${props.read.etag} onSaved=${props.onSaved} onReload=${props.onReload} />` : null}
    <section class="panel" aria-labelledby="delete-source">
      <h2 id="delete-source">Delete</h2>
      <p class="hint">Its webhook stops taking leads within a minute; its leads stay.</p>
      ${deleteError ? html`<p class="error" role="alert">${deleteError}</p>` : null}
      <${ConfirmButton}
        label="Delete source"
        confirmLabel=${`Yes, delete ${s.name}`}
        onConfirm=${async () => {
          try {
            await api.send('DELETE', `/admin/sources/${s.id}`);
            navigate(href(['sources']));
          } catch (error) {
            setDeleteError(formErrors(error).general);
          }
        }}
      />
    </section>
  <//>`;
}

function Secrets(props: {
  source: SourceView;
  etag?: string;
  onSaved: (message: string) => void;
  onReload: () => void;
}) {
  const { api } = useSession();
  const secrets = SECRETS[props.source.kind];
  const [values, setValues] = useState<Record<string, string>>({});
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const rotate = async (body: Record<string, unknown>, message: string) => {
    try {
      await api.send('PATCH', `/admin/sources/${props.source.id}`, body, props.etag);
      setErrors(NO_ERRORS);
      props.onSaved(message);
    } catch (error) {
      setErrors(formErrors(error));
    }
  };
  const grace = props.source.kind !== 'form' && props.source.kind !== 'google_ads';
  return html`<section class="panel" aria-labelledby="secrets">
    <h2 id="secrets">Secrets</h2>
    <p class="hint">
      Secrets are never shown again once saved. ${grace ? 'A new signing secret takes effect at once, and the previous one keeps working for 24 hours while the sender switches.' : 'A new value replaces the old one at once.'}
    </p>
    <${Form}
      id="secrets-form"
      label="Rotate secrets"
      errors=${errors}
      onReload=${props.onReload}
      onSubmit=${() => {
        const body = Object.fromEntries(Object.entries(values).filter(([, v]) => v.trim() !== ''));
        if (Object.keys(body).length === 0)
          return setErrors({ byPath: {}, general: 'Type or generate a new value first.' });
        void rotate(body, 'Secret saved. Copy it to the sender now: it is not shown again.');
      }}
    >
      ${secrets.map(
        (secret) => html`<div class="secret">
          <${TextField}
            path=${secret.key}
            label=${`New ${secret.label.toLowerCase()}`}
            value=${values[secret.key] ?? ''}
            onInput=${(v: string) => setValues({ ...values, [secret.key]: v })}
            hint=${props.source[secret.has] ? 'Set. Type a new value to replace it.' : 'Not set.'}
          />
          ${secret.generate ? html`<button type="button" class="secondary" onClick=${() => setValues({ ...values, [secret.key]: randomSecret() })}>Generate ${secret.label.toLowerCase()}</button>` : null}
          ${values[secret.key] ? html`<${CopyButton} text=${values[secret.key]!} label=${`Copy ${secret.label.toLowerCase()}`} />` : null}
        </div>`,
      )}
      <div class="actions">
        <button type="submit">Save new secrets</button>
        ${
          props.source.kind === 'json' && props.source.hasSigningSecret
            ? html`<${ConfirmButton} label="Stop requiring signatures" confirmLabel="Yes, remove the signing secret" onConfirm=${() => rotate({ signingSecret: null }, 'Signatures are no longer required.')} />`
            : null
        }
      </div>
    <//>
  </section>`;
}

function SetupSteps(props: { source: SourceView }) {
  const s = props.source;
  switch (s.kind) {
    case 'form': {
      const snippet = formSnippet(s);
      return html`<h3>A ready HTML form</h3>
        <p class="hint">Paste it into your page and style it. ${s.redirectUrl ? 'Visitors land on your thank-you page after sending.' : 'Set a thank-you page below so visitors land there after sending.'}</p>
        <pre class="snippet" tabindex="0" aria-label="HTML form snippet"><code>${snippet}</code></pre>
        <${CopyButton} text=${snippet} label="Copy form" />`;
    }
    case 'json':
      return html`<p class="hint">POST a JSON object to the URL. With a signing secret, sign each post: <code>${'X-Leadrouter-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>'}</code>. Retries with the same <code>Idempotency-Key</code> never make a second lead.</p>`;
    case 'google_ads':
      return html`<h3>Set up in Google Ads</h3>
        <ol class="steps">
          <li>Open the campaign's lead form asset and find "Lead delivery options", then "Webhook integration".</li>
          <li>Paste the webhook URL above as "Webhook URL".</li>
          <li>As "Key", paste the source's Google key (set one under Secrets below), or, if it has none, the last part of the webhook URL.</li>
          <li>Press "Send test data": a test lead arrives and is kept unassigned${s.routeTestLeads ? ' (this source routes test leads like real ones)' : ''}.</li>
        </ol>`;
    case 'meta_lead_ads':
      return html`<h3>Set up in Meta</h3>
        <ol class="steps">
          <li>In your Meta app, add the Webhooks product and choose the "Page" object.</li>
          <li>Subscribe with the webhook URL above as "Callback URL" and this source's verify token; Meta checks it at once.</li>
          <li>Subscribe the Page's <code>leadgen</code> field, and install the app on the Page.</li>
          <li>Give the source a Page access token with <code>leads_retrieval</code> and the app secret (under Secrets below): leadrouter fetches each lead's answers from the Graph API.</li>
          <li>Test with Meta's Lead Ads Testing Tool; the lead appears under Leads within seconds.</li>
        </ol>`;
    case 'linkedin_lead_gen':
      return html`<h3>Set up in LinkedIn</h3>
        <ol class="steps">
          <li>In the LinkedIn Developer Portal, give your app the Lead Sync API product; its Auth tab shows the client secret.</li>
          <li>Give the source the client secret and an access token with <code>r_marketing_leadgen_automation</code> (under Secrets below); refresh the token before its 60 days run out.</li>
          <li>Subscribe the webhook URL above with <code>POST /rest/leadNotifications</code> for your ad account; LinkedIn validates it with a challenge this source answers.</li>
          <li>Submit a test lead from the form preview in Campaign Manager; it appears under Leads within seconds.</li>
        </ol>`;
  }
}

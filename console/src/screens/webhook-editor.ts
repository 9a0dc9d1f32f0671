import { html } from 'htm/preact';
import { CheckField, CheckGroup, SelectField, TextAreaField, TextField } from '../fields';
import { CopyButton } from '../ui';
import { LEAD_EVENT_TYPES, WEBHOOK_FORMATS } from '../vocabulary';
import type { WebhookDraft } from '../webhook-form';

/** A subscription's fields: where, which events, how; shared by the create and edit forms. */
export function WebhookFields(props: { draft: WebhookDraft; onChange: (draft: WebhookDraft) => void }) {
  const d = props.draft;
  const set = (patch: Partial<WebhookDraft>) => props.onChange({ ...d, ...patch });
  return html`<${TextField} path="url" label="URL" type="url" value=${d.url} onInput=${(url: string) => set({ url })} required hint="https to a public host (on your own machine, http://127.0.0.1 too); a Slack incoming-webhook URL for Slack" />
    <${SelectField}
      path="format"
      label="Format"
      value=${d.format}
      onChange=${(format: string) => set({ format: format as WebhookDraft['format'] })}
      options=${WEBHOOK_FORMATS.map((f) => [f, f === 'json' ? 'JSON event (signed)' : 'Slack message'])}
    />
    <${CheckField} path="allEvents" label="Every event, new types included" checked=${d.allEvents} onChange=${(allEvents: boolean) => set({ allEvents })} />
    ${d.allEvents ? null : html`<${CheckGroup} path="events" legend="Events" values=${LEAD_EVENT_TYPES} checked=${d.events} onChange=${(events: string[]) => set({ events })} />`}
    <${CheckField} path="includeContact" label="Include the lead's contact fields" checked=${d.includeContact} onChange=${(includeContact: boolean) => set({ includeContact })} />
    <${TextAreaField} path="description" label="Description" rows=${2} value=${d.description} onInput=${(description: string) => set({ description })} />`;
}

/** A signing secret, shown once (on creation or rotation), with a copy button. */
export function SecretOnce(props: { secret: string; id: string }) {
  return html`<div class="result" role="status">
    <p><strong>Copy the signing secret now: it is not shown again.</strong> Receivers verify each delivery with it.</p>
    <label for=${props.id}>Signing secret</label>
    <input id=${props.id} readonly value=${props.secret} />
    <${CopyButton} text=${props.secret} />
  </div>`;
}

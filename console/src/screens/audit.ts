import { html } from 'htm/preact';
import { useEffect, useState } from 'preact/hooks';
import { query } from '../api';
import { type AuditEntry, auditActor, auditDetails, auditWhat, entityKindText, fieldChangeText } from '../audit-text';
import { useDirectory } from '../directory';
import { Form, SelectField, TextField } from '../fields';
import { type FormErrors, formErrors, NO_ERRORS } from '../form-errors';
import { formatTime, fromLocalInput, toLocalInput } from '../format';
import { href, navigate } from '../router';
import { Loaded, Page, useSession } from '../ui';
import { AUDIT_ENTITY_KINDS } from '../vocabulary';

interface AuditPage {
  entries: AuditEntry[];
  nextCursor?: string;
}

const FILTERS = ['entity', 'from', 'to'] as const;
type Filters = Record<(typeof FILTERS)[number], string>;

/** Where an entity of each kind is shown in the console. */
const SCREEN_OF_KIND: Record<string, string> = {
  rep: 'reps',
  pool: 'pools',
  source: 'sources',
  lead: 'leads',
  rules: 'rules',
  table: 'tables',
  key: 'keys',
};

/** The audit log, newest first: who changed what and when, filtered by kind and time, a page at a time. */
export function Audit(props: { query: URLSearchParams }) {
  const { api } = useSession();
  const directory = useDirectory();
  const applied = Object.fromEntries(FILTERS.map((name) => [name, props.query.get(name) ?? ''])) as Filters;
  // The form holds local times; the link holds ISO times.
  const [draft, setDraft] = useState(localDraft(applied));
  const [entries, setEntries] = useState<AuditEntry[]>();
  const [cursor, setCursor] = useState<string>();
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const [loadingMore, setLoadingMore] = useState(false);
  const filterKey = FILTERS.map((f) => applied[f]).join('|');

  const fetchPage = (after?: string) =>
    api.get<AuditPage>(`/admin/audit${query({ ...applied, limit: 50, cursor: after })}`);
  useEffect(() => {
    setDraft(localDraft(applied));
    setEntries(undefined);
    setErrors(NO_ERRORS);
    fetchPage().then(
      (page) => {
        setEntries(page.entries);
        setCursor(page.nextCursor);
      },
      (error: unknown) => {
        setEntries([]);
        setErrors(formErrors(error));
      },
    );
  }, [filterKey]);

  const more = async () => {
    setLoadingMore(true);
    try {
      const page = await fetchPage(cursor);
      setEntries([...(entries ?? []), ...page.entries]);
      setCursor(page.nextCursor);
    } catch (error) {
      setErrors(formErrors(error));
    } finally {
      setLoadingMore(false);
    }
  };
  const nameOf = directory.data?.nameOf ?? ((id: string | undefined) => id ?? '');
  // A link may name one entity by id (`?entity=rep_…`): it stays a choice of the filter.
  const kinds: [string, string][] = AUDIT_ENTITY_KINDS.map((k) => [k, entityKindText(k)]);
  const oneEntity = applied.entity && !(AUDIT_ENTITY_KINDS as readonly string[]).includes(applied.entity);
  const options: [string, string][] = [
    ['', 'Everything'],
    ...kinds,
    ...(oneEntity ? [[applied.entity, `Only ${nameOf(applied.entity)}`] as [string, string]] : []),
  ];
  return html`<${Page}
    title="Audit log"
    lead="Every change to reps, pools, sources, the rules, lookup tables and API keys, and every admin action on a lead, newest first."
  >
    <${Form}
      id="audit-filters"
      label="Filter the audit log"
      class="filters"
      errors=${errors}
      onSubmit=${() =>
        navigate(
          href(['audit'], { entity: draft.entity, from: fromLocalInput(draft.from), to: fromLocalInput(draft.to) }),
        )}
    >
      <${SelectField}
        path="entity"
        label="About"
        compact
        value=${draft.entity}
        onChange=${(entity: string) => setDraft({ ...draft, entity })}
        options=${options}
      />
      <${TextField}
        path="from"
        label="From"
        type="datetime-local"
        compact
        value=${draft.from}
        onInput=${(from: string) => setDraft({ ...draft, from })}
      />
      <${TextField}
        path="to"
        label="Until"
        type="datetime-local"
        compact
        value=${draft.to}
        onInput=${(to: string) => setDraft({ ...draft, to })}
      />
      <div class="actions"><button type="submit">Show changes</button></div>
    <//>
    <${Loaded} state=${{ data: entries, loading: entries === undefined }}>
      ${(list: AuditEntry[]) =>
        list.length === 0
          ? errors.general
            ? null
            : html`<p class="muted">No change matches.</p>`
          : html`<table class="table responsive audit">
              <caption class="visually-hidden">Changes, newest first</caption>
              <thead><tr><th scope="col">When</th><th scope="col">Who</th><th scope="col">What</th><th scope="col">Changes</th></tr></thead>
              <tbody>
                ${list.map((entry) => {
                  const lines = [
                    ...(entry.changes ?? []).map((change) => fieldChangeText(change, nameOf)),
                    ...auditDetails(entry, nameOf),
                  ];
                  const screen = SCREEN_OF_KIND[entry.entity.kind];
                  const link =
                    screen && entry.action !== 'deleted' && entry.action !== 'revoked'
                      ? href(screen === 'rules' || screen === 'keys' ? [screen] : [screen, entry.entity.id])
                      : undefined;
                  return html`<tr>
                    <td data-label="When">${formatTime(entry.at)}</td>
                    <td data-label="Who">${auditActor(entry.actor, nameOf)}</td>
                    <td data-label="What">${link ? html`<a href=${link}>${auditWhat(entry, nameOf)}</a>` : auditWhat(entry, nameOf)}</td>
                    <td data-label="Changes">
                      ${lines.length ? html`<ul class="changes">${lines.map((line) => html`<li>${line}</li>`)}</ul>` : html`<span class="muted">—</span>`}
                    </td>
                  </tr>`;
                })}
              </tbody>
            </table>
            ${cursor ? html`<button type="button" class="secondary" disabled=${loadingMore} onClick=${more}>${loadingMore ? 'Loading…' : 'Show more'}</button>` : null}`}
    <//>
  <//>`;
}

function localDraft(applied: Filters): Filters {
  return { entity: applied.entity, from: toLocalInput(applied.from), to: toLocalInput(applied.to) };
}

import { html } from 'htm/preact';
import { useState } from 'preact/hooks';
import type { Versioned } from '../api';
import { type Directory, useDirectory } from '../directory';
import { CheckField, CheckGroup, FieldError, Form, SelectField, TextField } from '../fields';
import { type FormErrors, formErrors, NO_ERRORS } from '../form-errors';
import { formatTime } from '../format';
import { move } from '../pool-form';
import { href } from '../router';
import {
  blankCondition,
  blankRule,
  type ConditionDraft,
  type RuleDraft,
  ruleSetBody,
  ruleSetDraft,
} from '../rules-form';
import { onDraftFields, type SimulationAnswer, simulationBody } from '../simulation';
import type { RuleSet } from '../types';
import { Loaded, Page, StatusMessage, useLoad, useSession } from '../ui';
import { CONDITION_OPERATORS, label, RULE_FIELDS, WEEKDAYS } from '../vocabulary';
import { ExplainLead } from './explain';
import { SimulationResult } from './rule-simulation';

/** The ordered rule set: first match wins. Edit, reorder, save (If-Match), and explain a sample lead. */
export function Rules() {
  const { api } = useSession();
  const directory = useDirectory();
  const rules = useLoad(() => api.request<RuleSet>('GET', '/admin/rules'), []);
  const [saved, setSaved] = useState<string>();
  return html`<${Page} title="Routing rules" lead="Leads from sources that pin no pool are routed by these rules, in order: the first rule whose conditions hold sends the lead to its pool; the default pool takes the rest.">
    <${Loaded} state=${rules}>
      ${(read: Versioned<RuleSet>) => html`<${Loaded} state=${directory}>
        ${(d: Directory) => html`<${RuleEditor}
          key=${read.etag}
          read=${read}
          directory=${d}
          saved=${saved}
          onSaved=${async () => {
            await rules.reload();
            setSaved('Rules saved.');
          }}
          onReload=${() => {
            setSaved(undefined);
            rules.reload();
          }}
        />
        <${ExplainLead} directory=${d} />`}
      <//>`}
    <//>
  <//>`;
}

function RuleEditor(props: {
  read: Versioned<RuleSet>;
  directory: Directory;
  saved?: string;
  onSaved: () => void;
  onReload: () => void;
}) {
  const { api } = useSession();
  const set = props.read.body;
  const [draft, setDraft] = useState(() => ruleSetDraft(set));
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const [busy, setBusy] = useState(false);
  const pools = props.directory.pools;
  const poolOptions = pools.map((p) => [p.id, p.name] as const);
  const setRules = (rules: RuleDraft[]) => setDraft({ ...draft, rules });
  const setRule = (i: number, patch: Partial<RuleDraft>) =>
    setRules(draft.rules.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  const save = async () => {
    setBusy(true);
    try {
      await api.send('PUT', '/admin/rules', ruleSetBody(draft), props.read.etag);
      setErrors(NO_ERRORS);
      props.onSaved();
    } catch (error) {
      setErrors(formErrors(error));
    } finally {
      setBusy(false);
    }
  };
  // The draft as it stands, replayed before it is saved; its errors land on the same fields.
  const [simulation, setSimulation] = useState<SimulationAnswer>();
  const simulate = async () => {
    setBusy(true);
    try {
      setSimulation(
        await api.send<SimulationAnswer>(
          'POST',
          '/admin/rules/simulate',
          simulationBody(ruleSetBody(draft), new Date()),
        ),
      );
      setErrors(NO_ERRORS);
    } catch (error) {
      setSimulation(undefined);
      setErrors(onDraftFields(formErrors(error)));
    } finally {
      setBusy(false);
    }
  };
  return html`<${StatusMessage} tone="good" message=${props.saved} />
    <p class="muted">${set.version ? `Version ${set.version}, changed ${formatTime(set.updatedAt)}.` : 'No rule saved yet.'}</p>
    <${Form} id="rules" label="Routing rules" errors=${errors} onSubmit=${save} onReload=${props.onReload}>
      <${FieldError} path="rules" />
      ${
        pools.length === 0
          ? html`<p class="hint">Rules send leads to pools: <a href=${href(['pools'])}>create a pool</a> first.</p>`
          : null
      }
      <ol class="rules">
        ${draft.rules.map(
          (rule, i) => html`<li class="rule">
            <fieldset>
              <legend>Rule ${i + 1}: ${rule.name || 'unnamed'}</legend>
              <div class="grid">
                <${TextField} path=${`rules.${i}.name`} label="Name" value=${rule.name} onInput=${(name: string) => setRule(i, { name })} />
                <${SelectField} path=${`rules.${i}.poolId`} label="Send to pool" value=${rule.poolId} onChange=${(poolId: string) => setRule(i, { poolId })} options=${poolOptions} />
                <${SelectField}
                  path=${`rules.${i}.when`}
                  label="When"
                  value=${rule.match}
                  onChange=${(match: string) => setRule(i, { match: match as RuleDraft['match'] })}
                  options=${[['all', 'every condition holds'], ['any', 'any condition holds']]}
                />
                <${TextField} path=${`rules.${i}.stickyDays`} label="Sticky owner (days)" inputmode="numeric" value=${rule.stickyDays} onInput=${(stickyDays: string) => setRule(i, { stickyDays })} />
              </div>
              <${FieldError} path=${`rules.${i}.when.${rule.match}`} />
              <ul class="conditions">
                ${rule.conditions.map(
                  (c, j) => html`<li>
                    <${ConditionEditor}
                      path=${`rules.${i}.when.${rule.match}.${j}`}
                      n=${j + 1}
                      condition=${c}
                      onChange=${(next: ConditionDraft) => setRule(i, { conditions: rule.conditions.map((x, k) => (k === j ? next : x)) })}
                      onRemove=${rule.conditions.length > 1 ? () => setRule(i, { conditions: rule.conditions.filter((_, k) => k !== j) }) : undefined}
                    />
                  </li>`,
                )}
              </ul>
              <div class="row-actions">
                <button type="button" class="secondary" onClick=${() => setRule(i, { conditions: [...rule.conditions, blankCondition()] })}>Add a condition</button>
                <button type="button" class="secondary" aria-label=${`Move rule ${i + 1} up`} disabled=${i === 0} onClick=${() => setRules(move(draft.rules, i, -1))}>↑ Up</button>
                <button type="button" class="secondary" aria-label=${`Move rule ${i + 1} down`} disabled=${i === draft.rules.length - 1} onClick=${() => setRules(move(draft.rules, i, 1))}>↓ Down</button>
                <button type="button" class="secondary" aria-label=${`Remove rule ${i + 1}`} onClick=${() => setRules(draft.rules.filter((_, j) => j !== i))}>Remove rule</button>
              </div>
            </fieldset>
          </li>`,
        )}
      </ol>
      <button
        type="button"
        class="secondary"
        disabled=${pools.length === 0}
        onClick=${() => setRules([...draft.rules, blankRule(pools[0]?.id ?? '', draft.rules.length + 1)])}
      >
        Add a rule
      </button>
      <${SelectField}
        path="defaultPoolId"
        label="Default pool (no rule matched)"
        value=${draft.defaultPoolId}
        onChange=${(defaultPoolId: string) => setDraft({ ...draft, defaultPoolId })}
        options=${[['', 'None: keep the lead unassigned'], ...poolOptions]}
      />
      <datalist id="rule-fields">${RULE_FIELDS.map((f) => html`<option value=${f}></option>`)}</datalist>
      <div class="actions">
        <button type="submit" disabled=${busy}>Save rules</button>
        <button type="button" class="secondary" disabled=${busy} onClick=${simulate}>Simulate on the last 30 days</button>
      </div>
    <//>
    ${simulation ? html`<${SimulationResult} answer=${simulation} nameOf=${props.directory.nameOf} />` : null}`;
}

function ConditionEditor(props: {
  path: string;
  n: number;
  condition: ConditionDraft;
  onChange: (c: ConditionDraft) => void;
  onRemove?: () => void;
}) {
  const c = props.condition;
  const set = (patch: Partial<ConditionDraft>) => props.onChange({ ...c, ...patch });
  const p = props.path;
  const hours = c.op === 'businessHours';
  return html`<fieldset class="condition">
    <legend class="visually-hidden">Condition ${props.n}</legend>
    ${hours ? null : html`<${TextField} compact path=${`${p}.field`} label=${`Field ${props.n}`} list="rule-fields" value=${c.field} onInput=${(field: string) => set({ field })} hint="or custom.<name>" />`}
    <${SelectField} compact path=${`${p}.op`} label=${`Test ${props.n}`} value=${c.op} onChange=${(op: string) => set({ op })} options=${CONDITION_OPERATORS.map((o) => [o, label(o)])} />
    ${
      hours
        ? html`<${TextField} compact path=${`${p}.timeZone`} label="Time zone" value=${c.timeZone} onInput=${(timeZone: string) => set({ timeZone })} />
          <${TextField} compact path=${`${p}.from`} label="From" value=${c.from} onInput=${(from: string) => set({ from })} />
          <${TextField} compact path=${`${p}.to`} label="To" value=${c.to} onInput=${(to: string) => set({ to })} />
          <${CheckGroup} path=${`${p}.days`} legend="Days (none: Monday to Friday)" values=${WEEKDAYS} checked=${c.days} onChange=${(days: string[]) => set({ days })} />`
        : c.op === 'exists'
          ? null
          : html`<${TextField}
              compact
              path=${`${p}.value`}
              label=${`Value ${props.n}`}
              value=${c.value}
              onInput=${(value: string) => set({ value })}
              hint=${['in', 'prefix', 'contains'].includes(c.op) ? 'separate values with commas' : undefined}
            />`
    }
    ${c.op === 'regex' ? html`<${CheckField} path=${`${p}.ignoreCase`} label="Ignore case" checked=${c.ignoreCase} onChange=${(ignoreCase: boolean) => set({ ignoreCase })} />` : null}
    <${CheckField} path=${`${p}.not`} label="Not" checked=${c.not} onChange=${(not: boolean) => set({ not })} />
    ${props.onRemove ? html`<button type="button" class="secondary" aria-label=${`Remove condition ${props.n}`} onClick=${props.onRemove}>Remove</button>` : null}
  </fieldset>`;
}

import { html } from 'htm/preact';
import { useState } from 'preact/hooks';
import { describeDecision, reasonText } from '../decisions';
import type { Directory } from '../directory';
import { Form, SelectField, TextAreaField, TextField } from '../fields';
import { type FormErrors, formErrors, NO_ERRORS } from '../form-errors';
import type { ConditionFailure, Explanation } from '../types';
import { useSession } from '../ui';
import { label } from '../vocabulary';

const SAMPLE_FIELDS = [
  ['name', 'Name'],
  ['email', 'Email'],
  ['country', 'Country'],
  ['company', 'Company'],
  ['companySize', 'Company size'],
  ['product', 'Product'],
  ['score', 'Score'],
] as const;

/** "Where would this lead go now, and why?": `POST /admin/explain`, which writes nothing. */
export function ExplainLead(props: { directory: Directory }) {
  const { api } = useSession();
  const [start, setStart] = useState('');
  const [fields, setFields] = useState<Record<string, string>>({ email: 'ada@example.com', country: 'DE' });
  const [more, setMore] = useState('');
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const [answer, setAnswer] = useState<Explanation>();
  const submit = async (from: string) => {
    let extra: Record<string, unknown> = {};
    if (more.trim()) {
      try {
        extra = JSON.parse(more) as Record<string, unknown>;
        if (typeof extra !== 'object' || extra === null || Array.isArray(extra)) throw new Error();
      } catch {
        return setErrors({ byPath: { more: 'Write a JSON object, e.g. {"custom_budget": "10000"}.' } });
      }
    }
    const lead = { ...Object.fromEntries(Object.entries(fields).filter(([, v]) => v.trim() !== '')), ...extra };
    const [kind, id] = from.split(':');
    try {
      setAnswer(
        await api.send<Explanation>('POST', '/admin/explain', { [kind === 'pool' ? 'poolId' : 'sourceId']: id, lead }),
      );
      setErrors(NO_ERRORS);
    } catch (error) {
      setAnswer(undefined);
      setErrors(formErrors(error));
    }
  };
  const { nameOf, pools, sources } = props.directory;
  const options = [
    ...sources.map((s) => [`source:${s.id}`, `As a lead of source ${s.name}`] as const),
    ...pools.map((p) => [`pool:${p.id}`, `Straight into pool ${p.name}`] as const),
  ];
  const chosen = start || options[0]?.[0] || '';
  return html`<section class="panel" aria-labelledby="explain">
    <h2 id="explain">Explain a sample lead</h2>
    <p class="hint">Where would this lead go now, and why? Uses the saved rules and today's reps; nothing is written.</p>
    <${Form} id="explain-form" label="Explain a sample lead" errors=${errors} onSubmit=${() => submit(chosen)}>
      <${SelectField} path=${chosen.startsWith('pool') ? 'poolId' : 'sourceId'} label="Route it" value=${chosen} onChange=${setStart} options=${options} />
      <div class="grid">
        ${SAMPLE_FIELDS.map(
          ([key, text]) =>
            html`<${TextField} path=${`lead.${key}`} label=${text} value=${fields[key] ?? ''} onInput=${(v: string) => setFields({ ...fields, [key]: v })} />`,
        )}
      </div>
      <${TextAreaField} path="more" label="More fields (JSON, optional)" rows=${2} value=${more} onInput=${setMore} hint='e.g. {"utm_source": "newsletter", "budget": "10000"}' />
      <div class="actions"><button type="submit" disabled=${options.length === 0}>Explain</button></div>
    <//>
    ${answer ? html`<${ExplanationView} answer=${answer} nameOf=${nameOf} />` : null}
  </section>`;
}

function failureText(f: ConditionFailure | undefined): string {
  if (!f) return '';
  const expected = f.expected === undefined ? '' : ` ${JSON.stringify(f.expected)}`;
  const actual =
    f.actual === null || f.actual === undefined ? 'the lead has none' : `the lead has ${JSON.stringify(f.actual)}`;
  return `${f.field ?? 'time'} ${label(f.op)}${expected}: ${actual}`;
}

function ExplanationView(props: { answer: Explanation; nameOf: (id: string | undefined) => string }) {
  const { answer, nameOf } = props;
  const outcome = answer.outcome;
  return html`<div class="explanation" role="region" aria-label="Explanation" aria-live="polite">
    <h3>Outcome</h3>
    <p class="outcome">
      ${
        outcome.status === 'assigned'
          ? `It would go to ${nameOf(outcome.repId)} in pool ${nameOf(outcome.poolId)}.`
          : outcome.status === 'queued'
            ? `It would wait in the queue of pool ${nameOf(outcome.poolId)}.`
            : `It would be held${outcome.poolId ? ` in pool ${nameOf(outcome.poolId)}` : ''}: ${reasonText(outcome.reason) || 'nobody can take it'}.`
      }
    </p>
    <h3>Which pool</h3>
    <p>
      ${
        answer.route.via === 'rule'
          ? `Rule “${answer.route.rule}” matched: pool ${nameOf(answer.route.poolId)}.`
          : answer.route.via === 'source'
            ? `The source sends every lead to pool ${nameOf(answer.route.poolId)}.`
            : answer.route.via === 'default'
              ? `No rule matched: the default pool ${nameOf(answer.route.poolId)}.`
              : answer.route.via === 'request'
                ? `Started in pool ${nameOf(answer.route.poolId)}.`
                : reasonText(answer.route.reason)
      }
    </p>
    ${
      answer.route.trace.length
        ? html`<table class="table">
          <caption>Rules tried, in order</caption>
          <thead><tr><th scope="col">Rule</th><th scope="col">Matched</th><th scope="col">Why not</th></tr></thead>
          <tbody>
            ${answer.route.trace.map(
              (t) =>
                html`<tr><td>${t.rule}</td><td>${t.matched ? 'yes' : 'no'}</td><td>${failureText(t.failed)}</td></tr>`,
            )}
          </tbody>
        </table>`
        : null
    }
    <h3>Which rep</h3>
    <ol class="decisions">
      ${answer.steps.map((step) => {
        const text = describeDecision(step, nameOf);
        return html`<li><p>${text.summary}</p>${text.details.length ? html`<ul>${text.details.map((line) => html`<li>${line}</li>`)}</ul>` : null}</li>`;
      })}
    </ol>
  </div>`;
}

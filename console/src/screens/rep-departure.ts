import { html } from 'htm/preact';
import { useState } from 'preact/hooks';
import { formErrors } from '../form-errors';
import { href } from '../router';
import { type ReassignOpenResult, reassignOpenText } from '../team-actions';
import type { Rep } from '../types';
import { ConfirmButton, useSession } from '../ui';

/** A leaving rep's open leads sent back through their pools (asked once more first), and what came of it. */
export function SendOpenLeadsOn(props: { rep: Rep }) {
  const { api } = useSession();
  const [result, setResult] = useState<ReassignOpenResult>();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const send = async () => {
    setBusy(true);
    try {
      setResult(await api.send<ReassignOpenResult>('POST', `/admin/reps/${props.rep.id}/reassign-open`));
      setError(undefined);
    } catch (e) {
      setError(formErrors(e).general);
    } finally {
      setBusy(false);
    }
  };
  return html`<section class="panel" aria-labelledby="send-on">
    <h2 id="send-on">Leaving or long away</h2>
    <p class="hint">
      Each of ${props.rep.name}'s assigned or accepted leads goes back through its pool to the next rep (never back to
      them); the new owner is told. Pause them too, so new leads skip them.
    </p>
    ${error ? html`<p class="error" role="alert">${error}</p>` : null}
    <${ConfirmButton}
      label="Send their open leads on"
      confirmLabel=${`Yes, send ${props.rep.name}'s open leads on`}
      disabled=${busy}
      onConfirm=${send}
    />
    ${
      result
        ? html`<div class="result" role="status">
          ${reassignOpenText(result, props.rep.name).map((line) => html`<p>${line}</p>`)}
          ${
            result.notInAPool.length
              ? html`<ul class="lead-list">
                ${result.notInAPool.map((id) => html`<li><a href=${href(['leads', id])}>${id}</a></li>`)}
              </ul>`
              : null
          }
        </div>`
        : null
    }
  </section>`;
}

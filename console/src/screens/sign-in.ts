import { html } from 'htm/preact';
import { useState } from 'preact/hooks';
import { type AdminApi, ApiError } from '../api';
import { Form, TextField } from '../fields';
import { type FormErrors, formErrors, NO_ERRORS } from '../form-errors';
import { Page } from '../ui';

/** Asks for an admin API key and checks it with the API before keeping it. */
export function SignIn(props: { api: AdminApi; notice?: string; onSignedIn: (key: string) => void }) {
  const [key, setKey] = useState('');
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    const typed = key.trim();
    if (!typed) return setErrors({ byPath: { key: 'Enter an admin API key.' } });
    setBusy(true);
    try {
      await props.api.request('GET', '/admin/keys', { key: typed });
      props.onSignedIn(typed);
    } catch (error) {
      setErrors(
        error instanceof ApiError && error.code === 'unauthorized'
          ? { byPath: { key: 'This key was not accepted. Check it and try again.' } }
          : formErrors(error),
      );
    } finally {
      setBusy(false);
    }
  };
  return html`<main id="main" class="sign-in">
    <${Page} title="Sign in to leadrouter">
      ${props.notice ? html`<p class="notice" role="status">${props.notice}</p>` : null}
      <${Form} id="sign-in" label="Sign in" errors=${errors} onSubmit=${submit}>
        <${TextField}
          path="key"
          label="Admin API key"
          type="password"
          value=${key}
          onInput=${setKey}
          autocomplete="current-password"
          hint="Kept in this browser tab only, until you sign out or close it. npm start prints one; in AWS, npm run admin -- create-key makes one."
          required
        />
        <button type="submit" disabled=${busy}>${busy ? 'Signing in…' : 'Sign in'}</button>
      <//>
    <//>
  </main>`;
}

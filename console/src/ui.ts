// The console's building blocks: the session, loading, a page frame that takes focus when a
// screen opens, status messages, copying and confirming. Form fields are in fields.ts.
import { html } from 'htm/preact';
import { type ComponentChildren, createContext } from 'preact';
import { useCallback, useContext, useEffect, useRef, useState } from 'preact/hooks';
import type { AdminApi } from './api';
import { formErrors } from './form-errors';

/** What every screen may use: the API client and the routes this deployment has. */
export interface Session {
  api: AdminApi;
  routes: ReadonlySet<string>;
}
export const SessionContext = createContext<Session | undefined>(undefined);

/** The signed-in session (screens render only inside one). */
export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('No session');
  return session;
}

/**
 * Loads data for a screen; `reload` fetches again and settles once the fresh data (or its
 * error) is in the state, so "Saved." can wait for the screen that shows what was saved.
 */
export function useLoad<T>(load: () => Promise<T>, deps: unknown[]) {
  const [state, setState] = useState<{ data?: T; error?: unknown; loading: boolean }>({ loading: true });
  const [round, setRound] = useState(0);
  const waiting = useRef<(() => void)[]>([]);
  useEffect(() => {
    let current = true;
    const settle = (next: { data?: T; error?: unknown; loading: boolean }) => {
      if (!current) return; // a newer load took over; its answer settles the waiters
      setState(next);
      for (const resolve of waiting.current.splice(0)) resolve();
    };
    setState((s) => ({ ...s, loading: true }));
    load().then(
      (data) => settle({ data, loading: false }),
      (error: unknown) => settle({ error, loading: false }),
    );
    return () => {
      current = false;
    };
  }, [...deps, round]);
  const reload = useCallback(
    () =>
      new Promise<void>((resolve) => {
        waiting.current.push(resolve);
        setRound((r) => r + 1);
      }),
    [],
  );
  return { ...state, reload };
}

/** A screen: its heading takes focus when it opens, so keyboard and screen reader users land on it. */
export function Page(props: { title: string; lead?: ComponentChildren; children?: ComponentChildren }) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), [props.title]);
  return html`<section class="page" aria-labelledby="page-title">
    <h1 id="page-title" tabindex="-1" ref=${heading}>${props.title}</h1>
    ${props.lead ? html`<p class="lead-text">${props.lead}</p>` : null}
    ${props.children}
  </section>`;
}

/** Loading, or the error that stopped it, or the content. */
export function Loaded<T>(props: {
  state: { data?: T; error?: unknown; loading: boolean };
  children: (data: T) => unknown;
}) {
  if (props.state.error) return html`<p class="error" role="alert">${formErrors(props.state.error).general}</p>`;
  if (props.state.data === undefined) return html`<p class="muted" role="status">Loading…</p>`;
  return props.children(props.state.data);
}

/** Says what just happened, politely, to screen readers too. */
export function StatusMessage(props: { message?: string; tone?: 'good' }) {
  return html`<p class=${`status${props.tone ? ` ${props.tone}` : ''}`} role="status" aria-live="polite">${props.message ?? ''}</p>`;
}

/** Copies `text`; says so. */
export function CopyButton(props: { text: string; label?: string }) {
  const [done, setDone] = useState('');
  return html`<span class="copy">
    <button
      type="button"
      class="secondary"
      onClick=${async () => {
        try {
          await navigator.clipboard.writeText(props.text);
          setDone('Copied');
        } catch {
          setDone('Select the text and copy it');
        }
      }}
    >
      ${props.label ?? 'Copy'}
    </button>
    <span role="status" class="muted">${done}</span>
  </span>`;
}

/** A destructive button that asks once more, in place (no pop-up). */
export function ConfirmButton(props: {
  label: string;
  confirmLabel: string;
  onConfirm: () => void;
  disabled?: boolean;
}) {
  const [asking, setAsking] = useState(false);
  const confirm = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (asking) confirm.current?.focus();
  }, [asking]);
  if (!asking)
    return html`<button type="button" class="danger" disabled=${props.disabled} onClick=${() => setAsking(true)}>
      ${props.label}
    </button>`;
  return html`<span class="confirm">
    <button
      type="button"
      class="danger"
      ref=${confirm}
      onClick=${() => {
        setAsking(false);
        props.onConfirm();
      }}
    >
      ${props.confirmLabel}
    </button>
    <button type="button" class="secondary" onClick=${() => setAsking(false)}>Cancel</button>
  </span>`;
}

/** A status or method as a small badge. */
export function Badge(props: { value: string; text?: string }) {
  return html`<span class=${`badge badge-${props.value}`}>${props.text ?? props.value}</span>`;
}

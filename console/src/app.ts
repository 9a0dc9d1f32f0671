// The console's frame: sign-in when there is no key, otherwise the header, the navigation
// (the screens this deployment's API can serve) and the current screen.
import { html } from 'htm/preact';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { adminApi } from './api';
import { hasRoutes, routesOf } from './capabilities';
import { SCREENS, screenFor } from './navigation';
import { href, type Location, useLocation } from './router';
import { SignIn } from './screens/sign-in';
import { forgetKey, storedKey, storeKey } from './session';
import { SessionContext } from './ui';

/** The whole console. */
export function App() {
  const [key, setKey] = useState(storedKey);
  const [notice, setNotice] = useState<string>();
  const location = useLocation();
  const signOut = (message?: string) => {
    forgetKey();
    setKey(undefined);
    setNotice(message);
  };
  const api = useMemo(
    () =>
      adminApi(window.location.origin, storedKey, () => signOut('Your key was not accepted any more. Sign in again.')),
    [],
  );
  if (!key) {
    return html`<${SignIn}
      api=${api}
      notice=${notice}
      onSignedIn=${(k: string) => {
        storeKey(k);
        setNotice(undefined);
        setKey(k);
      }}
    />`;
  }
  return html`<${Shell} api=${api} location=${location} onSignOut=${() => signOut('You are signed out.')} />`;
}

function Shell(props: { api: ReturnType<typeof adminApi>; location: Location; onSignOut: () => void }) {
  // Until the document is read, no optional route is known: the core screens do not wait for it.
  const [routes, setRoutes] = useState<ReadonlySet<string>>(new Set());
  const [routesRead, setRoutesRead] = useState(false);
  const [menuOpen, setMenuOpen] = useState(false);
  useEffect(() => {
    // The deployment's own OpenAPI document says which routes it has (public, no key).
    fetch(`${window.location.origin}/openapi.json`, { credentials: 'omit' })
      .then((r) => (r.ok ? r.json() : undefined))
      .then(
        (doc: unknown) => setRoutes(routesOf(doc)),
        () => undefined,
      )
      .finally(() => setRoutesRead(true));
  }, []);
  useEffect(() => setMenuOpen(false), [props.location]);
  const current = props.location.segments[0] ?? '';
  const screens = SCREENS.filter((s) => hasRoutes(routes, s.needs));
  const screen = screenFor(current);
  return html`<${SessionContext.Provider} value=${{ api: props.api, routes }}>
    <a class="skip" href="#main" onClick=${skipToMain}>Skip to content</a>
    <header class="top">
      <a class="brand" href=${href([])}>leadrouter <span>console</span></a>
      <button
        type="button"
        class="menu-toggle secondary"
        aria-expanded=${menuOpen ? 'true' : 'false'}
        aria-controls="nav"
        onClick=${() => setMenuOpen(!menuOpen)}
      >
        Menu
      </button>
      <nav id="nav" class=${menuOpen ? 'open' : ''} aria-label="Screens">
        <ul class="nav-list">
          ${screens.map(
            (s) =>
              html`<li>
                <a href=${href(s.id ? [s.id] : [])} aria-current=${s.id === current ? 'page' : undefined}>${s.title}</a>
              </li>`,
          )}
        </ul>
      </nav>
      <button type="button" class="secondary sign-out" onClick=${props.onSignOut}>Sign out</button>
    </header>
    <main id="main" tabindex="-1">
      ${
        screen && hasRoutes(routes, screen.needs)
          ? screen.render(props.location)
          : routesRead
            ? html`<section class="page"><h1 tabindex="-1">Not found</h1><p>There is no such screen. <a href=${href([])}>Go to the overview</a>.</p></section>`
            : html`<p class="muted" role="status">Loading…</p>`
      }
    </main>
  <//>`;
}

// The fragment is the router's: move focus to the content without changing it.
function skipToMain(event: Event) {
  event.preventDefault();
  document.getElementById('main')?.focus();
}

// Screens live in the URL's fragment (`/console#/leads?status=unassigned`), so the one page
// the API serves holds every screen, links can be shared, and back and forward work.
import { useEffect, useState } from 'preact/hooks';

export interface Location {
  /** Path segments after `#/`, e.g. `['leads', '01K…']`. */
  segments: string[];
  query: URLSearchParams;
}

/** Reads a fragment such as `#/leads/01K?status=held`. */
export function parseLocation(hash: string): Location {
  const [path = '', search = ''] = hash.replace(/^#\/?/, '').split('?', 2);
  return {
    segments: path.split('/').filter(Boolean).map(decodeURIComponent),
    query: new URLSearchParams(search),
  };
}

/** The fragment link to a screen, e.g. `href(['leads'], {status: 'queued'})` → `#/leads?status=queued`. */
export function href(segments: string[], query: Record<string, string | undefined> = {}): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) if (value) params.set(name, value);
  const search = params.toString();
  return `#/${segments.map(encodeURIComponent).join('/')}${search ? `?${search}` : ''}`;
}

/** Goes to a screen. */
export function navigate(link: string): void {
  window.location.hash = link;
}

/** The current location, following the fragment. */
export function useLocation(): Location {
  const [location, setLocation] = useState(() => parseLocation(window.location.hash));
  useEffect(() => {
    const follow = () => setLocation(parseLocation(window.location.hash));
    window.addEventListener('hashchange', follow);
    return () => window.removeEventListener('hashchange', follow);
  }, []);
  return location;
}

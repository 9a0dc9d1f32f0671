// Paths carry credentials: the webhook key (`/hooks/{sourceKey}`) and the signed tokens of
// rep links (`/l/{token}`) and queue links (`/q/{token}/…`); Meta's handshake carries its
// verify token in the query. Whatever logs a request's path logs it through here. (API
// Gateway's access log records the route key, never the path: see lib/api.ts.)

const SECRET_SEGMENTS = /(^|\/)(hooks|l|q)\/[^/]*/gi;

/** The path without its query, the credential segments replaced by `***`: `/q/***\/next`. */
export function redactPath(target: string): string {
  const path = target.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i, '').replace(/[?#].*$/s, '');
  // biome-ignore lint/suspicious/noControlCharactersInRegex: a log line must not carry them (CR/LF forge lines)
  return path.replace(SECRET_SEGMENTS, '$1$2/***').replace(/[\u0000-\u001f\u007f]/g, '?');
}

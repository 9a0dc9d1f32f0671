import { createHash } from 'node:crypto';
import { escapeHtml } from '../html';
import type { HttpResponse } from '../http-types';

const STYLE = `
body{font:16px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;background:#f4f5f7;color:#1d2330}
main{max-width:30rem;margin:0 auto;padding:1.2rem}
.card{background:#fff;border-radius:12px;padding:1.1rem 1.2rem;box-shadow:0 1px 3px rgba(0,0,0,.12)}
h1{font-size:1.35rem;margin:.2rem 0 .6rem}
p{margin:.5rem 0}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.3rem .8rem;margin:.8rem 0}
dt{color:#5b6475}dd{margin:0;overflow-wrap:anywhere}
button{width:100%;font:inherit;font-weight:600;padding:.85rem;border:0;border-radius:10px;background:#1f6feb;color:#fff;margin-top:.8rem}
.note{color:#5b6475;font-size:.9rem}
a{color:#1f6feb}
.bad h1{color:#a40e26}.good h1{color:#116329}
.lead{border-top:1px solid #e3e6eb;margin-top:1rem;padding-top:.4rem}
.count{font-size:2.4rem;font-weight:700;margin:.4rem 0 0}
button.quiet{background:#eef1f5;color:#1d2330}
input,select,textarea{font:inherit;width:100%;box-sizing:border-box;padding:.55rem;border:1px solid #c9ced6;border-radius:8px;margin:.2rem 0}
label{display:block;margin:.5rem 0 .1rem}
.foot{margin-top:1rem;border-top:1px solid #e3e6eb;padding-top:.5rem}
`.trim();

// Inline CSS allowed by hash, not by 'unsafe-inline'; no scripts, no third-party anything.
const STYLE_HASH = createHash('sha256').update(STYLE).digest('base64');
const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  `style-src 'sha256-${STYLE_HASH}'`,
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join('; ');

/** Headers every page sends: never cached, never framed, no referrer (links carry tokens). */
export const PAGE_HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'no-store',
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
} as const;

export interface PageContent {
  title: string;
  tone?: 'good' | 'bad';
  /** Already-escaped HTML for the card's body. */
  body: string;
  /** Already-escaped HTML closing the card (the rep's availability link). */
  footer?: string;
}

/** A small, mobile-friendly page; every dynamic value must reach it through `escapeHtml`. */
export function htmlPage(status: number, content: PageContent): HttpResponse {
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="robots" content="noindex,nofollow"><title>${escapeHtml(content.title)} · leadrouter</title>
<style>${STYLE}</style></head>
<body><main><div class="card${content.tone ? ` ${content.tone}` : ''}"><h1>${escapeHtml(content.title)}</h1>
${content.body}${content.footer ?? ''}
</div></main></body></html>`;
  return { status, headers: { ...PAGE_HEADERS }, body: html };
}

/** A definition list of label → value, skipping empty values; `href` makes a value a link. */
export function detailList(rows: [string, unknown, string?][]): string {
  const items = rows.filter(([, value]) => value !== undefined && value !== null && value !== '');
  if (items.length === 0) return '';
  const cell = (value: unknown, href?: string) =>
    href ? `<a href="${escapeHtml(href)}">${escapeHtml(value)}</a>` : escapeHtml(value);
  return `<dl>${items.map(([label, value, href]) => `<dt>${escapeHtml(label)}</dt><dd>${cell(value, href)}</dd>`).join('')}</dl>`;
}

/** The path of an absolute URL on this API: forms and links stay on the page's own origin. */
export function pathOf(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return url;
  }
}

/** The footer of every page that knows its rep: where they set themselves away or paused. */
export function availabilityFooter(url: string | undefined): string {
  return url
    ? `<p class="note foot"><a href="${escapeHtml(pathOf(url))}">Away or busy? Set your availability</a></p>`
    : '';
}

/** A time as a rep reads it: in their own time zone when known (UTC otherwise), with the zone named. */
export function repTime(iso: string, timeZone: string | undefined): string {
  const zone = timeZone ?? 'UTC';
  const local = new Intl.DateTimeFormat('en-GB', {
    timeZone: zone,
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(new Date(iso));
  return `${local} (${zone.replace(/_/g, ' ')})`;
}

/** Whether the caller asked for JSON rather than a page. */
export function wantsJson(accept: string | undefined): boolean {
  if (!accept) return false;
  const json = accept.indexOf('application/json');
  const html = accept.indexOf('text/html');
  return json !== -1 && (html === -1 || json < html);
}

import type { LinkSigner } from '../core/links/link-tokens';
import type { LinkIssuer, QueueLinkIssuer } from '../core/links/ports';

/** Issues signed rep links (`/l/{token}`) under the API's public base URL. */
export function linkIssuer(signer: LinkSigner, baseUrl: () => string): LinkIssuer {
  return (claims) => repLinkUrl(baseUrl(), signer.sign(claims));
}

/** Issues signed queue links (`/q/{token}`) under the API's public base URL. */
export function queueLinkIssuer(signer: LinkSigner, baseUrl: () => string): QueueLinkIssuer {
  return (claims) => queueLinkUrl(baseUrl(), signer.sign({ purpose: 'queue', ...claims }));
}

/** The rep link for a token. */
export function repLinkUrl(baseUrl: string, token: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/l/${token}`;
}

/** The link to a rep's queue page for a queue token. */
export function queueLinkUrl(baseUrl: string, token: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/q/${token}`;
}

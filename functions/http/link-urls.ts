import { type LinkSigner, queueLinkUrl, repLinkUrl } from '../core/links/link-tokens';
import type { LinkIssuer, QueueLinkIssuer } from '../core/shared/ports';

/** Issues signed rep links under the API's public base URL. */
export function linkIssuer(signer: LinkSigner, baseUrl: string): LinkIssuer {
  return (claims) => repLinkUrl(baseUrl, signer.sign(claims));
}

/** Issues signed queue links (`/q/{token}`) under the API's public base URL. */
export function queueLinkIssuer(signer: LinkSigner, baseUrl: string): QueueLinkIssuer {
  return (claims) => queueLinkUrl(baseUrl, signer.sign({ purpose: 'queue', ...claims }));
}

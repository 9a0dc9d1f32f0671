import { AVAILABILITY_LINK_TTL_SECONDS, type LinkSigner } from '../core/links/link-tokens';
import type { AvailabilityLinkIssuer, LinkIssuer, QueueLinkIssuer } from '../core/links/ports';

/** Issues signed rep links (`/l/{token}`) under the API's public base URL. */
export function linkIssuer(signer: LinkSigner, baseUrl: () => string): LinkIssuer {
  return (claims) => repLinkUrl(baseUrl(), signer.sign(claims));
}

/** Issues signed queue links (`/q/{token}`) under the API's public base URL. */
export function queueLinkIssuer(signer: LinkSigner, baseUrl: () => string): QueueLinkIssuer {
  return (claims) => queueLinkUrl(baseUrl(), signer.sign({ purpose: 'queue', ...claims }));
}

/** Issues signed availability links (`/a/{token}`), good for 30 days. */
export function availabilityLinkIssuer(signer: LinkSigner, baseUrl: () => string): AvailabilityLinkIssuer {
  return (repId, now) =>
    availabilityLinkUrl(
      baseUrl(),
      signer.sign({
        purpose: 'availability',
        repId,
        expiresAt: Math.floor(now.getTime() / 1000) + AVAILABILITY_LINK_TTL_SECONDS,
      }),
    );
}

/** The link to a rep's availability page for a token. */
export function availabilityLinkUrl(baseUrl: string, token: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/a/${token}`;
}

/** The rep link for a token. */
export function repLinkUrl(baseUrl: string, token: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/l/${token}`;
}

/** The link to a rep's queue page for a queue token. */
export function queueLinkUrl(baseUrl: string, token: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/q/${token}`;
}

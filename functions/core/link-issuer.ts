import { repLinkUrl, type LinkSigner } from './link-tokens';
import type { LinkIssuer } from './ports';

/** Issues signed rep links under the API's public base URL. */
export function linkIssuer(signer: LinkSigner, baseUrl: string): LinkIssuer {
  return (claims) => repLinkUrl(baseUrl, signer.sign(claims));
}

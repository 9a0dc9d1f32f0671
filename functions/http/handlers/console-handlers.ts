import { NotFoundError } from '../../core/shared/errors';
import type { ConsoleAssets, StaticAsset } from '../console-assets';
import type { HttpRequest, HttpResponse, RouteHandler } from '../http-types';

// Scripts, styles, fonts and images from this origin only, and no inline script or style
// (the page has none); API calls to this origin. Trusted Types make any HTML string sink
// (innerHTML and the like) throw, so a value can only ever reach the page as text.
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "require-trusted-types-for 'script'",
  'trusted-types',
].join('; ');

/** Headers every console file is sent with. */
export const CONSOLE_HEADERS = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
} as const;

/** The console's routes: its page and its hashed files, read once through `load`. */
export function consoleHandlers(
  load: () => Promise<ConsoleAssets>,
): Record<'consolePage' | 'consoleAsset', RouteHandler> {
  let assets: Promise<ConsoleAssets> | undefined;
  // Read on first use and kept; a failed read is tried again on the next request.
  const loaded = () =>
    (assets ??= load().catch((error: unknown) => {
      assets = undefined;
      throw error;
    }));
  const serve = async (name: string, request: HttpRequest): Promise<HttpResponse> => {
    const asset = (await loaded()).get(name);
    if (!asset) throw new NotFoundError('console file', name);
    return respond(asset, request);
  };
  return {
    consolePage: (request) => serve('index.html', request),
    consoleAsset: (request) => serve(request.pathParameters.asset ?? '', request),
  };
}

function respond(asset: StaticAsset, request: HttpRequest): HttpResponse {
  const headers = {
    ...CONSOLE_HEADERS,
    'content-type': asset.contentType,
    etag: asset.etag,
    // The page is checked every time (it names the current files); the files never change.
    'cache-control': asset.immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
  };
  if (request.headers['if-none-match'] === asset.etag) return { status: 304, headers };
  return { status: 200, headers, body: asset.body };
}

// API Gateway throttling per route family. An HTTP API throttles by route key, in token
// buckets shared by every caller: one stage-wide limit lets a flood of anonymous webhook
// posts (to unknown keys too) use up what admins and reps need. Giving each route its own
// bucket keeps a flood on the webhooks from reaching the admin API or the rep links.
import type { CfnStage, HttpStage } from 'aws-cdk-lib/aws-apigatewayv2';
import { type RouteDefinition, routeKey } from '../functions/http/routes';

/** Routes that share a purpose, an audience and a throttle. */
export type RouteFamily = 'webhooks' | 'admin' | 'repLinks' | 'docs';

/** Steady requests per second and the burst a route's bucket holds. */
export interface Throttle {
  rate: number;
  burst: number;
}

export const ROUTE_FAMILIES: readonly RouteFamily[] = ['webhooks', 'admin', 'repLinks', 'docs'];

/**
 * Per route, for a small team. Webhooks: far above a campaign's peak (a burst of form posts
 * after an email blast, an ad platform catching up) yet a flood at the limit costs a few
 * dollars a day; senders retry a 429. Admin: people and scripts, plenty for a console.
 * Rep links: a shotgun offer to 20 reps who all tap at once fits the burst. Docs and health:
 * nobody needs more.
 */
export const DEFAULT_THROTTLES: Readonly<Record<RouteFamily, Throttle>> = {
  webhooks: { rate: 50, burst: 100 },
  admin: { rate: 10, burst: 20 },
  repLinks: { rate: 20, burst: 40 },
  docs: { rate: 5, burst: 10 },
};

/** The family a route belongs to: by who may call it, then by path. */
export function routeFamily(route: Pick<RouteDefinition, 'auth' | 'path'>): RouteFamily {
  if (route.auth === 'admin') return 'admin';
  if (route.auth === 'token') return 'repLinks';
  if (route.path.startsWith('/hooks/')) return 'webhooks';
  return 'docs';
}

/** The defaults with the changes asked for. */
export function throttlesWith(
  changes: Partial<Record<RouteFamily, Partial<Throttle>>> = {},
): Record<RouteFamily, Throttle> {
  const throttles = { ...DEFAULT_THROTTLES };
  for (const family of ROUTE_FAMILIES) {
    const throttle = { ...throttles[family], ...changes[family] };
    for (const [name, value] of Object.entries(throttle))
      if (!Number.isInteger(value) || value < 1 || value > 10_000)
        throw new Error(`The ${family} ${name} limit must be a whole number from 1 to 10000, not ${value}`);
    throttles[family] = throttle;
  }
  return throttles;
}

/** `-c webhooksRate=… -c webhooksBurst=… -c adminRate=…` and so on, as throttle changes. */
export function throttleChangesFromContext(
  context: (key: string) => unknown,
): Partial<Record<RouteFamily, Partial<Throttle>>> {
  const changes: Partial<Record<RouteFamily, Partial<Throttle>>> = {};
  for (const family of ROUTE_FAMILIES) {
    for (const name of ['rate', 'burst'] as const) {
      const value = context(`${family}${name[0]!.toUpperCase()}${name.slice(1)}`);
      if (value !== undefined) changes[family] = { ...changes[family], [name]: Number(value) };
    }
  }
  return changes;
}

/**
 * Sets each route's throttle on the stage (route settings, keyed by route key). The stage's
 * default route settings stay as a backstop, at the docs figures, for a route without its own.
 */
export function throttleRoutes(
  stage: HttpStage,
  routes: readonly Pick<RouteDefinition, 'auth' | 'path' | 'method'>[],
  throttles: Readonly<Record<RouteFamily, Throttle>>,
): void {
  const settings: Record<string, { ThrottlingRateLimit: number; ThrottlingBurstLimit: number }> = {};
  for (const route of routes) {
    const { rate, burst } = throttles[routeFamily(route)];
    settings[routeKey(route)] = { ThrottlingRateLimit: rate, ThrottlingBurstLimit: burst };
  }
  (stage.node.defaultChild as CfnStage).routeSettings = settings;
}

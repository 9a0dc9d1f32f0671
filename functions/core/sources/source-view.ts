// A source as the admin API shows it: the stored source with every secret replaced by a
// `has…` flag. Admin-only, like source-schemas.ts: the ingest bundle never needs it.
import * as z from 'zod/mini';
import { timestamp } from '../shared/timestamp';
import type { Source, SourceKind } from './source';
import { KIND_SETTINGS } from './source-schemas';

const common = {
  id: z.string(),
  name: z.string(),
  /** The secret part of the webhook URL (`/hooks/{key}`). */
  key: z.string(),
  poolId: z.optional(z.string()),
  /** ISO 3166-1 alpha-2. */
  defaultCountry: z.optional(z.string().check(z.regex(/^[A-Z]{2}$/))),
  createdAt: timestamp,
  updatedAt: timestamp,
  version: z.int(),
};

/** Each kind's view: its settings as stored, each secret as a `has…` flag. */
export const SourceViewSchemas = {
  form: z.strictObject({
    kind: z.literal('form'),
    ...common,
    redirectUrl: z.optional(KIND_SETTINGS.form.redirectUrl),
    /** Lower-cased origins, or `*`. */
    allowedOrigins: z.optional(z.array(z.string())),
    honeypotField: z.optional(KIND_SETTINGS.form.honeypotField),
  }),
  json: z.strictObject({
    kind: z.literal('json'),
    ...common,
    fieldMapping: z.optional(KIND_SETTINGS.json.fieldMapping),
    hasSigningSecret: z.boolean(),
  }),
  google_ads: z.strictObject({
    kind: z.literal('google_ads'),
    ...common,
    routeTestLeads: z.optional(KIND_SETTINGS.google_ads.routeTestLeads),
    hasGoogleKey: z.boolean(),
  }),
  meta_lead_ads: z.strictObject({
    kind: z.literal('meta_lead_ads'),
    ...common,
    graphApiVersion: z.optional(KIND_SETTINGS.meta_lead_ads.graphApiVersion),
    hasAppSecret: z.boolean(),
    hasVerifyToken: z.boolean(),
    hasAccessToken: z.boolean(),
  }),
  linkedin_lead_gen: z.strictObject({
    kind: z.literal('linkedin_lead_gen'),
    ...common,
    linkedinVersion: z.optional(KIND_SETTINGS.linkedin_lead_gen.linkedinVersion),
    hasClientSecret: z.boolean(),
    hasAccessToken: z.boolean(),
  }),
} as const satisfies Record<SourceKind, z.ZodMiniObject>;

/** A source as the API shows it, by kind. */
export const SourceViewSchema = z.discriminatedUnion('kind', [
  SourceViewSchemas.form,
  SourceViewSchemas.json,
  SourceViewSchemas.google_ads,
  SourceViewSchemas.meta_lead_ads,
  SourceViewSchemas.linkedin_lead_gen,
]);
export type SourceView = z.output<typeof SourceViewSchema>;

const isSet = (secret: string | undefined) => typeof secret === 'string' && secret !== '';

/** A source as the API shows it: every secret (and a rotated one in its grace period) replaced by a `has…` flag. */
export function sourceView(source: Source): SourceView {
  switch (source.kind) {
    case 'form':
      return { ...source };
    case 'json': {
      const { signingSecret, previousSecret: _retired, ...shown } = source;
      return { ...shown, hasSigningSecret: isSet(signingSecret) };
    }
    case 'google_ads': {
      const { googleKey, ...shown } = source;
      return { ...shown, hasGoogleKey: isSet(googleKey) };
    }
    case 'meta_lead_ads': {
      const { appSecret, verifyToken, accessToken, previousSecret: _retired, ...shown } = source;
      return {
        ...shown,
        hasAppSecret: isSet(appSecret),
        hasVerifyToken: isSet(verifyToken),
        hasAccessToken: isSet(accessToken),
      };
    }
    case 'linkedin_lead_gen': {
      const { clientSecret, accessToken, previousSecret: _retired, ...shown } = source;
      return { ...shown, hasClientSecret: isSet(clientSecret), hasAccessToken: isSet(accessToken) };
    }
  }
}

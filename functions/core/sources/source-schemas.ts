// The zod schemas of the source admin API. Kept apart from source.ts so the ingest function,
// which only reads stored sources, does not bundle them.
import * as z from 'zod/mini';
import { countryCode } from '../leads/country';
import { ValidationError } from '../shared/errors';
import { entityId, parseInput, requiredText } from '../shared/validation';
import { SOURCE_KINDS, type SourceKind } from './source';

const country = z.pipe(
  z.string().check(z.maxLength(80)),
  z.transform((value, ctx) => {
    const code = countryCode(value);
    if (!code) {
      ctx.issues.push({ code: 'custom', input: value, message: 'Unknown country; use an ISO code such as "US"' });
      return z.NEVER;
    }
    return code;
  }),
);

/** A secret the API stores but never shows again (signing secrets, tokens). */
const secret = (min: number, max: number) =>
  z.string().check(z.minLength(min), z.maxLength(max), z.regex(/^\S+$/, 'no spaces'));

/** `https://example.com` (scheme and host, optional port, no path), or `*` for any origin. */
const origin = z.pipe(
  z
    .string()
    .check(
      z.maxLength(200),
      z.regex(/^(\*|https?:\/\/[^/\s?#]+)$/i, 'an origin such as "https://example.com", without a path'),
    ),
  z.transform((value) => value.toLowerCase()),
);

/** Canonical lead fields a JSON source may map, plus `custom.<name>` and `externalId`. */
export const MAPPABLE_FIELDS = [
  'name',
  'firstName',
  'lastName',
  'email',
  'phone',
  'company',
  'companySize',
  'country',
  'region',
  'city',
  'postalCode',
  'product',
  'score',
  'message',
  'utm.source',
  'utm.medium',
  'utm.campaign',
  'utm.term',
  'utm.content',
  'externalId',
] as const;

const mappingTarget = z.string().check(
  z.maxLength(71),
  z.refine(
    (target) => (MAPPABLE_FIELDS as readonly string[]).includes(target) || /^custom\.[^.\s]{1,64}$/.test(target),
    {
      message: `Map to one of ${MAPPABLE_FIELDS.join(', ')}, or custom.<name>`,
    },
  ),
);
/** A dotted path into the posted JSON, e.g. `contact.email` or `answers.0.text`. */
const jsonPath = z
  .string()
  .check(z.minLength(1), z.maxLength(200), z.regex(/^[^.\s]+(\.[^.\s]+)*$/, 'a dotted path such as "contact.email"'));

/** Each kind's own settings, in their create forms (a PATCH may clear an optional one with `null`). */
export const KIND_SETTINGS = {
  form: {
    /** Where a plain HTML form post is sent afterwards (303 See Other). */
    redirectUrl: z.url({ protocol: /^https?$/ }).check(z.maxLength(2000)),
    /** Origins whose scripts may post to the webhook (CORS). */
    allowedOrigins: z.array(origin).check(z.minLength(1), z.maxLength(20)),
    /** A field real people leave empty; a submission that fills it is answered normally and dropped. */
    honeypotField: z.string().check(z.minLength(1), z.maxLength(64)),
  },
  json: {
    /** Canonical field (or `custom.<name>`, or `externalId`) → dotted path in the posted JSON. */
    fieldMapping: z
      .record(mappingTarget, jsonPath)
      .check(z.refine((mapping) => Object.keys(mapping).length <= 60, { message: 'at most 60 mapped fields' })),
    /** When set, every POST must carry a valid `X-Leadrouter-Signature`. Never shown again. */
    signingSecret: secret(16, 256),
  },
  google_ads: {
    /** The "Key" set on the Google Ads lead form webhook; the source's own `key` when absent. Never shown again. */
    googleKey: secret(1, 256),
    /** Route leads sent with Google's "Send test data" button like real ones (default: settle them unassigned). */
    routeTestLeads: z.boolean(),
  },
  meta_lead_ads: {
    /** The Meta app secret: POSTs are verified with it (`X-Hub-Signature-256`). Never shown again. */
    appSecret: secret(8, 256),
    /** The token Meta echoes in the subscription handshake. Never shown again. */
    verifyToken: secret(1, 256),
    /** A page access token with `leads_retrieval`, for the Graph API. Never shown again. */
    accessToken: secret(1, 2048),
    /** Graph API version, e.g. `v21.0`. */
    graphApiVersion: z.string().check(z.regex(/^v\d{1,2}\.\d{1,2}$/, 'a version such as "v21.0"')),
  },
  linkedin_lead_gen: {
    /** The LinkedIn app's client secret: answers the validation challenge, verifies `X-LI-Signature`. Never shown again. */
    clientSecret: secret(8, 256),
    /** An OAuth access token with `r_marketing_leadgen_automation`, for reading lead form responses. Never shown again. */
    accessToken: secret(1, 4096),
    /** The `LinkedIn-Version` sent to LinkedIn's API, YYYYMM (e.g. `202606`). */
    linkedinVersion: z.string().check(z.regex(/^20\d{2}(0[1-9]|1[0-2])$/, 'a version such as "202606"')),
  },
} as const;

/** Settings a kind requires on creation; the others are optional. */
const REQUIRED_SETTINGS: Partial<Record<SourceKind, readonly string[]>> = {
  meta_lead_ads: ['appSecret', 'verifyToken', 'accessToken'],
  linkedin_lead_gen: ['clientSecret', 'accessToken'],
};

const commonFields = {
  name: requiredText(200),
  /** Pin: every lead of the source goes to this pool. Without one, the routing rules decide. */
  poolId: entityId,
  /** Reads national phone numbers of leads that name no country. */
  defaultCountry: country,
};

function createSchema<K extends SourceKind>(kind: K) {
  const settings = KIND_SETTINGS[kind] as Record<string, z.ZodMiniType>;
  const required = new Set(REQUIRED_SETTINGS[kind] ?? []);
  const shape: Record<string, z.ZodMiniType> = {
    kind: z.literal(kind),
    name: commonFields.name,
    poolId: z.optional(commonFields.poolId),
    defaultCountry: z.optional(commonFields.defaultCountry),
  };
  for (const [key, schema] of Object.entries(settings)) shape[key] = required.has(key) ? schema : z.optional(schema);
  return z.strictObject(shape);
}

function patchSchema<K extends SourceKind>(kind: K) {
  const settings = KIND_SETTINGS[kind] as Record<string, z.ZodMiniType>;
  const required = new Set(REQUIRED_SETTINGS[kind] ?? []);
  const shape: Record<string, z.ZodMiniType> = {
    kind: z.optional(z.enum(SOURCE_KINDS)),
    name: z.optional(commonFields.name),
    poolId: z.optional(z.nullable(commonFields.poolId)),
    defaultCountry: z.optional(z.nullable(commonFields.defaultCountry)),
  };
  for (const [key, schema] of Object.entries(settings)) {
    shape[key] = z.optional(required.has(key) ? schema : z.nullable(schema));
  }
  return z.strictObject(shape);
}

/** `POST /admin/sources` body: common fields plus the settings of its `kind`. */
export const SourceCreateSchema = z.discriminatedUnion('kind', [
  createSchema('form'),
  createSchema('json'),
  createSchema('google_ads'),
  createSchema('meta_lead_ads'),
  createSchema('linkedin_lead_gen'),
]);

/** `PATCH /admin/sources/{id}` body, by the source's kind (which is fixed once created). `null` clears a setting. */
export const SourcePatchSchemas = {
  form: patchSchema('form'),
  json: patchSchema('json'),
  google_ads: patchSchema('google_ads'),
  meta_lead_ads: patchSchema('meta_lead_ads'),
  linkedin_lead_gen: patchSchema('linkedin_lead_gen'),
} as const satisfies Record<SourceKind, z.ZodMiniType>;

/** The input of `createSource`, as parsed. */
export type SourceCreate = z.output<typeof SourceCreateSchema>;

/** A parsed `PATCH /admin/sources/{id}` body: settings of the source's kind, `null` clearing one. */
export type SourcePatch = Record<string, unknown>;

/**
 * Reads a `PATCH /admin/sources/{id}` body with the schema of the source's kind. A source
 * keeps its kind: naming another known kind is refused.
 */
export function parseSourcePatch(kind: SourceKind, body: unknown): SourcePatch {
  const requestedKind = (body as { kind?: unknown } | null)?.kind;
  if (
    requestedKind !== undefined &&
    requestedKind !== kind &&
    (SOURCE_KINDS as readonly unknown[]).includes(requestedKind)
  ) {
    throw new ValidationError('A source keeps its kind; create a new source instead', [
      { path: 'kind', code: 'immutable', message: `This source is a ${kind} source` },
    ]);
  }
  return parseInput(SourcePatchSchemas[kind], body) as SourcePatch;
}

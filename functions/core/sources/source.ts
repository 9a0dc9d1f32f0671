// Sources as stored, and the helpers ingest needs. No zod here: the admin API's schemas are
// in source-schemas.ts, so the ingest bundle stays small.

export const SOURCE_KINDS = ['form', 'json', 'google_ads', 'meta_lead_ads', 'linkedin_lead_gen'] as const;
export type SourceKind = (typeof SOURCE_KINDS)[number];

/** The settings of each kind that are secrets: stored, used, never returned by the API. */
export const SECRET_SETTINGS: Record<SourceKind, readonly string[]> = {
  form: [],
  json: ['signingSecret'],
  google_ads: ['googleKey'],
  meta_lead_ads: ['appSecret', 'verifyToken', 'accessToken'],
  linkedin_lead_gen: ['clientSecret', 'accessToken'],
};

/** The kind of secret each kind signs its POSTs with; rotating it keeps the old one valid for a grace period. */
export const SIGNATURE_SECRET: Partial<Record<SourceKind, 'signingSecret' | 'appSecret' | 'clientSecret'>> = {
  json: 'signingSecret',
  meta_lead_ads: 'appSecret',
  linkedin_lead_gen: 'clientSecret',
};

/** How long a rotated signature secret keeps working, so senders can switch without losing leads. */
export const SECRET_ROTATION_GRACE_MS = 24 * 60 * 60 * 1000;

interface SourceBase {
  id: string;
  name: string;
  /** The secret part of the webhook URL (`/hooks/{key}`). */
  key: string;
  poolId?: string;
  defaultCountry?: string;
  createdAt: string;
  updatedAt: string;
  version: number;
}

/** A web form: JSON from script, or a plain HTML form post. */
export interface FormSource extends SourceBase {
  kind: 'form';
  redirectUrl?: string;
  allowedOrigins?: string[];
  honeypotField?: string;
}

/** A generic JSON sender, optionally signing its POSTs. */
export interface JsonSource extends SourceBase {
  kind: 'json';
  fieldMapping?: Record<string, string>;
  signingSecret?: string;
  previousSecret?: RetiredSecret;
}

/** Google Ads lead form webhooks. */
export interface GoogleAdsSource extends SourceBase {
  kind: 'google_ads';
  googleKey?: string;
  routeTestLeads?: boolean;
}

/** Meta (Facebook/Instagram) Lead Ads webhooks; details are fetched from the Graph API. */
export interface MetaLeadAdsSource extends SourceBase {
  kind: 'meta_lead_ads';
  appSecret: string;
  verifyToken: string;
  accessToken: string;
  graphApiVersion?: string;
  previousSecret?: RetiredSecret;
}

/** LinkedIn Lead Gen Forms (Lead Sync notifications); answers are fetched from LinkedIn's API. */
export interface LinkedInLeadGenSource extends SourceBase {
  kind: 'linkedin_lead_gen';
  /** The LinkedIn app's client secret: it answers the validation challenge and signs notifications. */
  clientSecret: string;
  /** An OAuth token with `r_marketing_leadgen_automation`, for reading lead form responses. */
  accessToken: string;
  /** The `LinkedIn-Version` header (YYYYMM) sent with API calls. */
  linkedinVersion?: string;
  previousSecret?: RetiredSecret;
}

/** A signature secret replaced by a rotation, still accepted until `validUntil`. */
export interface RetiredSecret {
  secret: string;
  validUntil: string;
}

/** A source as stored. Secrets included: show it through `sourceView` (source-view.ts) only. */
export type Source = FormSource | JsonSource | GoogleAdsSource | MetaLeadAdsSource | LinkedInLeadGenSource;

/** The secrets a source's signatures may be made with now: the current one, then a rotated one in its grace period. */
export function signatureSecrets(source: Source, now: Date): string[] {
  const setting = SIGNATURE_SECRET[source.kind];
  if (!setting) return [];
  const current = (source as unknown as Record<string, unknown>)[setting];
  const secrets = typeof current === 'string' && current ? [current] : [];
  const previous = 'previousSecret' in source ? source.previousSecret : undefined;
  if (previous && Date.parse(previous.validUntil) > now.getTime()) secrets.push(previous.secret);
  return secrets;
}

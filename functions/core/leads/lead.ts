import * as z from 'zod/mini';
import { ValidationError } from '../shared/errors';
import { countryCode } from './country';
import { toE164 } from './phone-number';

export const LEAD_STATUSES = [
  'received',
  'routed',
  'queued',
  'offered',
  'assigned',
  'accepted',
  'closed',
  'unassigned',
  'expired',
] as const;
export type LeadStatus = (typeof LEAD_STATUSES)[number];

/** Statuses in which a lead waits on someone (the assigner, an admin, a rep): the ones sweeps and triage list. */
export const WAITING_STATUSES: readonly LeadStatus[] = ['received', 'unassigned', 'offered', 'queued'];

/** Bounds on what one lead may carry; larger input is refused, never truncated silently. */
export const LEAD_LIMITS = {
  textLength: 200,
  messageLength: 5_000,
  customFields: 50,
  customKeyLength: 64,
  customValueLength: 1_000,
  rawLength: 16_384,
} as const;

const text = (max: number = LEAD_LIMITS.textLength) => z.optional(z.string().check(z.maxLength(max)));

/** The normalised fields every lead may have, whatever its source called them. */
export const LeadFieldsSchema = z.object({
  name: text(),
  firstName: text(),
  lastName: text(),
  email: z.optional(z.email().check(z.maxLength(254))),
  phone: text(40),
  company: text(),
  companySize: text(40),
  employees: z.optional(z.number().check(z.int(), z.gte(0))),
  country: text(80),
  region: text(80),
  city: text(80),
  postalCode: text(20),
  product: text(),
  score: z.optional(z.number().check(z.gte(-1_000_000), z.lte(1_000_000))),
  message: text(LEAD_LIMITS.messageLength),
  utm: z.optional(z.object({ source: text(), medium: text(), campaign: text(), term: text(), content: text() })),
});
export type LeadFields = z.infer<typeof LeadFieldsSchema>;
export type CustomFields = Record<string, string>;

/** One routing step: which pool and method, who was considered or skipped and why, who won. */
export interface Decision {
  at: string;
  /**
   * `assigned`: a rep got the lead. `unassigned`: it waits (held, manual pool, or nowhere
   * to go; `reason` says which). `fallback`: nobody in this pool could take it, so it went
   * on to `fallbackTo`. `offered`: a shotgun offer went to the `candidates`. `expired`:
   * nobody claimed the offer in time. `accepted`: the owner accepted (or claimed) it.
   * `released`, `closed`: an owner's lead was taken back or finished. `queued`: it waits
   * in a pull pool's queue; `candidates` are the reps who could take it then.
   */
  outcome:
    | 'assigned'
    | 'unassigned'
    | 'fallback'
    | 'offered'
    | 'accepted'
    | 'expired'
    | 'released'
    | 'closed'
    | 'queued';
  /** Who made the step: the assigner (default), an admin, or the rep. */
  actor?: 'assigner' | 'admin' | 'rep';
  poolId?: string;
  method?: string;
  /** Eligible reps, in pool order. */
  candidates: string[];
  skipped: { repId: string; reason: string }[];
  repId?: string;
  /** The owner before an admin reassigned or released the lead. */
  previousRepId?: string;
  /** The rotation sequence number this assignment consumed. */
  seq?: number;
  reason?: string;
  fallbackTo?: string;
  /** Shotgun: the offer round (1, then 2 for a next-tier round, ...). */
  round?: number;
  /** The routing rule that sent the lead to `poolId`, when a rule did. */
  rule?: string;
  /** Sticky owner: the recent lead with the same contact, its owner, and whether they got this one. */
  sticky?: { leadId: string; repId: string; matchedOn: 'email' | 'phone'; honoured: boolean };
}

/** A standing shotgun offer on a lead. */
export interface LeadOffer {
  round: number;
  tier: number;
  repIds: string[];
  expiresAt: string;
}

/** A lead as stored. */
export interface Lead {
  id: string;
  sourceId: string;
  status: LeadStatus;
  createdAt: string;
  updatedAt: string;
  fields: LeadFields;
  custom: CustomFields;
  raw?: string;
  rawContentType?: string;
  poolId?: string;
  repId?: string;
  assignedAt?: string;
  /** When the owner accepted (or claimed) it, and how long that took from assignment. */
  acceptedAt?: string;
  responseSeconds?: number;
  closedAt?: string;
  offer?: LeadOffer;
  /** How many times the SLA moved the lead on to another rep. */
  slaReassignments?: number;
  decisions: Decision[];
  /** Sent as a test (Google's "Send test data"): routed to nobody unless its source says otherwise. */
  test?: boolean;
  /** `pending` while its details are fetched from the ad platform (Meta Lead Ads); `done` after. */
  enrichment?: 'pending' | 'done';
}

/** What the ingest queue carries: everything routing needs, so the assigner reads nothing. */
export interface LeadMessage {
  leadId: string;
  sourceId: string;
  createdAt: string;
  fields: LeadFields;
  custom: CustomFields;
  /** A held lead sent round again: the pool it waits in, so "still nobody" writes nothing. */
  heldIn?: string;
  /** A test lead; see `Lead.test`. */
  test?: boolean;
}

export const LeadMessageSchema = z.object({
  leadId: z.string().check(z.minLength(1), z.maxLength(64)),
  sourceId: z.string().check(z.minLength(1), z.maxLength(64)),
  createdAt: z.string(),
  fields: LeadFieldsSchema,
  custom: z.record(z.string(), z.string()),
  heldIn: z.optional(z.string().check(z.maxLength(64))),
  test: z.optional(z.boolean()),
});

// Alias → canonical field. Keys are compared lower-cased with everything but letters and
// digits removed, so "First Name", "first_name" and "firstName" are the same key.
const ALIASES: Record<string, keyof LeadFields | `utm.${string}`> = {
  name: 'name',
  fullname: 'name',
  yourname: 'name',
  contactname: 'name',
  firstname: 'firstName',
  fname: 'firstName',
  givenname: 'firstName',
  lastname: 'lastName',
  lname: 'lastName',
  surname: 'lastName',
  familyname: 'lastName',
  email: 'email',
  emailaddress: 'email',
  mail: 'email',
  workemail: 'email',
  useremail: 'email',
  phone: 'phone',
  phonenumber: 'phone',
  telephone: 'phone',
  tel: 'phone',
  mobile: 'phone',
  mobilephone: 'phone',
  userphone: 'phone',
  cell: 'phone',
  company: 'company',
  companyname: 'company',
  organization: 'company',
  organisation: 'company',
  business: 'company',
  companysize: 'companySize',
  employees: 'companySize',
  numberofemployees: 'companySize',
  headcount: 'companySize',
  country: 'country',
  countrycode: 'country',
  region: 'region',
  state: 'region',
  province: 'region',
  city: 'city',
  town: 'city',
  postalcode: 'postalCode',
  postcode: 'postalCode',
  zip: 'postalCode',
  zipcode: 'postalCode',
  product: 'product',
  interest: 'product',
  productinterest: 'product',
  score: 'score',
  leadscore: 'score',
  message: 'message',
  comments: 'message',
  comment: 'message',
  notes: 'message',
  question: 'message',
  utmsource: 'utm.source',
  utmmedium: 'utm.medium',
  utmcampaign: 'utm.campaign',
  utmterm: 'utm.term',
  utmcontent: 'utm.content',
};

function canonicalKey(key: string): string {
  return key.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/** The normalised field a submitted key is read into (`"E-mail Address"` → `email`), if any. */
export function fieldForKey(key: string): string | undefined {
  return ALIASES[canonicalKey(key)];
}

export interface NormaliseOptions {
  /** ISO country used to read national phone numbers when the lead names no country. */
  defaultCountry?: string;
  /** Refuse a lead with neither email nor phone (default). Ad-platform leads are kept regardless. */
  requireContact?: boolean;
}

/**
 * Turns a submitted payload (JSON object or form fields) into normalised fields plus custom
 * fields. Throws ValidationError listing every problem at once.
 */
export function normaliseLead(
  payload: Record<string, unknown>,
  options: NormaliseOptions = {},
): { fields: LeadFields; custom: CustomFields } {
  const problems: { path: string; message: string }[] = [];
  const known: Record<string, unknown> = {};
  const utm: Record<string, string> = {};
  const custom: CustomFields = {};

  for (const [key, value] of Object.entries(payload)) {
    if (value === null || value === undefined) continue;
    const target = ALIASES[canonicalKey(key)];
    if (target === undefined && canonicalKey(key) === 'utm' && isPlainObject(value)) {
      for (const [utmKey, utmValue] of Object.entries(value)) {
        const text = scalarText(utmValue);
        if (text) utm[utmKey.toLowerCase()] = text;
      }
      continue;
    }
    const text = scalarText(value);
    if (target === undefined) {
      const customText = text ?? (typeof value === 'object' ? JSON.stringify(value) : undefined);
      if (!customText) continue;
      if (key.length > LEAD_LIMITS.customKeyLength) {
        problems.push({
          path: `custom.${key.slice(0, 32)}…`,
          message: `field names are at most ${LEAD_LIMITS.customKeyLength} characters`,
        });
      } else if (customText.length > LEAD_LIMITS.customValueLength) {
        problems.push({
          path: `custom.${key}`,
          message: `custom values are at most ${LEAD_LIMITS.customValueLength} characters`,
        });
      } else {
        custom[key] = customText;
      }
      continue;
    }
    if (text === undefined) {
      if (typeof value === 'object') problems.push({ path: target, message: 'expected text, not an object or list' });
      continue;
    }
    if (target.startsWith('utm.')) utm[target.slice(4)] = text;
    else if (known[target] === undefined) known[target] = text;
  }
  if (Object.keys(custom).length > LEAD_LIMITS.customFields) {
    problems.push({ path: 'custom', message: `at most ${LEAD_LIMITS.customFields} custom fields` });
  }

  const candidate = shapeKnownFields(known, utm, options, problems);
  const parsed = LeadFieldsSchema.safeParse(candidate);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      problems.push({ path: issue.path.join('.'), message: issue.message });
    }
  }
  if (problems.length > 0) {
    throw new ValidationError('The lead has invalid fields', problems, 'invalid_lead');
  }
  const fields = withNameParts(parsed.data!);
  if (!fields.email && !fields.phone && options.requireContact !== false) {
    throw new ValidationError(
      'A lead needs an email or a phone number',
      [{ path: 'email', message: 'email or phone is required' }],
      'missing_contact',
    );
  }
  return { fields, custom };
}

function shapeKnownFields(
  known: Record<string, unknown>,
  utm: Record<string, string>,
  options: NormaliseOptions,
  problems: { path: string; message: string }[],
): Record<string, unknown> {
  const out: Record<string, unknown> = { ...known };
  if (typeof out.email === 'string') out.email = out.email.toLowerCase();

  if (typeof out.country === 'string') out.country = countryCode(out.country) ?? out.country;
  if (typeof out.phone === 'string') {
    const country =
      (typeof out.country === 'string' && out.country.length === 2 ? out.country : undefined) ?? options.defaultCountry;
    out.phone = toE164(out.phone, country) ?? out.phone;
  }
  if (typeof out.score === 'string') {
    const score = Number(out.score);
    if (Number.isFinite(score)) out.score = score;
    else problems.push({ path: 'score', message: 'score must be a number' });
  }
  if (typeof out.companySize === 'string') {
    const lowerBound = /^\s*(\d[\d,]*)/.exec(out.companySize)?.[1];
    if (lowerBound) out.employees = Number(lowerBound.replace(/,/g, ''));
  }
  if (typeof out.postalCode === 'string') out.postalCode = out.postalCode.toUpperCase();

  if (Object.keys(utm).length > 0) out.utm = utm;
  return out;
}

/** Fills in first and last name from a full name, or the full name from its parts. */
function withNameParts(fields: LeadFields): LeadFields {
  if (fields.name && fields.firstName === undefined && fields.lastName === undefined) {
    const [first, ...rest] = fields.name.split(/\s+/);
    return { ...fields, firstName: first, ...(rest.length > 0 ? { lastName: rest.join(' ') } : {}) };
  }
  if (!fields.name && (fields.firstName || fields.lastName)) {
    return { ...fields, name: [fields.firstName, fields.lastName].filter(Boolean).join(' ') };
  }
  return fields;
}

function scalarText(value: unknown): string | undefined {
  if (typeof value === 'string') return value.trim() || undefined;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value === 'boolean') return String(value);
  return undefined;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The snapshot of a lead that travels on the ingest queue. */
export function toLeadMessage(lead: Lead): LeadMessage {
  return {
    leadId: lead.id,
    sourceId: lead.sourceId,
    createdAt: lead.createdAt,
    fields: lead.fields,
    custom: lead.custom,
    ...(lead.test ? { test: true } : {}),
  };
}

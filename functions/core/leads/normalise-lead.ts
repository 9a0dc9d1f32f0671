import { ValidationError } from '../shared/errors';
import { ownValue, PROTOTYPE_KEY } from '../shared/own-keys';
import { countryCode } from './country';
import { type CustomFields, LEAD_LIMITS, type LeadFields } from './lead';
import { LeadFieldsSchema } from './lead-schemas';
import { toE164 } from './phone-number';

/** The custom field a value with no field name is kept under. */
export const UNNAMED_FIELD = '(unnamed)';

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

const UTM_NAMES = ['source', 'medium', 'campaign', 'term', 'content'] as const;

/** Why a field named `__proto__` is refused: it could not be stored as a field. */
const RESERVED_NAME = 'a field may not be named __proto__; rename it';

function canonicalKey(key: string): string {
  return key.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/** The normalised field a submitted key is read into (`"E-mail Address"` → `email`), if any. */
export function fieldForKey(key: string): string | undefined {
  return ownValue(ALIASES, canonicalKey(key));
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
    if (key === PROTOTYPE_KEY) {
      problems.push({ path: `custom.${key}`, message: RESERVED_NAME });
      continue;
    }
    const target = fieldForKey(key);
    if (target === undefined && canonicalKey(key) === 'utm' && isPlainObject(value)) {
      for (const [utmKey, utmValue] of Object.entries(value)) {
        const name = utmKey.toLowerCase();
        if (!(UTM_NAMES as readonly string[]).includes(name)) continue;
        const text = scalarText(utmValue);
        if (text) utm[name] = text;
      }
      continue;
    }
    if (typeof value === 'number' && !Number.isFinite(value)) {
      problems.push({ path: target ?? `custom.${key}`, message: 'not a finite number' });
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
        // A field with no name (`=value` in a form post, `"": …` in JSON) is kept under a name
        // of its own: DynamoDB refuses an empty attribute name, and the value is still the sender's.
        custom[key === '' ? UNNAMED_FIELD : key.toWellFormed()] = customText;
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
    else {
      problems.push({ path: 'score', message: `score must be a finite number, not ${out.score.slice(0, 40)}` });
      // Reported once: the schema must not find the same text again.
      delete out.score;
    }
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
  // A lone surrogate (from a JSON escape such as "\ud800") cannot be stored or sent on.
  if (typeof value === 'string') return value.toWellFormed().trim() || undefined;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value === 'boolean') return String(value);
  return undefined;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

import { UnauthorizedError, ValidationError } from '../../shared/errors';
import { dataRecord } from '../../shared/own-keys';
import { hmacSha256Hex, secretsMatch } from '../../shared/signatures';
import type { LinkedInLeadDetails } from '../ports';
import { type LinkedInLeadGenSource, signatureSecrets } from '../source';
import { listAt, malformed, objectAt } from './platform-payload';

const WHAT = 'LinkedIn lead notification';

/** The `LinkedIn-Version` (YYYYMM) used when a source names none. */
export const DEFAULT_LINKEDIN_VERSION = '202606';

/** LinkedIn's validation answer: the challenge and its HMAC under the client secret. */
export interface LinkedInChallengeAnswer {
  challengeCode: string;
  challengeResponse: string;
}

/**
 * Answers LinkedIn's webhook validation (`GET ?challengeCode=UUID`, repeated every few hours):
 * `challengeResponse` is the hex HMAC-SHA256 of the code keyed with the app's client secret.
 */
export function linkedinChallenge(
  source: LinkedInLeadGenSource,
  query: Record<string, string>,
): LinkedInChallengeAnswer {
  const challengeCode = query.challengeCode;
  if (challengeCode === undefined || !/^[\w-]{1,200}$/.test(challengeCode)) {
    throw new ValidationError("Expected LinkedIn's validation: a challengeCode", [
      { path: 'challengeCode', message: 'required, a UUID' },
    ]);
  }
  return { challengeCode, challengeResponse: hmacSha256Hex(source.clientSecret, challengeCode) };
}

/**
 * Checks `X-LI-Signature: <hex HMAC-SHA256 of the raw body with the client secret>` (LinkedIn's
 * docs show it with and without an `hmacsha256=` prefix; both are read) in constant time.
 */
export function verifyLinkedInSignature(
  source: LinkedInLeadGenSource,
  body: Buffer,
  header: string | undefined,
  now: Date,
): void {
  const match = /^(?:hmacsha256=)?([0-9a-f]{64})$/i.exec(header?.trim() ?? '');
  if (!match)
    throw new UnauthorizedError(
      'LinkedIn notifications are signed; X-LI-Signature is missing or malformed',
      'missing_signature',
    );
  const received = match[1]!.toLowerCase();
  const valid = signatureSecrets(source, now).some((secret) => secretsMatch(received, hmacSha256Hex(secret, body)));
  if (!valid) throw new UnauthorizedError('The signature does not match the body', 'invalid_signature');
}

/** One new lead a notification announces: its response id, to fetch, and what the notification said. */
export interface LinkedInLeadRef {
  leadId: string;
  /** `linkedin_lead_id`, `linkedin_form_id`, `linkedin_lead_type`, as custom fields. */
  ids: Record<string, string>;
}

/**
 * The new leads of a Lead Sync notification (one object, or a list of them). A `DELETED`
 * action (the member withdrew) brings no lead; a `CREATED` one without a readable
 * `leadGenFormResponse` URN is refused, since its lead could not be fetched.
 */
export function readLinkedInNotification(body: unknown): LinkedInLeadRef[] {
  const notifications = Array.isArray(body) ? listAt(body, WHAT, '', 100) : [body];
  const leads: LinkedInLeadRef[] = [];
  for (const [i, item] of notifications.entries()) {
    const prefix = Array.isArray(body) ? `${i}.` : '';
    const notification = objectAt(item, WHAT, prefix || 'body');
    const action = notification.leadAction ?? 'CREATED';
    if (action !== 'CREATED') continue;
    const urn = notification.leadGenFormResponse;
    const leadId = typeof urn === 'string' ? /^urn:li:leadGenFormResponse:([\w-]{1,100})$/.exec(urn)?.[1] : undefined;
    if (!leadId) throw malformed(WHAT, `${prefix}leadGenFormResponse`, 'a urn:li:leadGenFormResponse:<id> is required');
    const ids: Record<string, string> = { linkedin_lead_id: leadId };
    const form =
      typeof notification.leadGenForm === 'string' ? /leadGenForm:(\d{1,40})/.exec(notification.leadGenForm) : null;
    if (form) ids.linkedin_form_id = form[1]!;
    if (typeof notification.leadType === 'string' && /^[A-Z_]{1,40}$/.test(notification.leadType))
      ids.linkedin_lead_type = notification.leadType;
    leads.push({ leadId, ids });
  }
  return leads;
}

/**
 * A lead form response's answers as a payload to normalise: each answer by its question's
 * predefined field (`FIRST_NAME`, `EMAIL`, `COMPANY_NAME`, ... match the usual aliases; `JOB_TITLE`
 * stays custom) or, for a custom question, by its name.
 */
export function linkedinDetailsPayload(details: LinkedInLeadDetails): Record<string, string> {
  const payload = dataRecord<string>();
  for (const { name, value } of details.answers) {
    const text = value.trim();
    if (name && text) payload[name.toLowerCase().slice(0, 64)] ??= text;
  }
  if (details.campaignId) payload.linkedin_campaign_id ??= details.campaignId;
  return payload;
}

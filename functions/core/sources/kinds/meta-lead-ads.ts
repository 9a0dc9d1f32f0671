import { ForbiddenError, UnauthorizedError, ValidationError } from '../../shared/errors';
import { dataRecord } from '../../shared/own-keys';
import { hmacSha256Hex, secretsMatch } from '../../shared/signatures';
import type { MetaLeadDetails } from '../ports';
import { type MetaLeadAdsSource, signatureSecrets } from '../source';
import { idAt, listAt, malformed, objectAt } from './platform-payload';

const WHAT = 'Meta webhook';

/** The Graph API version used when a source names none. */
export const DEFAULT_GRAPH_API_VERSION = 'v21.0';

/**
 * Answers Meta's subscription handshake (`GET ?hub.mode=subscribe&hub.verify_token=T&hub.challenge=N`):
 * the challenge to echo when the token is the source's, else a ForbiddenError.
 */
export function metaSubscriptionChallenge(source: MetaLeadAdsSource, query: Record<string, string>): string {
  const mode = query['hub.mode'];
  const token = query['hub.verify_token'];
  const challenge = query['hub.challenge'];
  if (mode !== 'subscribe' || token === undefined || challenge === undefined || challenge.length > 200) {
    throw new ValidationError("Expected Meta's handshake: hub.mode=subscribe, hub.verify_token and hub.challenge", [
      { path: 'hub.mode', message: 'must be "subscribe"' },
    ]);
  }
  if (!secretsMatch(token, source.verifyToken)) {
    throw new ForbiddenError('The verify token does not match this source', 'verify_token_mismatch');
  }
  return challenge;
}

/**
 * Checks `X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the raw body with the app secret>`,
 * in constant time, over the body exactly as received.
 */
export function verifyMetaSignature(
  source: MetaLeadAdsSource,
  body: Buffer,
  header: string | undefined,
  now: Date,
): void {
  const match = /^sha256=([0-9a-f]{64})$/i.exec(header?.trim() ?? '');
  if (!match)
    throw new UnauthorizedError(
      'Meta deliveries are signed; X-Hub-Signature-256 is missing or malformed',
      'missing_signature',
    );
  const received = match[1]!.toLowerCase();
  const valid = signatureSecrets(source, now).some((secret) => secretsMatch(received, hmacSha256Hex(secret, body)));
  if (!valid) throw new UnauthorizedError('The signature does not match the body', 'invalid_signature');
}

/** One `leadgen` change: a lead to fetch, with its ids as exact decimal strings. */
export interface MetaLeadgen {
  leadgenId: string;
  /** `leadgen_id`, `form_id`, `page_id`, `ad_id` (and `adgroup_id`), as the webhook named them. */
  ids: Record<string, string>;
}

/**
 * The `leadgen` changes of a webhook body (parsed with exact integers). Other changes are
 * skipped; a change without a `leadgen_id` is refused, since its lead could not be fetched.
 */
export function readMetaLeadgens(body: Record<string, unknown>): MetaLeadgen[] {
  if (typeof body.object !== 'string') throw malformed(WHAT, 'object', 'required');
  const leads: MetaLeadgen[] = [];
  for (const [e, entry] of listAt(body.entry, WHAT, 'entry', 100).entries()) {
    const changes = listAt(objectAt(entry, WHAT, `entry.${e}`).changes, WHAT, `entry.${e}.changes`, 100, true);
    for (const [c, item] of changes.entries()) {
      const path = `entry.${e}.changes.${c}`;
      const change = objectAt(item, WHAT, path);
      if (change.field !== 'leadgen') continue;
      const value = objectAt(change.value, WHAT, `${path}.value`);
      const ids: Record<string, string> = {};
      for (const key of ['leadgen_id', 'form_id', 'page_id', 'ad_id', 'adgroup_id'] as const) {
        const id = idAt(value[key], WHAT, `${path}.value.${key}`, 40);
        if (id !== undefined) ids[key] = id;
      }
      // Without it the lead could not be fetched: refuse, so Meta's retry shows the problem.
      if (!ids.leadgen_id || !/^\d+$/.test(ids.leadgen_id))
        throw malformed(WHAT, `${path}.value.leadgen_id`, 'a numeric id is required');
      leads.push({ leadgenId: ids.leadgen_id, ids });
    }
  }
  return leads;
}

/**
 * A Graph API lead's answers as a payload to normalise: each `field_data` entry by its name
 * (Meta's standard names, `full_name`, `phone_number`, ..., match the usual aliases),
 * several values joined with ", ".
 */
export function metaDetailsPayload(details: MetaLeadDetails): Record<string, string> {
  const payload = dataRecord<string>();
  for (const { name, values } of details.fieldData) {
    const value = values
      .map((v) => v.trim())
      .filter(Boolean)
      .join(', ');
    if (name && value) payload[name.slice(0, 64)] ??= value;
  }
  if (details.campaignId) payload.campaign_id ??= details.campaignId;
  return payload;
}

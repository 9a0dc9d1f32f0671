import { UnauthorizedError } from '../../shared/errors';
import { dataRecord, ownValue } from '../../shared/own-keys';
import { secretsMatch } from '../../shared/signatures';
import type { GoogleAdsSource } from '../source';
import { idAt, listAt, malformed, objectAt } from './platform-payload';

// Google Ads lead form column ids → the canonical lead fields. Other ids (custom questions
// such as QUESTION_1, and fields leadrouter has no place for) become custom fields.
const GOOGLE_COLUMNS: Record<string, string> = {
  FULL_NAME: 'name',
  FIRST_NAME: 'firstName',
  LAST_NAME: 'lastName',
  EMAIL: 'email',
  WORK_EMAIL: 'email',
  PHONE_NUMBER: 'phone',
  WORK_PHONE: 'phone',
  POSTAL_CODE: 'postalCode',
  CITY: 'city',
  REGION: 'region',
  COUNTRY: 'country',
  COMPANY_NAME: 'company',
  JOB_TITLE: 'jobTitle',
  STREET_ADDRESS: 'streetAddress',
};

/** Google's ids of the lead and where it came from, kept as custom fields. */
const GOOGLE_IDS = ['lead_id', 'form_id', 'campaign_id', 'adgroup_id', 'creative_id', 'gcl_id'] as const;

const WHAT = 'Google Ads lead';

/** A Google Ads lead, read: fields to normalise, Google's lead id, whether it is a test. */
export interface GoogleAdsLead {
  payload: Record<string, string>;
  externalId: string;
  test: boolean;
}

/**
 * Reads a Google Ads lead form webhook body. The `google_key` is checked first, in
 * constant time, against the source's `googleKey` (or its webhook key when it has none):
 * nothing else is read from a body that fails it.
 */
export function readGoogleAdsLead(source: GoogleAdsSource, body: Record<string, unknown>): GoogleAdsLead {
  const expected = source.googleKey ?? source.key;
  if (typeof body.google_key !== 'string' || !secretsMatch(body.google_key, expected)) {
    throw new UnauthorizedError('The google_key does not match this source', 'invalid_google_key');
  }
  const externalId = idAt(body.lead_id, WHAT, 'lead_id');
  if (!externalId) throw malformed(WHAT, 'lead_id', 'required');
  const payload = dataRecord<string>();
  for (const [i, entry] of listAt(body.user_column_data, WHAT, 'user_column_data', 200).entries()) {
    const column = objectAt(entry, WHAT, `user_column_data.${i}`);
    const id = String(column.column_id ?? '');
    const value = typeof column.string_value === 'string' ? column.string_value.trim() : '';
    if (!value || !id) continue;
    const label = typeof column.column_name === 'string' && column.column_name.length <= 64 ? column.column_name : id;
    payload[ownValue(GOOGLE_COLUMNS, id) ?? label] ??= value;
  }
  for (const key of GOOGLE_IDS) {
    const value = idAt(body[key], WHAT, key, 500);
    if (value !== undefined) payload[key] = value;
  }
  return { payload, externalId, test: body.is_test === true };
}

import { type CustomFields, LEAD_LIMITS, type LeadFields } from '../../leads/lead';
import { fieldForKey, type NormaliseOptions, normaliseLead } from '../../leads/normalise-lead';
import { ValidationError } from '../../shared/errors';
import { dataRecord, PROTOTYPE_KEY } from '../../shared/own-keys';

/**
 * Normalises a lead an ad platform sent. The platform will not send it differently, and the
 * advertiser paid for it, so nothing is refused: values are cut to the lead limits, a lead
 * without email or phone is kept, and a field that fails normalisation (an email Google
 * accepted but we do not) is kept as typed in `custom` under `<field>_as_sent`.
 */
export function normalisePlatformLead(
  payload: Record<string, string>,
  options: NormaliseOptions = {},
): { fields: LeadFields; custom: CustomFields } {
  const bounded = dataRecord<string>();
  for (const [key, value] of Object.entries(payload).slice(0, LEAD_LIMITS.customFields)) {
    const field = fieldForKey(key);
    const limit =
      field === 'message' ? LEAD_LIMITS.messageLength : field ? LEAD_LIMITS.textLength : LEAD_LIMITS.customValueLength;
    // A column the advertiser named `__proto__` is kept, under a name that can be stored.
    const name = key === PROTOTYPE_KEY ? 'proto_as_sent' : key.slice(0, LEAD_LIMITS.customKeyLength);
    bounded[name] = value.slice(0, limit);
  }
  const lenient = { ...options, requireContact: false };
  try {
    return normaliseLead(bounded, lenient);
  } catch (error) {
    if (!(error instanceof ValidationError) || !Array.isArray(error.details)) throw error;
    const fixed = Object.assign(dataRecord<string>(), bounded);
    for (const problem of error.details as { path: string }[]) {
      const field = problem.path.split('.')[0]!;
      const entry = Object.entries(fixed).find(([k]) => fieldForKey(k) === field || k === field);
      if (!entry) continue;
      delete fixed[entry[0]];
      fixed[`${entry[0].slice(0, LEAD_LIMITS.customKeyLength - 8)}_as_sent`] = entry[1];
    }
    return normaliseLead(fixed, lenient);
  }
}

import type { LeadFields } from '../leads/lead';
import type { OfferField, Pool } from '../team/pool';
import type { Rep } from '../team/rep';
import type { RepNotification } from './ports';
import { fitSms } from './sms';

/** The line a rep's first notice ends with: where they say they are away or paused. Email only: the SMS keeps one part. */
function availabilityLine(url: string | undefined): string[] {
  return url ? ['', `Away or busy? Set your availability here: ${url}`] : [];
}

/**
 * The notice a rep gets when a lead is assigned to them. The email carries the contact
 * details and the product; the SMS is cut to one part: the lead's name, company and phone
 * (to call at once) and the link, dropping the company, then shortening the name, if the
 * link leaves too little room. A rep's first notice also carries their availability link.
 */
export function assignmentNotice(
  rep: Rep,
  leadId: string,
  fields: LeadFields,
  link?: string,
  availabilityUrl?: string,
): RepNotification {
  const who = fields.name ?? fields.email ?? fields.phone ?? 'a new lead';
  const company = fields.company ? ` (${fields.company})` : '';
  // Plain ASCII in our own words: one non-GSM character turns an SMS into 70-character parts.
  const contact = [fields.phone, fields.email].filter((v) => v && v !== who).join(' | ');
  const lines = [`New lead for you: ${who}${company}`];
  if (contact) lines.push(contact);
  if (fields.product) lines.push(`Interested in: ${fields.product}`);
  if (link) lines.push(link);
  const phone = fields.phone && fields.phone !== who ? [fields.phone] : [];
  const sms = fitSms(
    [
      [`New lead: ${who}${company}`, ...phone],
      [`New lead: ${who}`, ...phone],
    ],
    link,
  );
  return {
    repId: rep.id,
    leadId,
    kind: 'assigned',
    subject: `New lead: ${who}${company}`,
    text: [...lines, ...availabilityLine(availabilityUrl)].join('\n'),
    sms,
    ...(link ? { link } : {}),
  };
}

const OFFER_LABELS: Partial<Record<keyof LeadFields, string>> = { product: 'Interested in', score: 'Score' };

/**
 * A shotgun offer: only the fields the pool lets reps see before claiming, and the claim
 * link. The SMS is cut to one part the same way as an assignment's.
 */
export function offerNotice(
  repId: string,
  leadId: string,
  fields: LeadFields,
  shows: readonly OfferField[],
  windowSeconds: number,
  link?: string,
  availabilityUrl?: string,
): RepNotification {
  const visible = (name: OfferField) => (shows.includes(name) ? fields[name] : undefined);
  const who = visible('name') ?? visible('firstName') ?? 'A new lead';
  const place = [visible('city'), visible('region'), visible('country')].filter(Boolean).join(', ');
  const company = visible('company');
  const head = `${who}${company ? ` (${company})` : ''}${place ? ` in ${place}` : ''}`;
  const extra = (['product', 'score'] as const).flatMap((f) =>
    visible(f) !== undefined ? [`${OFFER_LABELS[f]}: ${visible(f)}`] : [],
  );
  const minutes = windowSeconds >= 120 ? `${Math.round(windowSeconds / 60)} min` : `${windowSeconds} s`;
  const lines = [`Lead up for grabs: ${head}`, ...extra, `First to claim it gets it (${minutes}).`];
  const sms = fitSms(
    [lines, [`Up for grabs (${minutes}): ${head}`, ...extra], [`Up for grabs (${minutes}): ${head}`]],
    link,
  );
  if (link) lines.push(link);
  return {
    repId,
    leadId,
    kind: 'offer',
    subject: `Lead up for grabs: ${head}`,
    text: [...lines, ...availabilityLine(availabilityUrl)].join('\n'),
    sms,
    ...(link ? { link } : {}),
  };
}

/**
 * A reminder that leads wait in a pull pool's queue. It names no lead and shows none of its
 * fields (a blind queue hides them; a preview queue shows them on the page, to members
 * only): just the pool and the rep's queue link, in one SMS part.
 */
export function queueNotice(
  repId: string,
  leadId: string,
  pool: Pick<Pool, 'name' | 'method'>,
  link?: string,
): RepNotification {
  const action =
    pool.method === 'pull_blind' ? 'Take the next one when you are ready.' : 'Pick one when you are ready.';
  const lines = [`New leads are waiting in the ${pool.name} queue.`, action];
  const sms = fitSms([lines, [`Leads are waiting in ${pool.name}`]], link);
  if (link) lines.push(link);
  return {
    repId,
    leadId,
    kind: 'queue',
    subject: `Leads are waiting in ${pool.name}`,
    text: lines.join('\n'),
    sms,
    ...(link ? { link } : {}),
  };
}

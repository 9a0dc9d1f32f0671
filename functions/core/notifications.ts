import type { LeadFields } from './lead';
import type { RepNotification } from './ports';
import type { Rep } from './rep';

/** The notice a rep gets when a lead is assigned to them: short enough for one SMS. */
export function assignmentNotice(rep: Rep, leadId: string, fields: LeadFields, link?: string): RepNotification {
  const who = fields.name ?? fields.email ?? fields.phone ?? 'a new lead';
  const company = fields.company ? ` (${fields.company})` : '';
  const contact = [fields.phone, fields.email].filter((v) => v && v !== who).join(' · ');
  const lines = [`New lead for you: ${who}${company}`];
  if (contact) lines.push(contact);
  if (fields.product) lines.push(`Interested in: ${fields.product}`);
  if (link) lines.push(link);
  return {
    repId: rep.id,
    leadId,
    kind: 'assigned',
    subject: `New lead: ${who}${company}`,
    text: lines.join('\n'),
    ...(link ? { link } : {}),
  };
}

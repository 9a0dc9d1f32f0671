// A lead event as a Slack incoming-webhook message: who, what company, from where, and for a
// new owner the accept link ("New lead for Ana: Grace Hopper, Navy, from Website — accept: <link>").
import type { LeadEvent, LeadEventType } from '../events/lead-events';
import type { Lead } from '../leads/lead';

/** What a Slack message names besides the event: the owner, the source, the accept link. */
export interface SlackMessageParts {
  repName?: string;
  sourceName?: string;
  acceptLink?: string;
}

const HEADLINES: Record<LeadEventType, (rep: string) => string> = {
  'lead.received': () => 'New lead received',
  'lead.routed': () => 'Lead routed',
  'lead.offered': () => 'Lead offered',
  'lead.assigned': (rep) => `New lead for ${rep}`,
  'lead.accepted': (rep) => `${rep} accepted a lead`,
  'lead.passed': (rep) => `${rep} passed a lead`,
  'lead.sla_missed': (rep) => `SLA missed; lead moved to ${rep}`,
  'lead.reassigned': (rep) => `Lead reassigned to ${rep}`,
  'lead.released': () => 'Lead released',
  'lead.held': () => 'Lead held for an admin',
  'lead.closed': () => 'Lead closed',
  'lead.outcome': () => 'Lead outcome',
  'lead.failed': () => 'Lead failed to route',
};

/** Slack's `mrkdwn` treats these as control characters; lead fields are the sender's text. */
function escapeSlack(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** The Slack message body (`{"text": …}`) for an event. */
export function slackMessage(event: LeadEvent, lead: Pick<Lead, 'fields'> | undefined, parts: SlackMessageParts) {
  const fields = lead?.fields ?? {};
  const name = fields.name ?? ([fields.firstName, fields.lastName].filter(Boolean).join(' ') || event.data.leadId);
  const who = [name, fields.company].filter(Boolean).map((t) => escapeSlack(String(t)));
  const from = parts.sourceName ? `, from ${escapeSlack(parts.sourceName)}` : '';
  const rep = escapeSlack(parts.repName ?? event.data.repId ?? 'nobody');
  const stage = event.data.decision?.stage ? ` (${event.data.decision.stage})` : '';
  const link = parts.acceptLink ? ` — accept: <${parts.acceptLink}>` : '';
  return { text: `${HEADLINES[event.type](rep)}${stage}: ${who.join(', ')}${from}${link}` };
}

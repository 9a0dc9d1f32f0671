// The rep's "Contacted" and "Couldn't reach" buttons on the page of a lead they own: the same
// outcome a CRM records, with the rep as the actor, so speed to first contact is measured.
import * as z from 'zod/mini';
import type { LeadOutcomes } from '../leads/lead-outcome';
import { recordOutcome } from '../leads/lead-outcome';
import { type LinkView, type RepLinkDeps, resolve, view } from './rep-links';

/** What the buttons send: `stage=contacted` or `stage=unreachable`. */
export const RepOutcomeSchema = z.object({ stage: z.enum(['contacted', 'unreachable']) });
export type RepOutcome = z.output<typeof RepOutcomeSchema>;

/** Records the rep's outcome on a lead they own (accepted, or assigned to them); the page's view after. */
export async function recordRepOutcome(
  deps: RepLinkDeps & { outcomes: LeadOutcomes },
  token: string,
  { stage }: RepOutcome,
): Promise<LinkView> {
  const resolved = await resolve(deps, token);
  if (!('claims' in resolved)) return resolved;
  const { lead, claims } = resolved;
  const owned = lead.repId === claims.repId && ['assigned', 'accepted', 'closed'].includes(lead.status);
  if (!owned) return view(deps, resolved, 'passed_on');
  const after = await recordOutcome(deps, lead.id, { stage }, 'rep');
  return view(deps, { ...resolved, lead: after }, 'noted');
}

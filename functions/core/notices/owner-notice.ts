import type { Timers } from '../assignment/ports';
import type { LeadFields } from '../leads/lead';
import { DEFAULT_LINK_TTL_SECONDS } from '../links/link-tokens';
import type { AvailabilityLinkIssuer, LinkIssuer } from '../links/ports';
import type { Pool } from '../team/pool';
import type { Rep } from '../team/rep';
import { assignmentNotice } from './notice-texts';
import type { Notifier } from './ports';

export interface OwnerNoticeDeps {
  notifier: Notifier;
  /** Signs the accept link; without it the notice carries none. */
  links?: LinkIssuer;
  /** Sets the accept deadline; without it the SLA is not enforced. */
  timers?: Timers;
  /** Signs the availability link a rep's first notice carries. */
  availabilityLinks?: AvailabilityLinkIssuer;
}

/**
 * What a lead's new owner gets, however the lead reached them (the assigner, an admin, a
 * take from a queue): the accept deadline when the pool has an SLA, then a notice with an
 * accept link. Without the rep's record there is nobody to notify; the deadline still holds.
 */
export async function notifyNewOwner(
  deps: OwnerNoticeDeps,
  args: {
    leadId: string;
    fields: LeadFields;
    repId: string;
    rep: Rep | undefined;
    sla: Pool['sla'];
    reassignments: number;
    now: Date;
    /** The `assignedAt` the assignment wrote: the deadline is for that assignment only. */
    assignedAt: string;
    /** The rep never had a lead before: the notice carries their availability link. */
    firstNotice?: boolean;
  },
): Promise<void> {
  const { leadId, repId, now } = args;
  if (args.sla && deps.timers) {
    await deps.timers.schedule({
      type: 'accept_deadline',
      leadId,
      repId,
      reassignments: args.reassignments,
      assignedAt: args.assignedAt,
      dueAt: new Date(now.getTime() + args.sla.acceptWithinSeconds * 1000).toISOString(),
    });
  }
  if (!args.rep) return;
  const link = deps.links?.({
    purpose: 'accept',
    leadId,
    repId,
    expiresAt: Math.floor(now.getTime() / 1000) + DEFAULT_LINK_TTL_SECONDS,
  });
  const availability = args.firstNotice ? deps.availabilityLinks?.(repId, now) : undefined;
  await deps.notifier.notify(assignmentNotice(args.rep, leadId, args.fields, link, availability));
}

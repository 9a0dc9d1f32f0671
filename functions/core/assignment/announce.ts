import type { LeadMessage, LeadOffer } from '../leads/lead';
import type { AvailabilityLinkIssuer, LinkIssuer } from '../links/ports';
import { offerNotice } from '../notices/notice-texts';
import { notifyNewOwner } from '../notices/owner-notice';
import type { Notifier } from '../notices/ports';
import type { QueueReminders } from '../pull-queues/queue-reminders';
import type { Metrics } from '../shared/ports';
import { DEFAULT_OFFER_FIELDS, offerWindowSeconds, type Pool } from '../team/pool';
import type { PendingLead } from './pending-lead';
import type { LeadSettlement, PoolSnapshot, SettledLead, Timers } from './ports';

export interface AnnouncerDeps {
  notifier: Notifier;
  metrics: Metrics;
  /** Signs claim and accept links for notices; without it notices carry no link. */
  links?: LinkIssuer;
  /** Signs the availability link a rep's first notice carries. */
  availabilityLinks?: AvailabilityLinkIssuer;
  /** Schedules offer windows and accept deadlines; without it neither is enforced. */
  timers?: Timers;
  /** Tells pull pools' reps that leads wait in their queue; without it nobody is told. */
  reminders?: QueueReminders;
}

/**
 * What follows a commit: reps are told (an offer to each shotgun candidate, a notice to a new
 * owner, a reminder to a pull pool's reps), timers are set, and whoever awaits the lead's
 * outcome is answered. A failed notice fails the lead's message, so the queue delivers it
 * again and the redelivery, finding the lead settled, announces it again.
 */
export function createAnnouncer(deps: AnnouncerDeps) {
  /** The owner's notice (with an accept link), and the accept deadline when the pool has an SLA. */
  async function notifyOwner(
    message: LeadMessage,
    repId: string,
    reassignments: number,
    snapshot: PoolSnapshot | undefined,
    now: Date,
    assignedAt: string,
  ) {
    await notifyNewOwner(deps, {
      leadId: message.leadId,
      fields: message.fields,
      repId,
      rep: snapshot?.reps.get(repId),
      sla: snapshot?.pool.sla,
      reassignments,
      now,
      assignedAt,
      // A rep with no load record yet never had a lead: this is their first notice.
      firstNotice: snapshot !== undefined && !snapshot.loads.has(repId),
    });
  }

  /** One offer per candidate, each with its own claim link, and the offer's window timer. */
  async function sendOffers(message: LeadMessage, offer: LeadOffer, snapshot: PoolSnapshot | undefined, now: Date) {
    await deps.timers?.schedule({
      type: 'offer_expired',
      leadId: message.leadId,
      round: offer.round,
      dueAt: offer.expiresAt,
    });
    const pool: Pick<Pool, 'shotgun'> = snapshot?.pool ?? {};
    const expiresAt = Math.floor(Date.parse(offer.expiresAt) / 1000);
    const secondsLeft = Math.max(0, Math.round((Date.parse(offer.expiresAt) - now.getTime()) / 1000));
    await deps.notifier.notifyMany(
      offer.repIds.map((repId) =>
        offerNotice(
          repId,
          message.leadId,
          message.fields,
          pool.shotgun?.shows ?? DEFAULT_OFFER_FIELDS,
          secondsLeft || offerWindowSeconds(pool),
          deps.links?.({ purpose: 'claim', leadId: message.leadId, repId, round: offer.round, expiresAt }),
          snapshot && !snapshot.loads.has(repId) ? deps.availabilityLinks?.(repId, now) : undefined,
        ),
      ),
    );
  }

  return {
    /**
     * Leads of the batch that entered the pool's queue: one reminder check per eligible rep
     * for the whole batch, not one per lead. Best effort: the leads wait in the queue, visible
     * to every member, whether or not a reminder goes out, so a failure fails no lead.
     */
    async remindQueued(settlements: readonly LeadSettlement[], snapshot: PoolSnapshot | undefined, now: Date) {
      const queued = settlements.filter((s) => s.status === 'queued');
      if (queued.length === 0 || !snapshot || !deps.reminders) return;
      const repIds = new Set(queued.flatMap((s) => s.decisions[s.decisions.length - 1]!.candidates));
      try {
        await deps.reminders.remind({ pool: snapshot.pool, repIds: [...repIds], leadId: queued[0]!.leadId, now });
      } catch {
        deps.metrics.count('QueueReminderFailures');
      }
    },

    /** After a commit: tell the reps, set the timers, answer the caller. */
    async announce(lead: PendingLead, s: LeadSettlement, snapshot: PoolSnapshot | undefined, now: Date) {
      const last = s.decisions[s.decisions.length - 1]!;
      try {
        switch (s.status) {
          case 'queued':
            deps.metrics.count('LeadsQueued');
            return lead.resolve({ leadId: s.leadId, status: 'queued', poolId: s.poolId! });
          case 'unassigned':
          case 'held':
            deps.metrics.count(
              s.status === 'held'
                ? 'LeadsHeldForAdmin'
                : last.reason === 'manual'
                  ? 'LeadsAwaitingManualAssignment'
                  : 'LeadsHeld',
            );
            return lead.resolve({
              leadId: s.leadId,
              status: s.status,
              reason: last.reason ?? 'unknown',
              ...(s.poolId ? { poolId: s.poolId } : {}),
            });
          case 'offered':
            await sendOffers(lead.message, s.offer!, snapshot, now);
            deps.metrics.count('LeadsOffered');
            return lead.resolve({
              leadId: s.leadId,
              status: 'offered',
              repIds: s.offer!.repIds,
              poolId: s.poolId!,
              round: s.offer!.round,
            });
          case 'assigned':
            await notifyOwner(lead.message, s.repId!, s.slaReassignments ?? 0, snapshot, now, now.toISOString());
            deps.metrics.count('LeadsAssigned');
            return lead.resolve({
              leadId: s.leadId,
              status: 'assigned',
              repId: s.repId!,
              poolId: s.poolId!,
              seq: last.seq!,
            });
        }
      } catch (error) {
        deps.metrics.count('NotificationFailures');
        lead.reject(error);
      }
    },

    /**
     * A lead the commit found already settled: a redelivery. Its notices may not have gone
     * out the first time, so a redelivered message sends them again; the outcome is `duplicate`.
     */
    async announceDuplicate(lead: PendingLead, current: SettledLead, snapshot: PoolSnapshot | undefined, now: Date) {
      try {
        if (lead.options.redelivered && current.poolId) {
          if (current.status === 'assigned' && current.repId) {
            const assignedAt = current.assignedAt ?? now.toISOString();
            await notifyOwner(lead.message, current.repId, current.slaReassignments ?? 0, snapshot, now, assignedAt);
          } else if (current.status === 'offered' && current.offer) {
            await sendOffers(lead.message, current.offer, snapshot, now);
          }
        }
        lead.resolve({ leadId: lead.message.leadId, status: 'duplicate' });
      } catch (error) {
        lead.reject(error);
      }
    },
  };
}

export type Announcer = ReturnType<typeof createAnnouncer>;

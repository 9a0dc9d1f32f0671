// What came of a lead after assignment, reported by a CRM (an admin API key) or by the rep's
// own buttons: recorded as an `outcome` decision, once per lead and stage, so it becomes a
// `lead.outcome` event and speed to first contact is measured from the lead's own record.
import * as z from 'zod/mini';
import { NotFoundError } from '../shared/errors';
import type { Clock } from '../shared/ports';
import { timestamp } from '../shared/timestamp';
import { type Decision, type Lead, OUTCOME_STAGES, type OutcomeStage } from './lead';
import type { LeadStore } from './ports';

/** `POST /admin/leads/{id}/outcome` body. */
export const OutcomeSchema = z.strictObject({
  stage: z.enum(OUTCOME_STAGES),
  /** When it happened (now when absent). */
  at: z.optional(timestamp),
  /** The deal's value, in the CRM's currency. */
  value: z.optional(z.number().check(z.gte(0), z.lte(1e12))),
  note: z.optional(z.string().check(z.maxLength(1_000))),
});
export type OutcomeInput = z.output<typeof OutcomeSchema>;

/** Appends an outcome decision unless the lead already has one of that stage; false then. */
export interface LeadOutcomes {
  record(lead: Pick<Lead, 'id'>, stage: OutcomeStage, decision: Decision, now: string): Promise<boolean>;
}

export interface OutcomeDeps {
  leads: Pick<LeadStore, 'get'>;
  outcomes: LeadOutcomes;
  clock: Clock;
}

/** Records an outcome of a lead (idempotent per stage: a repeat changes nothing) and answers the lead. */
export async function recordOutcome(
  deps: OutcomeDeps,
  leadId: string,
  input: OutcomeInput,
  actor: 'admin' | 'rep',
): Promise<Lead> {
  const lead = await deps.leads.get(leadId);
  if (!lead) throw new NotFoundError('lead', leadId);
  if (lead.decisions.some((d) => d.outcome === 'outcome' && d.stage === input.stage)) return lead;
  const now = deps.clock.now().toISOString();
  const decision: Decision = {
    at: input.at ?? now,
    outcome: 'outcome',
    actor,
    candidates: [],
    skipped: [],
    stage: input.stage,
    ...(lead.poolId ? { poolId: lead.poolId } : {}),
    ...(lead.repId ? { repId: lead.repId } : {}),
    ...(input.value !== undefined ? { value: input.value } : {}),
    ...(input.note ? { note: input.note } : {}),
  };
  await deps.outcomes.record(lead, input.stage, decision, now);
  return (await deps.leads.get(leadId)) ?? lead;
}

import * as z from 'zod/mini';
import { chooseRep } from './choose-rep';
import { NotFoundError, ValidationError } from './errors';
import { normaliseLead, type CustomFields, type Decision, type LeadFields } from './lead';
import { fallbackPoolId } from './pool';
import type { AssignmentStore, Clock, SourceDirectory } from './ports';
import { MAX_FALLBACK_DEPTH } from './assign-leads';
import { entityId, parseInput } from './validation';

export const ExplainSchema = z.strictObject({
  /** Route as a lead of this source would be routed ... */
  sourceId: z.optional(entityId),
  /** ... or start in this pool. */
  poolId: z.optional(entityId),
  /** The lead, as a webhook would receive it. */
  lead: z.record(z.string(), z.unknown()),
});

export interface Explanation {
  lead: { fields: LeadFields; custom: CustomFields };
  route: { sourceId?: string; poolId: string; via: 'source' | 'request' };
  /** Every step the assigner would take: fallbacks, then the final decision. */
  steps: Decision[];
  outcome: { status: 'assigned' | 'unassigned' | 'queued'; poolId?: string; repId?: string; reason?: string };
}

/**
 * `POST /admin/explain`: where would this lead go now, and why? Runs the same decisions as
 * the assigner on fresh reads, and writes nothing: no lead, no rotation move, no counter.
 */
export async function explainRouting(
  deps: { sources: SourceDirectory; store: Pick<AssignmentStore, 'loadPool'>; clock: Clock; random?: () => number },
  body: unknown,
): Promise<Explanation> {
  const input = parseInput(ExplainSchema, body);
  const source = input.sourceId ? await deps.sources.get(input.sourceId) : undefined;
  if (input.sourceId && !source) throw new NotFoundError('source', input.sourceId);
  const start = input.poolId ?? source?.poolId;
  if (!start) {
    throw new ValidationError('Say where to start: a sourceId or a poolId', [
      { path: 'sourceId', code: 'required', message: 'a sourceId or a poolId is required' },
    ]);
  }
  const lead = normaliseLead(input.lead, source?.defaultCountry ? { defaultCountry: source.defaultCountry } : {});
  const now = deps.clock.now();
  const steps: Decision[] = [];
  const visited = new Set<string>();
  let poolId: string | undefined = start;
  while (poolId) {
    const snapshot = await deps.store.loadPool(poolId);
    if (!snapshot) {
      steps.push({ at: now.toISOString(), outcome: 'unassigned', poolId, candidates: [], skipped: [], reason: 'pool_not_found' });
      break;
    }
    visited.add(poolId);
    const { decision } = chooseRep(snapshot, snapshot.rotation, now, { random: deps.random ?? Math.random });
    const next = decision.reason === 'no_eligible_rep' ? fallbackPoolId(snapshot.pool) : undefined;
    if (next && !visited.has(next) && steps.length < MAX_FALLBACK_DEPTH) {
      steps.push({ ...decision, outcome: 'fallback', fallbackTo: next });
      poolId = next;
      continue;
    }
    steps.push(decision);
    poolId = undefined;
  }
  const last = steps[steps.length - 1]!;
  return {
    lead,
    route: { ...(source ? { sourceId: source.id } : {}), poolId: start, via: input.poolId ? 'request' : 'source' },
    steps,
    outcome: {
      status: last.outcome === 'assigned' || last.outcome === 'queued' ? last.outcome : 'unassigned',
      ...(last.poolId ? { poolId: last.poolId } : {}),
      ...(last.repId ? { repId: last.repId } : {}),
      ...(last.reason ? { reason: last.reason } : {}),
    },
  };
}

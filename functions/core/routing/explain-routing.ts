import * as z from 'zod/mini';
import { MAX_FALLBACK_DEPTH, tableNote } from '../assignment/plan-batch';
import type { AssignmentStore, PoolSnapshot } from '../assignment/ports';
import type { Decision } from '../leads/lead';
import { DecisionSchema, DecisionTableSchema, LeadFieldsSchema } from '../leads/lead-schemas';
import { normaliseLead } from '../leads/normalise-lead';
import type { StickyOwners } from '../leads/ports';
import { chooseRep } from '../methods/choose-rep';
import { NotFoundError, ValidationError } from '../shared/errors';
import type { Clock } from '../shared/ports';
import { entityId } from '../shared/validation';
import type { SourceDirectory } from '../sources/ports';
import type { TableReader } from '../tables/ports';
import { fallbackPoolId } from '../team/pool';
import type { RuleSetReader } from './ports';
import { prefetchRuleLookups } from './prefetch-lookups';
import { ROUTE_VIAS, RuleTraceSchema, routeLead } from './route-lead';

/** The pool's snapshot with a named account's owner (who may be in no pool) read in. */
async function withOwner(
  store: Pick<AssignmentStore, 'loadReps'>,
  snapshot: PoolSnapshot | undefined,
  owner: string | undefined,
): Promise<PoolSnapshot | undefined> {
  if (!snapshot || !owner || snapshot.reps.has(owner)) return snapshot;
  const { reps, loads } = await store.loadReps([owner]);
  return { ...snapshot, reps: new Map([...snapshot.reps, ...reps]), loads: new Map([...snapshot.loads, ...loads]) };
}

export const ExplainSchema = z.strictObject({
  /** Route as a lead of this source would be routed ... */
  sourceId: z.optional(entityId),
  /** ... or start in this pool. */
  poolId: z.optional(entityId),
  /** The lead, as a webhook would receive it. */
  lead: z.record(z.string(), z.unknown()),
});
export type ExplainRequest = z.output<typeof ExplainSchema>;

/** The answer of explain: where the lead would go, and why. */
export const ExplanationSchema = z.strictObject({
  /** The lead as normalised. */
  lead: z.strictObject({ fields: LeadFieldsSchema, custom: z.record(z.string(), z.string()) }),
  /**
   * How the pool was chosen: the request named it, the source pins it, a rule matched (with
   * the trace of every rule tried, and which condition failed), or the default pool.
   */
  route: z.strictObject({
    sourceId: z.optional(z.string()),
    poolId: z.optional(z.string()),
    via: z.enum(['request', ...ROUTE_VIAS]),
    rule: z.optional(z.string()),
    reason: z.optional(z.string()),
    /** The lookup table row that chose the pool (table, version, key, row). */
    table: z.optional(DecisionTableSchema),
    /** The named account's owner, tried first. */
    owner: z.optional(z.string()),
    trace: z.array(RuleTraceSchema),
  }),
  /** Every step the assigner would take: fallbacks, then the final decision. */
  steps: z.array(DecisionSchema),
  outcome: z.strictObject({
    status: z.enum(['assigned', 'unassigned', 'queued']),
    poolId: z.optional(z.string()),
    repId: z.optional(z.string()),
    reason: z.optional(z.string()),
  }),
});
export type Explanation = z.output<typeof ExplanationSchema>;

/**
 * `POST /admin/explain`: where would this lead go now, and why? Runs the same decisions as
 * the assigner on fresh reads, and writes nothing: no lead, no rotation move, no counter.
 */
export async function explainRouting(
  deps: {
    sources: SourceDirectory;
    store: Pick<AssignmentStore, 'loadPool' | 'loadReps'>;
    clock: Clock;
    random?: () => number;
    rules?: RuleSetReader;
    sticky?: StickyOwners;
    /** Lookup tables, read fresh. */
    tables?: TableReader;
  },
  input: ExplainRequest,
): Promise<Explanation> {
  if (!input.sourceId && !input.poolId) {
    throw new ValidationError('Say where to start: a sourceId or a poolId', [
      { path: 'sourceId', code: 'required', message: 'a sourceId or a poolId is required' },
    ]);
  }
  const source = input.sourceId ? await deps.sources.get(input.sourceId) : undefined;
  if (input.sourceId && !source) throw new NotFoundError('source', input.sourceId);
  const defaultCountry = source && 'defaultCountry' in source ? source.defaultCountry : undefined;
  const lead = normaliseLead(input.lead, defaultCountry ? { defaultCountry } : {});
  const now = deps.clock.now();
  const routable = { sourceId: source?.id ?? '', fields: lead.fields, custom: lead.custom };
  const ruleSet = input.poolId ? undefined : await deps.rules?.current();
  const lookups =
    deps.tables && !input.poolId ? await prefetchRuleLookups(deps.tables, ruleSet, routable, source) : undefined;
  const routed = input.poolId
    ? undefined
    : routeLead(routable, { source, ruleSet, now, ...(lookups ? { lookups } : {}) });
  const route: Explanation['route'] = {
    ...(source ? { sourceId: source.id } : {}),
    ...(input.poolId ? { poolId: input.poolId, via: 'request' as const } : { via: routed!.via ?? 'source' }),
    ...(routed?.poolId ? { poolId: routed.poolId } : {}),
    ...(routed?.rule ? { rule: routed.rule } : {}),
    ...(routed?.reason ? { reason: routed.reason } : {}),
    ...(routed?.table ? { table: tableNote(routed.table) } : {}),
    ...(routed?.owner ? { owner: routed.owner } : {}),
    trace: routed?.trace ?? [],
  };
  if (!route.poolId) {
    return { lead, route, steps: [], outcome: { status: 'unassigned', reason: route.reason ?? 'no_matching_rule' } };
  }
  const start: string = route.poolId;
  const steps: Decision[] = [];
  const visited = new Set<string>();
  let poolId: string | undefined = start;
  while (poolId) {
    const owner = poolId === start ? routed?.owner : undefined;
    const snapshot = await withOwner(deps.store, await deps.store.loadPool(poolId), owner);
    if (!snapshot) {
      steps.push({
        at: now.toISOString(),
        outcome: 'unassigned',
        poolId,
        candidates: [],
        skipped: [],
        reason: 'pool_not_found',
      });
      break;
    }
    visited.add(poolId);
    // Sticky owner, as the assigner looks it up: the rule's window, else the starting pool's.
    const stickyDays = poolId === start ? (routed?.stickyDays ?? snapshot.pool.stickyDays) : undefined;
    const prefer =
      stickyDays && deps.sticky && (lead.fields.email || lead.fields.phone)
        ? await deps.sticky.findRecentOwner(
            lead.fields,
            new Date(now.getTime() - stickyDays * 86_400_000).toISOString(),
            '',
          )
        : undefined;
    const { decision } = chooseRep(
      snapshot,
      snapshot.rotation,
      now,
      { random: deps.random ?? Math.random },
      { ...(prefer ? { prefer } : {}), ...(owner ? { owner } : {}) },
    );
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
    route,
    steps,
    outcome: {
      status: last.outcome === 'assigned' || last.outcome === 'queued' ? last.outcome : 'unassigned',
      ...(last.poolId ? { poolId: last.poolId } : {}),
      ...(last.repId ? { repId: last.repId } : {}),
      ...(last.reason ? { reason: last.reason } : {}),
    },
  };
}

import * as z from 'zod/mini';
import { UNROUTABLE } from '../assignment/pending-lead';
import { PerformanceWeightCache } from '../assignment/performance-cache';
import { type PlannedLead, planBatch, tableNote } from '../assignment/plan-batch';
import type { AssignmentStore, PoolSnapshot } from '../assignment/ports';
import { DecisionSchema, DecisionTableSchema, LeadFieldsSchema } from '../leads/lead-schemas';
import { normaliseLead } from '../leads/normalise-lead';
import type { StickyOwners } from '../leads/ports';
import { NotFoundError, ValidationError } from '../shared/errors';
import { type Clock, noMetrics } from '../shared/ports';
import { entityId } from '../shared/validation';
import type { SourceDirectory } from '../sources/ports';
import { statsPerformanceRates } from '../stats/performance-rates';
import type { StatsStore } from '../stats/ports';
import type { TableReader } from '../tables/ports';
import type { RuleSetReader } from './ports';
import { prefetchRuleLookups } from './prefetch-lookups';
import { ROUTE_VIAS, type RouteResult, routeLead } from './route-lead';
import { RuleTraceSchema } from './route-schemas';

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
    via: z.optional(z.enum(['request', ...ROUTE_VIAS])),
    rule: z.optional(z.string()),
    reason: z.optional(z.string()),
    /** The lookup table row that chose the pool (table, version, key, row). */
    table: z.optional(DecisionTableSchema),
    /** The named account's owner, tried first. */
    owner: z.optional(z.string()),
    trace: z.array(RuleTraceSchema),
  }),
  /** The decisions the assigner would store, exactly: fallbacks, then the final one (with `via` and `rule`). */
  steps: z.array(DecisionSchema),
  outcome: z.strictObject({
    status: z.enum(['assigned', 'unassigned', 'held', 'offered', 'queued']),
    poolId: z.optional(z.string()),
    repId: z.optional(z.string()),
    /** Offered: the reps who would get the offer. */
    repIds: z.optional(z.array(z.string())),
    reason: z.optional(z.string()),
  }),
});
export type Explanation = z.output<typeof ExplanationSchema>;

/**
 * `POST /admin/explain`: where would this lead go now, and why? Runs the assigner's own
 * planning step (`planBatch`) on fresh reads, pool after pool as fallbacks lead, so its
 * steps are the decisions the assigner would store; writes nothing: no lead, no rotation
 * move, no counter.
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
    /** The stats aggregates: performance pools' weights, computed fresh. */
    stats?: Pick<StatsStore, 'rowsOf'>;
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
  const routed: RouteResult = input.poolId
    ? { poolId: input.poolId, trace: [] }
    : routeLead(routable, { source, ruleSet, now, ...(lookups ? { lookups } : {}) });
  const route: Explanation['route'] = {
    ...(source ? { sourceId: source.id } : {}),
    ...(routed.poolId ? { poolId: routed.poolId } : {}),
    ...(input.poolId ? { via: 'request' as const } : routed.via ? { via: routed.via } : {}),
    ...(routed.rule ? { rule: routed.rule } : {}),
    ...(routed.reason ? { reason: routed.reason } : {}),
    ...(routed.table ? { table: tableNote(routed.table) } : {}),
    ...(routed.owner ? { owner: routed.owner } : {}),
    trace: routed.trace,
  };
  const start = routed.poolId ?? UNROUTABLE;
  const snapshots = new Map<string, PoolSnapshot | undefined>();
  const weights = deps.stats && new PerformanceWeightCache(statsPerformanceRates(deps.stats), deps.clock, noMetrics);
  const snapshotOf = async (poolId: string) => {
    if (poolId === UNROUTABLE) return undefined;
    if (!snapshots.has(poolId)) {
      const owner = poolId === start ? routed.owner : undefined;
      const snapshot = await withOwner(deps.store, await deps.store.loadPool(poolId), owner);
      // A performance pool's weights as the assigner would compute them now.
      const performance = snapshot?.pool.method === 'performance' ? await weights?.weightsOf(snapshot.pool) : undefined;
      snapshots.set(poolId, snapshot && performance ? { ...snapshot, performance } : snapshot);
    }
    return snapshots.get(poolId);
  };
  // Sticky owner, as the assigner looks it up: the rule's window, else the starting pool's.
  const stickyDays = routed.stickyDays ?? (await snapshotOf(start))?.pool.stickyDays;
  const prefer =
    !input.poolId && stickyDays && deps.sticky && (lead.fields.email || lead.fields.phone)
      ? await deps.sticky.findRecentOwner(
          lead.fields,
          new Date(now.getTime() - stickyDays * 86_400_000).toISOString(),
          '',
        )
      : undefined;
  let planned: PlannedLead = {
    message: { leadId: 'explain', sourceId: source?.id ?? '', createdAt: now.toISOString(), ...lead },
    options:
      prefer || routed.owner
        ? { constraints: { ...(prefer ? { prefer } : {}), ...(routed.owner ? { owner: routed.owner } : {}) } }
        : {},
    route: routed,
    origin: start,
    via: [],
  };
  for (let poolId = start; ; ) {
    const plan = planBatch({
      poolId,
      snapshot: await snapshotOf(poolId),
      fresh: true,
      leads: [planned],
      now,
      random: deps.random ?? Math.random,
    });
    const forward = plan.forwards[0];
    if (forward) {
      planned = { ...planned, via: [...planned.via, forward.step] };
      poolId = forward.poolId;
      continue;
    }
    const settled = plan.settlements[0]!.settlement;
    const last = settled.decisions[settled.decisions.length - 1]!;
    return {
      lead,
      route,
      steps: settled.decisions,
      outcome: {
        status: settled.status,
        ...(settled.poolId ? { poolId: settled.poolId } : {}),
        ...(settled.repId ? { repId: settled.repId } : {}),
        ...(settled.offer ? { repIds: settled.offer.repIds } : {}),
        ...(last.reason ? { reason: last.reason } : {}),
      },
    };
  }
}

import type { LeadMessage } from '../leads/lead';
import type { StickyOwners } from '../leads/ports';
import type { AvailabilityLinkIssuer, LinkIssuer } from '../links/ports';
import type { Notifier } from '../notices/ports';
import type { QueueReminders } from '../pull-queues/queue-reminders';
import type { RuleSetReader } from '../routing/ports';
import { prefetchRuleLookups } from '../routing/prefetch-lookups';
import { type RouteResult, routeLead } from '../routing/route-lead';
import type { Clock, Metrics, Random } from '../shared/ports';
import type { SourceDirectory } from '../sources/ports';
import type { PerformanceRates } from '../stats/ports';
import type { TableReader } from '../tables/ports';
import { createAnnouncer } from './announce';
import { PoolBatches } from './batching';
import { createBatchCommitter } from './commit-batch';
import { type AssignOptions, type AssignOutcome, UNROUTABLE } from './pending-lead';
import { PerformanceWeightCache } from './performance-cache';
import type { AssignmentStore, Timers } from './ports';
import { SnapshotCache, type SnapshotLifetimes } from './snapshot-cache';

/** What an assigner trusts of a pool, and for how long, unless told otherwise. */
export const DEFAULT_SNAPSHOT_LIFETIMES: SnapshotLifetimes = { maxAgeMs: 300_000, loadsMaxAgeMs: 30_000 };

export interface AssignerDeps {
  sources: SourceDirectory;
  store: AssignmentStore;
  notifier: Notifier;
  clock: Clock;
  metrics: Metrics;
  /** The random method's dice, and backoff jitter. */
  random?: Random;
  /** Signs claim and accept links for notices; without it notices carry no link. */
  links?: LinkIssuer;
  /** Signs the availability link a rep's first notice carries. */
  availabilityLinks?: AvailabilityLinkIssuer;
  /** Schedules offer windows and accept deadlines; without it neither is enforced. */
  timers?: Timers;
  /** The routing rules (cached); without them, only pinned sources route. */
  rules?: RuleSetReader;
  /** Finds a recent lead's owner, for pools and rules with `stickyDays`. */
  sticky?: StickyOwners;
  /** Tells pull pools' reps that leads wait in their queue; without it nobody is told. */
  reminders?: QueueReminders;
  /** Lookup tables for territory and named-account rules (cached by version); without them those rules never match. */
  tables?: TableReader;
  /** Outcome rates for `performance` pools (the stats aggregates); without them every rep counts at the pool's mean. */
  performance?: PerformanceRates;
}

export interface AssignerOptions {
  /** Leads of one pool committed together in one transaction. */
  maxBatch?: number;
  /** Attempts per batch before its leads go back to the queue. */
  maxAttempts?: number;
  /** Full-jitter backoff between conflicting attempts, in ms. */
  backoffBaseMs?: number;
  backoffCapMs?: number;
  /** How long a cached pool snapshot, and its reps' loads where caps apply, are trusted before they are read again. */
  snapshotLifetimes?: SnapshotLifetimes;
  sleep?: (ms: number) => Promise<void>;
}

/** A lead router for one process: call `assign` once per queued lead. */
export interface LeadAssigner {
  assign(message: LeadMessage, options?: AssignOptions): Promise<AssignOutcome>;
}

/**
 * Creates the assigner. Each lead is routed (pinned pool, rules, default, sticky owner),
 * then waits in its pool's next batch (`batching.ts`); a batch is decided in arrival order on
 * one cached snapshot (`plan-batch.ts`, pure) and committed in one transaction with bounded
 * retries (`commit-batch.ts`); after the commit reps are told and timers set (`announce.ts`).
 */
export function createLeadAssigner(deps: AssignerDeps, options: AssignerOptions = {}): LeadAssigner {
  const random = deps.random ?? Math.random;
  const weights = deps.performance && new PerformanceWeightCache(deps.performance, deps.clock, deps.metrics);
  const snapshots = new SnapshotCache(
    deps.store,
    deps.clock,
    options.snapshotLifetimes ?? DEFAULT_SNAPSHOT_LIFETIMES,
    weights,
  );
  const commitBatch = createBatchCommitter(
    {
      store: deps.store,
      snapshots,
      announcer: createAnnouncer(deps),
      metrics: deps.metrics,
      random,
      clock: deps.clock,
      enqueue: (poolId, lead) => batches.enqueue(poolId, lead),
    },
    {
      maxAttempts: options.maxAttempts ?? 25,
      backoffBaseMs: options.backoffBaseMs ?? 5,
      backoffCapMs: options.backoffCapMs ?? 200,
      sleep: options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms))),
    },
  );
  const batches = new PoolBatches(options.maxBatch ?? 10, commitBatch);
  let tickets = 0;

  /** The owner of a recent lead with the same contact, when the rule or the pool asks for it. */
  async function stickyOwner(message: LeadMessage, route: RouteResult, poolId: string) {
    if (!deps.sticky || poolId === UNROUTABLE || (!message.fields.email && !message.fields.phone)) return undefined;
    const days = route.stickyDays ?? (await snapshots.get(poolId, false))?.pool.stickyDays;
    if (!days) return undefined;
    const since = new Date(deps.clock.now().getTime() - days * 86_400_000).toISOString();
    return deps.sticky.findRecentOwner(message.fields, since, message.leadId);
  }

  /**
   * Where a lead goes: its pinned pool, the first matching rule, or the default pool (a
   * test lead or a lost source goes nowhere); with the sticky owner when one applies. A
   * lead decided again (a timer), or waiting where it fell back, stays in its pool.
   */
  async function routeOf(message: LeadMessage, assignOptions: AssignOptions) {
    const pinned = assignOptions.poolId ?? message.stayIn;
    const route: RouteResult = pinned ? { poolId: pinned, trace: [] } : await routeByRules(message);
    const poolId = route.poolId ?? UNROUTABLE;
    const prefer = pinned ? undefined : await stickyOwner(message, route, poolId);
    const constraints = {
      ...assignOptions.constraints,
      ...(prefer ? { prefer } : {}),
      ...(route.owner ? { owner: route.owner } : {}),
    };
    const options = prefer || route.owner ? { ...assignOptions, constraints } : assignOptions;
    return { poolId, route, options };
  }

  /** Routes by the source's pin or the rules, with the lookup tables' rows fetched first. */
  async function routeByRules(message: LeadMessage): Promise<RouteResult> {
    const [source, ruleSet] = await Promise.all([deps.sources.get(message.sourceId), deps.rules?.current()]);
    const lookups = deps.tables ? await prefetchRuleLookups(deps.tables, ruleSet, message, source) : undefined;
    return routeLead(message, { source, ruleSet, now: deps.clock.now(), ...(lookups ? { lookups } : {}) });
  }

  return {
    async assign(message, assignOptions = {}) {
      const ticket = tickets++;
      batches.routingStarted();
      let outcome: Promise<AssignOutcome>;
      try {
        const { poolId, route, options } = await routeOf(message, assignOptions);
        outcome = new Promise<AssignOutcome>((resolve, reject) => {
          batches.enqueue(poolId, { ticket, message, options, route, origin: poolId, via: [], resolve, reject });
        });
      } finally {
        batches.routingEnded();
      }
      return outcome;
    },
  };
}

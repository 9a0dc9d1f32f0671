// `POST /admin/rules/simulate`: a draft rule set replayed on stored leads. Each lead is routed
// by the draft as explain routes one (the same `routeLead`, at the lead's arrival time), and
// compared with where routing sent it. Writes nothing.
import * as z from 'zod/mini';
import type { Lead } from '../leads/lead';
import type { LeadStore } from '../leads/ports';
import { ValidationError } from '../shared/errors';
import { EMPTY_WINDOW, fromBeforeTo, instantParameter } from '../shared/period-schemas';
import type { SourceDirectory } from '../sources/ports';
import type { Source } from '../sources/source';
import type { TableReader } from '../tables/ports';
import { prefetchRuleLookups } from './prefetch-lookups';
import { routeLead } from './route-lead';
import { RuleSetInputSchema } from './rules';

/** The most leads one simulation replays: the newest of the window. */
export const MAX_SIMULATED_LEADS = 10_000;
/** How many moved leads the answer lists. */
export const MOVED_SAMPLE_SIZE = 50;

export const SimulateSchema = z
  .strictObject({
    /** The draft rule set, as `PUT /admin/rules` takes it. */
    rules: RuleSetInputSchema,
    /** Leads created at or after this instant ... */
    from: z.optional(instantParameter),
    /** ... and before this one; or instead: */
    to: z.optional(instantParameter),
    /** The newest N leads. */
    lastN: z.optional(z.int().check(z.gte(1), z.lte(MAX_SIMULATED_LEADS))),
  })
  .check(z.refine(fromBeforeTo, EMPTY_WINDOW));
export type SimulateRequest = z.output<typeof SimulateSchema>;

/** Where a lead went, or would go: the pool and what chose it. */
interface Placement {
  poolId?: string;
  /** The rule's name, `(default)`, `(source)`, or why no pool (`no_matching_rule`, `test_lead`, ...). */
  by: string;
}

export interface SimulationAnswer {
  /** Leads replayed, and whether the window held more than the cap. */
  leads: number;
  truncated: boolean;
  /** Per pool: leads routing sent there, and leads the draft would send there. */
  pools: { poolId: string; current: number; draft: number }[];
  /** Leads the draft sends to another pool than routing did. */
  moved: number;
  /** A sample of them, newest first, with what decided each way. */
  movedSample: { leadId: string; createdAt: string; current: Placement; draft: Placement }[];
  /** Leads the draft sends to its default pool (no rule matched). */
  toDefault: number;
  /** Leads the draft sends nowhere (no rule matched and no default). */
  unrouted: number;
}

export interface SimulateDeps {
  leads: Pick<LeadStore, 'list'>;
  sources: Pick<SourceDirectory, 'get'>;
  tables?: TableReader;
}

/** Replays the draft on the window's (or the last N) stored leads, newest first, up to the cap. */
export async function simulateRules(deps: SimulateDeps, input: SimulateRequest): Promise<SimulationAnswer> {
  const byWindow = input.from !== undefined || input.to !== undefined;
  if (byWindow === (input.lastN !== undefined)) {
    throw new ValidationError('Say which leads: `from`/`to`, or `lastN`', [
      { path: 'lastN', code: 'required', message: 'give a window (from, to) or lastN, not both' },
    ]);
  }
  const cap = input.lastN ?? MAX_SIMULATED_LEADS;
  const draft = { ...input.rules, version: 0 };
  const sources = new Map<string, Source | undefined>();
  const counts = new Map<string, { current: number; draft: number }>();
  const count = (poolId: string | undefined, side: 'current' | 'draft') => {
    if (!poolId) return;
    const entry = counts.get(poolId) ?? { current: 0, draft: 0 };
    entry[side]++;
    counts.set(poolId, entry);
  };
  const answer: SimulationAnswer = {
    leads: 0,
    truncated: false,
    pools: [],
    moved: 0,
    movedSample: [],
    toDefault: 0,
    unrouted: 0,
  };

  let cursor: string | undefined;
  do {
    const page = await deps.leads.list({
      limit: Math.min(200, cap - answer.leads),
      ...(input.from ? { createdFrom: input.from } : {}),
      ...(input.to ? { createdBefore: input.to } : {}),
      ...(cursor ? { cursor } : {}),
    });
    for (const lead of page.leads) {
      if (!sources.has(lead.sourceId)) sources.set(lead.sourceId, await deps.sources.get(lead.sourceId));
      const current = currentPlacement(lead);
      const next = await draftPlacement(deps, draft, lead, sources.get(lead.sourceId));
      answer.leads++;
      count(current.poolId, 'current');
      count(next.poolId, 'draft');
      if (next.by === '(default)') answer.toDefault++;
      if (!next.poolId) answer.unrouted++;
      if (next.poolId !== current.poolId) {
        answer.moved++;
        if (answer.movedSample.length < MOVED_SAMPLE_SIZE) {
          answer.movedSample.push({ leadId: lead.id, createdAt: lead.createdAt, current, draft: next });
        }
      }
    }
    cursor = page.nextCursor;
  } while (cursor && answer.leads < cap);
  answer.truncated = input.lastN === undefined && cursor !== undefined;
  answer.pools = [...counts.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([poolId, c]) => ({ poolId, ...c }));
  return answer;
}

/** Where routing sent the lead: its first decision's pool, and the rule that chose it. */
function currentPlacement(lead: Lead): Placement {
  const first = lead.decisions[0];
  if (!first?.poolId) return { by: first?.reason ?? 'not_routed_yet' };
  return { poolId: first.poolId, by: first.rule ?? '(default or source)' };
}

async function draftPlacement(
  deps: SimulateDeps,
  draft: Parameters<typeof routeLead>[1]['ruleSet'],
  lead: Lead,
  source: Source | undefined,
): Promise<Placement> {
  const routable = {
    sourceId: lead.sourceId,
    fields: lead.fields,
    custom: lead.custom,
    ...(lead.test ? { test: true } : {}),
  };
  const lookups = deps.tables ? await prefetchRuleLookups(deps.tables, draft, routable, source) : undefined;
  // Rules with hours are judged at the lead's arrival, as they were then.
  const routed = routeLead(routable, {
    source,
    ruleSet: draft,
    now: new Date(lead.createdAt),
    ...(lookups ? { lookups } : {}),
  });
  if (!routed.poolId) return { by: routed.reason ?? 'no_matching_rule' };
  return { poolId: routed.poolId, by: routed.rule ?? `(${routed.via ?? 'source'})` };
}

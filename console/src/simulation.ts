// A draft rule set replayed on the last days' leads (`POST /admin/rules/simulate`): the
// request, its errors placed on the draft's own fields, and what decided each way in words.
import type { NameOf } from './decisions';
import type { FormErrors } from './form-errors';

/** Where a lead went, or would go, and what chose it. */
export interface Placement {
  poolId?: string;
  by: string;
}

/** The answer of `POST /admin/rules/simulate`. */
export interface SimulationAnswer {
  leads: number;
  truncated: boolean;
  pools: { poolId: string; current: number; draft: number }[];
  moved: number;
  movedSample: { leadId: string; createdAt: string; current: Placement; draft: Placement }[];
  toDefault: number;
  unrouted: number;
}

/** How many days back the rules screen replays. */
export const SIMULATED_DAYS = 30;

/** The simulation's body: the draft (as `PUT /admin/rules` takes it) over the last 30 days. */
export function simulationBody(ruleSet: Record<string, unknown>, now: Date) {
  return { rules: ruleSet, from: new Date(now.getTime() - SIMULATED_DAYS * 86_400_000).toISOString() };
}

/** The simulation's errors on the rule form's fields: the draft sits under `rules` in its body. */
export function onDraftFields(errors: FormErrors): FormErrors {
  const byPath = Object.fromEntries(
    Object.entries(errors.byPath).map(([path, message]) => [path.startsWith('rules.') ? path.slice(6) : path, message]),
  );
  return { ...errors, byPath };
}

/** A placement in words: `Inbound, by rule “Germany”`, `Inbound, by the default pool`, or why none. */
export function placementText(placement: Placement, nameOf: NameOf): string {
  const by =
    placement.by === '(default)'
      ? 'the default pool'
      : placement.by === '(source)'
        ? "its source's pool"
        : placement.by === '(default or source)'
          ? 'the default or its source'
          : placement.poolId
            ? `rule “${placement.by}”`
            : placement.by.replaceAll('_', ' ');
  return placement.poolId ? `${nameOf(placement.poolId)}, by ${by}` : `no pool (${by})`;
}

/** The simulation in one sentence: how many leads, how many move, how many fall to the default. */
export function simulationSummary(a: SimulationAnswer): string {
  const replayed = `${a.leads} lead(s) replayed${a.truncated ? ' (the newest only: the window held more)' : ''}`;
  const nowhere = a.unrouted ? `, ${a.unrouted} would go to no pool` : '';
  return `${replayed}: ${a.moved} would move, ${a.toDefault} would fall to the default pool${nowhere}. Nothing is saved until you save the rules.`;
}

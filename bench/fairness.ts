// How fair a rotation was, from the turn every lead used and the rep it went to: the same
// judgement for our assigner (turn = the decision's `seq`) and for the peers (turn = the
// counter value they used). Pure.
import { spread } from './stats';

export interface FairnessReport {
  leads: number;
  /** Leads per rep, in pool order. */
  counts: number[];
  /** Max − min of `counts`. */
  spread: number;
  /** Leads that used a turn (counter value) another lead had already used: two leads, one turn. */
  duplicateTurns: number;
  /** Turns between the first and last used that no lead got: a rep passed over. */
  skippedTurns: number;
  /** Counter increments lost to concurrent writes: leads minus how far the counter moved. */
  lostUpdates: number;
  /** Leads beyond the fair share (ceil(leads / reps)) summed over reps: how uneven it got. */
  excessLeads: number;
}

/** Judges a rotation from the turn every lead used and the rep it went to. */
export function judgeFairness(
  assignments: readonly { turn: number; repId: string }[],
  repIds: readonly string[],
  counterAdvance: number,
): FairnessReport {
  const used = new Map<number, number>();
  for (const a of assignments) used.set(a.turn, (used.get(a.turn) ?? 0) + 1);
  const turns = [...used.keys()];
  const first = turns.length ? Math.min(...turns) : 0;
  const last = turns.length ? Math.max(...turns) : -1;
  let skippedTurns = 0;
  for (let t = first; t <= last; t++) if (!used.has(t)) skippedTurns++;
  const index = new Map(repIds.map((id, i) => [id, i]));
  const counts = repIds.map(() => 0);
  for (const a of assignments) {
    const i = index.get(a.repId);
    if (i !== undefined) counts[i]!++;
  }
  const fairShare = Math.ceil(assignments.length / Math.max(1, repIds.length));
  return {
    leads: assignments.length,
    counts,
    spread: spread(counts),
    duplicateTurns: assignments.length - used.size,
    skippedTurns,
    lostUpdates: assignments.length - counterAdvance,
    excessLeads: counts.reduce((sum, c) => sum + Math.max(0, c - fairShare), 0),
  };
}

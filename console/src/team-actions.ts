// What the reps' and pools' one-off actions did, in words: a leaving rep's open leads sent
// on, and a pool's rotation started over.

import type { ReassignOpenResult } from '../../functions/core/admin/rep-departure';

export type { ReassignOpenResult };

/** What sending a rep's open leads on did, and what is left to do. */
export function reassignOpenText(result: ReassignOpenResult, repName: string): string[] {
  const lines: string[] = [];
  if (result.queued.length === 0 && result.notInAPool.length === 0) lines.push(`${repName} has no open lead.`);
  if (result.queued.length > 0)
    lines.push(
      `${result.queued.length} lead(s) sent back through their pools, never back to ${repName}: each lead's decisions say where it went.`,
    );
  if (result.notInAPool.length > 0)
    lines.push(`${result.notInAPool.length} lead(s) are in no pool: assign them yourself (below).`);
  if (result.more) lines.push(`${repName} has more open leads than one go sends on: send them on again.`);
  return lines;
}

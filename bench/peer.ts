// The round robin people usually write by hand (ERPNext's assignment rule, many tutorials):
// read the counter, pick reps[n % len], write the counter back as n + 1, then write the
// lead's owner. No condition, no transaction. Implemented faithfully so it can be measured
// beside ours, with the same leads, on the same engine, at the same concurrency.
import { type DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { TableNames } from '../functions/adapters/dynamodb/table-definitions';
import { spread } from './stats';

/** The peer's counter item, in the state table beside our rotation items. */
export const PEER_COUNTER_KEY = { pk: 'peer#round-robin-counter' } as const;

/** Assigns one lead the tutorial way; returns the counter value it used and the rep. */
export async function assignLikeATutorial(
  documents: DynamoDBDocumentClient,
  tables: Pick<TableNames, 'leads' | 'state'>,
  repIds: readonly string[],
  leadId: string,
): Promise<{ turn: number; repId: string }> {
  const { Item } = await documents.send(new GetCommand({ TableName: tables.state, Key: PEER_COUNTER_KEY }));
  const turn = Number(Item?.n ?? 0);
  const repId = repIds[turn % repIds.length]!;
  await documents.send(new PutCommand({ TableName: tables.state, Item: { ...PEER_COUNTER_KEY, n: turn + 1 } }));
  await documents.send(
    new UpdateCommand({
      TableName: tables.leads,
      Key: { id: leadId },
      UpdateExpression: 'SET #status = :assigned, repId = :rep, assignedAt = :at',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':assigned': 'assigned', ':rep': repId, ':at': new Date().toISOString() },
    }),
  );
  return { turn, repId };
}

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

/**
 * Judges a rotation from the turn every lead used and the rep it went to. Pure; works for
 * the peer (turn = counter value read) and for ours (turn = the decision's `seq`).
 */
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

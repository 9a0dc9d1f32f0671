import { BatchGetCommand, type BatchGetCommandOutput, BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { DynamoAssignmentStore } from '../../functions/adapters/dynamodb/dynamo-assignment-store';
import { DynamoConfigStore } from '../../functions/adapters/dynamodb/dynamo-config-store';
import { leadIndexKeys, toLead } from '../../functions/adapters/dynamodb/dynamo-lead-store';
import { createLeadAssigner, type LeadAssigner } from '../../functions/core/assignment/assigner';
import type { AssignOutcome } from '../../functions/core/assignment/pending-lead';
import { type Lead, type LeadFields, type LeadMessage, toLeadMessage } from '../../functions/core/leads/lead';
import type { Notifier } from '../../functions/core/notices/ports';
import { newUlid } from '../../functions/core/shared/ids';
import { noMetrics, systemClock } from '../../functions/core/shared/ports';
import type { TestDatabase } from './dynamo';
import { RecordingNotifier } from './memory-stores';

/**
 * Stores `count` leads as `received` (batched writes), one millisecond apart in arrival
 * order, and returns their queue messages. `fields` adds fields to lead `i`.
 */
export async function storeReceivedLeads(
  db: TestDatabase,
  sourceId: string,
  count: number,
  fields: (i: number) => Partial<LeadFields> = () => ({}),
): Promise<LeadMessage[]> {
  const base = Date.now();
  const leads: Lead[] = Array.from({ length: count }, (_, i) => {
    const at = new Date(base + i).toISOString();
    return {
      id: newUlid(base + i),
      sourceId,
      status: 'received',
      createdAt: at,
      updatedAt: at,
      fields: { email: `lead${i}@example.com`, ...fields(i) },
      custom: {},
      decisions: [],
    };
  });
  for (let i = 0; i < leads.length; i += 25) {
    const chunk = leads.slice(i, i + 25);
    await db.documents.send(
      new BatchWriteCommand({
        RequestItems: {
          [db.tables.leads]: chunk.map((lead) => ({ PutRequest: { Item: { ...lead, ...leadIndexKeys(lead) } } })),
        },
      }),
    );
  }
  return leads.map(toLeadMessage);
}

/** An assigner process of its own: own caches, same database. */
export function anAssigner(db: TestDatabase, notifier: Notifier = new RecordingNotifier()): LeadAssigner {
  return createLeadAssigner(
    {
      sources: new DynamoConfigStore(db.documents, db.tables),
      store: new DynamoAssignmentStore(db.documents, db.tables),
      notifier,
      clock: systemClock,
      metrics: noMetrics,
    },
    { maxAttempts: 8 },
  );
}

/** Runs messages through an assigner in SQS-sized batches; failed ones are redelivered, like SQS does. */
export async function consume(assigner: LeadAssigner, messages: LeadMessage[]): Promise<AssignOutcome[]> {
  const outcomes: AssignOutcome[] = [];
  const queue = messages.map((message) => ({ message, receives: 0 }));
  while (queue.length > 0) {
    const batch = queue.splice(0, 10);
    const results = await Promise.allSettled(
      batch.map((m) => assigner.assign(m.message, { redelivered: m.receives > 0 })),
    );
    results.forEach((result, i) => {
      if (result.status === 'fulfilled') outcomes.push(result.value);
      else if (batch[i]!.receives < 50) queue.push({ ...batch[i]!, receives: batch[i]!.receives + 1 });
      else throw result.reason;
    });
  }
  return outcomes;
}

/** `workers` assigners, each with its own share of the messages, all at once. */
export async function raceAssigners(db: TestDatabase, messages: LeadMessage[], workers = 8): Promise<void> {
  await Promise.all(
    Array.from({ length: workers }, (_, w) =>
      consume(
        anAssigner(db),
        messages.filter((_, i) => i % workers === w),
      ),
    ),
  );
}

/**
 * Every stored lead for the messages, in message order: strongly consistent reads, 50 at a
 * time, as the leads were written.
 */
export async function storedLeads(db: TestDatabase, messages: LeadMessage[]): Promise<Lead[]> {
  const found = new Map<string, Lead>();
  for (let i = 0; i < messages.length; i += 50) {
    let keys: Record<string, unknown>[] | undefined = messages.slice(i, i + 50).map((m) => ({ id: m.leadId }));
    while (keys?.length) {
      const read: BatchGetCommandOutput = await db.documents.send(
        new BatchGetCommand({ RequestItems: { [db.tables.leads]: { Keys: keys, ConsistentRead: true } } }),
      );
      for (const item of read.Responses?.[db.tables.leads] ?? []) found.set(String(item.id), toLead(item));
      keys = read.UnprocessedKeys?.[db.tables.leads]?.Keys;
    }
  }
  return messages.map((m) => found.get(m.leadId)!);
}

export function countBy<T>(items: T[], key: (item: T) => string | undefined): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const item of items) {
    const k = key(item);
    if (k !== undefined) counts[k] = (counts[k] ?? 0) + 1;
  }
  return counts;
}

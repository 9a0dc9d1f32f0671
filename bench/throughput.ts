// Assignment throughput through the real assigner, the engine ceiling on one hot item, and
// the hand-written peer, each with the same concurrency on the same DynamoDB Local.
import { BatchGetCommand, GetCommand, type BatchGetCommandOutput, PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { CachedSourceDirectory } from '../functions/adapters/cached-source-directory';
import { DynamoAssignmentStore } from '../functions/adapters/dynamodb/dynamo-assignment-store';
import { DynamoSourceDirectory } from '../functions/adapters/dynamodb/dynamo-source-directory';
import type { TableNames } from '../functions/adapters/dynamodb/table-definitions';
import { createLeadAssigner, type AssignOutcome, type LeadAssigner } from '../functions/core/assign-leads';
import type { Lead, LeadMessage } from '../functions/core/lead';
import { systemClock, type Metrics } from '../functions/core/ports';
import { costPerLead, transactionUnitsOf, type DynamoCost } from './cost-per-lead';
import { assignLikeATutorial, judgeFairness, PEER_COUNTER_KEY, type FairnessReport } from './peer';
import { countedDocumentClient, emptyTally, type RequestTally } from './request-counter';
import { shareOut } from './scenario';

export interface Engine {
  endpoint: string;
  tables: TableNames;
  /** An uncounted client for setup and verification. */
  documents: DynamoDBDocumentClient;
}

/** Counts the assigner's metrics (conflict retries, exhausted retries...). */
export class CountingMetrics implements Metrics {
  readonly counts: Record<string, number> = {};
  count(name: string, value = 1) {
    this.counts[name] = (this.counts[name] ?? 0) + value;
  }
}

export interface AssignerPool {
  assigners: LeadAssigner[];
  metrics: CountingMetrics;
  tally(): RequestTally;
  reset(): void;
  destroy(): void;
}

/**
 * `workers` assigners, each with its own client, caches and counter, like that many Lambda
 * instances (the deployed assigner's wiring: cached source directory, DynamoDB store).
 */
export function assignerPool(engine: Engine, workers: number): AssignerPool {
  const metrics = new CountingMetrics();
  const clients = Array.from({ length: workers }, () => countedDocumentClient(engine.endpoint));
  const assigners = clients.map((c) =>
    createLeadAssigner({
      sources: new CachedSourceDirectory(new DynamoSourceDirectory(c.documents, engine.tables.config), systemClock),
      store: new DynamoAssignmentStore(c.documents, engine.tables),
      notifier: { notify: async () => undefined },
      clock: systemClock,
      metrics,
    }),
  );
  return {
    assigners,
    metrics,
    tally: () => sumTallies(clients.map((c) => c.counter.tally())),
    reset: () => clients.forEach((c) => c.counter.reset()),
    destroy: () => clients.forEach((c) => c.client.destroy()),
  };
}

/** Adds tallies together. Pure. */
export function sumTallies(tallies: readonly RequestTally[]): RequestTally {
  const total = emptyTally();
  const add = (into: Record<string, number>, from: Record<string, number>) => {
    for (const [k, v] of Object.entries(from)) into[k] = (into[k] ?? 0) + v;
  };
  for (const t of tallies) {
    add(total.requests, t.requests);
    add(total.failed, t.failed);
    add(total.writeUnits.byTarget, t.writeUnits.byTarget);
    add(total.readUnits.byTarget, t.readUnits.byTarget);
    total.writeUnits.total += t.writeUnits.total;
    total.readUnits.total += t.readUnits.total;
    total.transactionUnitsAsReported += t.transactionUnitsAsReported;
  }
  return total;
}

/**
 * Feeds messages to one assigner in SQS-sized batches, all records of a batch at once (as
 * the SQS consumer does); a record that fails comes back at the end of the queue, as SQS
 * redelivers it, up to 20 receives.
 */
export async function consume(
  assigner: LeadAssigner,
  messages: readonly LeadMessage[],
  batchSize: number,
): Promise<{ outcomes: AssignOutcome[]; redeliveries: number }> {
  const outcomes: AssignOutcome[] = [];
  let redeliveries = 0;
  const queue = messages.map((message) => ({ message, receives: 0 }));
  while (queue.length > 0) {
    const batch = queue.splice(0, batchSize);
    const results = await Promise.allSettled(batch.map((m) => assigner.assign(m.message, { redelivered: m.receives > 0 })));
    results.forEach((result, i) => {
      if (result.status === 'fulfilled') outcomes.push(result.value);
      else if (batch[i]!.receives < 20) {
        redeliveries++;
        queue.push({ ...batch[i]!, receives: batch[i]!.receives + 1 });
      } else throw result.reason;
    });
  }
  return { outcomes, redeliveries };
}

export interface OursRun {
  workers: number;
  leads: number;
  seconds: number;
  leadsPerSecond: number;
  redeliveries: number;
  metrics: Record<string, number>;
  requests: RequestTally;
  /** DynamoDB cost of the assignment per lead under this contention (transactions computed). */
  cost: DynamoCost;
  /** Every lead assigned, with exactly one decision. */
  everyLeadOnce: boolean;
  fairness: FairnessReport;
}

/** Runs the real assigner: `workers` instances over their shares of the messages. */
export async function runOurs(
  engine: Engine,
  poolId: string,
  repIds: readonly string[],
  messages: readonly LeadMessage[],
  options: { workers: number; batchSize: number },
): Promise<OursRun> {
  const pool = assignerPool(engine, options.workers);
  const shares = shareOut(messages, options.workers);
  try {
    const before = await readLeads(engine, messages.map((m) => m.leadId));
    pool.reset();
    const started = performance.now();
    const results = await Promise.all(pool.assigners.map((a, w) => consume(a, shares[w]!, options.batchSize)));
    const seconds = (performance.now() - started) / 1000;
    const stored = await readLeads(engine, messages.map((m) => m.leadId));
    const everyLeadOnce = stored.length === messages.length
      && stored.every((lead) => lead.status === 'assigned' && lead.decisions.length === 1);
    const assignments = stored.map((lead) => ({ turn: lead.decisions[0]?.seq ?? -1, repId: lead.repId ?? '' }));
    const seqs = assignments.map((a) => a.turn);
    const requests = pool.tally();
    const cost = costPerLead(requests, messages.length, await transactionUnitsOf(engine, poolId, before, stored, requests));
    return {
      workers: options.workers,
      leads: messages.length,
      seconds,
      leadsPerSecond: messages.length / seconds,
      redeliveries: results.reduce((sum, r) => sum + r.redeliveries, 0),
      metrics: { ...pool.metrics.counts },
      requests,
      cost,
      everyLeadOnce,
      fairness: judgeFairness(assignments, repIds, Math.max(...seqs) - Math.min(...seqs) + 1),
    };
  } finally {
    pool.destroy();
  }
}

export interface CeilingRun {
  workers: number;
  seconds: number;
  updates: number;
  updatesPerSecond: number;
  failed: number;
}

/**
 * The engine's ceiling for a hot item: `workers` loops of single-item conditional
 * `UpdateItem SET n = n + 1` on one item, for `seconds`.
 */
export async function runCeiling(engine: Engine, options: { workers: number; seconds: number; key?: string }): Promise<CeilingRun> {
  const key = { pk: options.key ?? 'bench#engine-ceiling' };
  await engine.documents.send(new PutCommand({ TableName: engine.tables.state, Item: { ...key, n: 0 } }));
  const clients = Array.from({ length: options.workers }, () => countedDocumentClient(engine.endpoint));
  let updates = 0;
  let failed = 0;
  try {
    const started = performance.now();
    const deadline = started + options.seconds * 1000;
    await Promise.all(
      clients.map(async ({ documents }) => {
        while (performance.now() < deadline) {
          try {
            await documents.send(
              new UpdateCommand({
                TableName: engine.tables.state,
                Key: key,
                UpdateExpression: 'SET n = n + :one',
                ConditionExpression: 'attribute_exists(pk)',
                ExpressionAttributeValues: { ':one': 1 },
              }),
            );
            updates++;
          } catch {
            failed++;
          }
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    return { workers: options.workers, seconds, updates, updatesPerSecond: updates / seconds, failed };
  } finally {
    clients.forEach((c) => c.client.destroy());
  }
}

export interface PeerRun {
  workers: number;
  leads: number;
  seconds: number;
  leadsPerSecond: number;
  requests: RequestTally;
  fairness: FairnessReport;
}

/**
 * The hand-written peer with the same concurrency: `workers` consumers, each handling its
 * share in batches, one record after another (the usual `for (const record of event.Records)`).
 */
export async function runPeer(
  engine: Engine,
  repIds: readonly string[],
  messages: readonly LeadMessage[],
  options: { workers: number },
): Promise<PeerRun> {
  await engine.documents.send(new PutCommand({ TableName: engine.tables.state, Item: { ...PEER_COUNTER_KEY, n: 0 } }));
  const clients = Array.from({ length: options.workers }, () => countedDocumentClient(engine.endpoint));
  const shares = shareOut(messages, options.workers);
  try {
    const started = performance.now();
    const assignments = (
      await Promise.all(
        clients.map(async ({ documents }, w) => {
          const mine: { turn: number; repId: string }[] = [];
          for (const message of shares[w]!) mine.push(await assignLikeATutorial(documents, engine.tables, repIds, message.leadId));
          return mine;
        }),
      )
    ).flat();
    const seconds = (performance.now() - started) / 1000;
    const { Item } = await engine.documents.send(
      new GetCommand({ TableName: engine.tables.state, Key: PEER_COUNTER_KEY, ConsistentRead: true }),
    );
    return {
      workers: options.workers,
      leads: messages.length,
      seconds,
      leadsPerSecond: messages.length / seconds,
      requests: sumTallies(clients.map((c) => c.counter.tally())),
      fairness: judgeFairness(assignments, repIds, Number(Item?.n ?? 0)),
    };
  } finally {
    clients.forEach((c) => c.client.destroy());
  }
}

/** Reads leads by id (100 per BatchGetItem), in no particular order. */
export async function readLeads(engine: Engine, ids: readonly string[]): Promise<Lead[]> {
  const leads: Lead[] = [];
  for (let i = 0; i < ids.length; i += 100) {
    let keys: Record<string, unknown>[] | undefined = ids.slice(i, i + 100).map((id) => ({ id }));
    for (let round = 0; keys?.length && round < 10; round++) {
      const result: BatchGetCommandOutput = await engine.documents.send(
        new BatchGetCommand({ RequestItems: { [engine.tables.leads]: { Keys: keys, ConsistentRead: true } } }),
      );
      leads.push(...((result.Responses?.[engine.tables.leads] ?? []) as Lead[]));
      keys = result.UnprocessedKeys?.[engine.tables.leads]?.Keys;
    }
  }
  return leads;
}

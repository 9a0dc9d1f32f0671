// Assignment throughput through the real assigner, the engine ceiling on one hot item, and
// the hand-written peer, each with the same concurrency on the same DynamoDB Local.
import {
  BatchGetCommand,
  type BatchGetCommandOutput,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { TableNames } from '../functions/adapters/dynamodb/table-definitions';
import type { LeadAssigner } from '../functions/core/assignment/assigner';
import type { AssignOutcome } from '../functions/core/assignment/pending-lead';
import type { Lead, LeadMessage } from '../functions/core/leads/lead';
import type { Metrics } from '../functions/core/shared/ports';
import { costPerLead, type DynamoCost, transactionUnitsOf } from './cost-per-lead';
import { deployedAssigner } from './deployed-wiring';
import { assignLikeATutorial, type FairnessReport, judgeFairness, PEER_COUNTER_KEY } from './peer';
import { countedDocumentClient, emptyTally, type RequestTally } from './request-counter';
import { shareOut } from './scenario';
import { median } from './stats';

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
  const assigners = clients.map((c) => deployedAssigner(c.documents, engine.tables, { metrics }));
  return {
    assigners,
    metrics,
    tally: () => sumTallies(clients.map((c) => c.counter.tally())),
    reset: () => {
      for (const c of clients) c.counter.reset();
    },
    destroy: () => {
      for (const c of clients) c.client.destroy();
    },
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
    total.transactions.push(...t.transactions);
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
    const results = await Promise.allSettled(
      batch.map((m) => assigner.assign(m.message, { redelivered: m.receives > 0 })),
    );
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
  /** Time spent assigning (summed over rounds). */
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

export interface ThroughputRound {
  leads: number;
  seconds: number;
  leadsPerSecond: number;
  /** The ceiling measured right before and right after this round. */
  ceilingBefore: CeilingRun;
  ceilingAfter: CeilingRun;
  /** leads/s ÷ the mean of the two ceilings' updates/s. */
  ratio: number;
}

export interface InterleavedRun {
  ours: OursRun;
  rounds: ThroughputRound[];
  /** Every ceiling run, in order (one more than the rounds). */
  ceilings: CeilingRun[];
  /** The median of the rounds' ratios. */
  ratio: number;
}

/** Runs the real assigner: `workers` instances over their shares of the messages. */
export async function runOurs(
  engine: Engine,
  poolId: string,
  repIds: readonly string[],
  messages: readonly LeadMessage[],
  options: { workers: number; batchSize: number },
): Promise<OursRun> {
  const before = await readLeads(
    engine,
    messages.map((m) => m.leadId),
  );
  const pool = assignerPool(engine, options.workers);
  try {
    const run = await assignAll(pool, messages, options);
    return await judgeOurs(
      engine,
      poolId,
      repIds,
      messages,
      before,
      { ...run, metrics: { ...pool.metrics.counts }, requests: pool.tally() },
      options.workers,
    );
  } finally {
    pool.destroy();
  }
}

/**
 * Ours and the engine ceiling, interleaved: ceiling, a round of ours, ceiling, a round of
 * ours, ..., ceiling, each ceiling run as long as the round before it. The same assigner
 * instances serve every round (warm, like Lambda instances between bursts); under a
 * machine whose load drifts, each round is compared with the ceiling measured around it,
 * and the median round decides.
 */
export async function runOursInterleaved(
  engine: Engine,
  poolId: string,
  repIds: readonly string[],
  messages: readonly LeadMessage[],
  options: { workers: number; batchSize: number; rounds: number; expectedSeconds: number; ceilingKey: string },
): Promise<InterleavedRun> {
  const before = await readLeads(
    engine,
    messages.map((m) => m.leadId),
  );
  const perRound = Math.ceil(messages.length / options.rounds);
  const ceilings: CeilingRun[] = [];
  const rounds: ThroughputRound[] = [];
  const pool = assignerPool(engine, options.workers);
  try {
    let seconds = 0;
    let redeliveries = 0;
    ceilings.push(
      await runCeiling(engine, {
        workers: options.workers,
        seconds: Math.max(2, options.expectedSeconds / options.rounds),
        key: options.ceilingKey,
      }),
    );
    for (let i = 0; i < options.rounds; i++) {
      const share = messages.slice(i * perRound, (i + 1) * perRound);
      const run = await assignAll(pool, share, options);
      seconds += run.seconds;
      redeliveries += run.redeliveries;
      ceilings.push(
        await runCeiling(engine, { workers: options.workers, seconds: run.seconds, key: options.ceilingKey }),
      );
      const [ceilingBefore, ceilingAfter] = [ceilings[i]!, ceilings[i + 1]!];
      const leadsPerSecond = share.length / run.seconds;
      rounds.push({
        leads: share.length,
        seconds: run.seconds,
        leadsPerSecond,
        ceilingBefore,
        ceilingAfter,
        ratio: leadsPerSecond / ((ceilingBefore.updatesPerSecond + ceilingAfter.updatesPerSecond) / 2),
      });
    }
    const combined = { seconds, redeliveries, metrics: { ...pool.metrics.counts }, requests: pool.tally() };
    const ours = await judgeOurs(engine, poolId, repIds, messages, before, combined, options.workers);
    return { ours, rounds, ceilings, ratio: median(rounds.map((r) => r.ratio)) };
  } finally {
    pool.destroy();
  }
}

interface AssignAllRun {
  seconds: number;
  redeliveries: number;
  metrics: Record<string, number>;
  requests: RequestTally;
}

/** Hands the messages to the pool's assigners, each its share; times it. */
async function assignAll(pool: AssignerPool, messages: readonly LeadMessage[], options: { batchSize: number }) {
  const shares = shareOut(messages, pool.assigners.length);
  const started = performance.now();
  const results = await Promise.all(pool.assigners.map((a, w) => consume(a, shares[w]!, options.batchSize)));
  return {
    seconds: (performance.now() - started) / 1000,
    redeliveries: results.reduce((sum, r) => sum + r.redeliveries, 0),
  };
}

/** Checks every lead went once and how fair the rotation was; prices the assignment. */
async function judgeOurs(
  engine: Engine,
  _poolId: string,
  repIds: readonly string[],
  messages: readonly LeadMessage[],
  before: readonly Lead[],
  run: AssignAllRun,
  workers: number,
): Promise<OursRun> {
  const stored = await readLeads(
    engine,
    messages.map((m) => m.leadId),
  );
  const everyLeadOnce =
    stored.length === messages.length &&
    stored.every((lead) => lead.status === 'assigned' && lead.decisions.length === 1);
  const assignments = stored.map((lead) => ({ turn: lead.decisions[0]?.seq ?? -1, repId: lead.repId ?? '' }));
  const seqs = assignments.map((a) => a.turn);
  const cost = costPerLead(
    run.requests,
    messages.length,
    await transactionUnitsOf(engine, before, stored, run.requests),
  );
  return {
    workers,
    leads: messages.length,
    seconds: run.seconds,
    leadsPerSecond: messages.length / run.seconds,
    redeliveries: run.redeliveries,
    metrics: run.metrics,
    requests: run.requests,
    cost,
    everyLeadOnce,
    fairness: judgeFairness(assignments, repIds, Math.max(...seqs) - Math.min(...seqs) + 1),
  };
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
export async function runCeiling(
  engine: Engine,
  options: { workers: number; seconds: number; key?: string },
): Promise<CeilingRun> {
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
    for (const c of clients) c.client.destroy();
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
          for (const message of shares[w]!)
            mine.push(await assignLikeATutorial(documents, engine.tables, repIds, message.leadId));
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
    for (const c of clients) c.client.destroy();
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

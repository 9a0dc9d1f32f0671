// Assignment throughput through the real assigner, in rounds: each round of ours sits
// between two runs of the engine ceiling, and beside a round of each peer (round robin), in
// an order that rotates every round, so every comparison is made under the same load.
import type { LeadMessage } from '../functions/core/leads/lead';
import { type AssignerPool, assignerPool, assignInBatches } from './assigner-pool';
import { type CeilingRun, runCeiling } from './ceiling';
import { costPerLead, type DynamoCost, transactionUnitsOf } from './dynamo-cost';
import { type Engine, readLeads } from './engine';
import { type FairnessReport, judgeFairness } from './fairness';
import { type Peer, type PeerName, type PeerRun, startPeer } from './peers';
import type { RequestTally } from './request-counter';
import { shareOut } from './sqs-delivery';
import { median } from './stats';

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

/** A peer's share of one round, and ours ÷ it in that round. */
export interface PeerRound {
  name: PeerName;
  leads: number;
  seconds: number;
  leadsPerSecond: number;
  ratio: number;
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
  /** Who ran in this round, in order (the order rotates from round to round). */
  order: string[];
  peers: PeerRound[];
}

export interface ThroughputRun {
  ours: OursRun;
  rounds: ThroughputRound[];
  /** Every ceiling run, in order (one more than the rounds). */
  ceilings: CeilingRun[];
  /** The median of the rounds' ratios to the ceiling. */
  ratio: number;
  peers: PeerRun[];
  /** Per peer, the median of the rounds' ours ÷ peer. */
  peerRatios: Partial<Record<PeerName, number>>;
}

interface Options {
  workers: number;
  batchSize: number;
  rounds: number;
  expectedSeconds: number;
  ceilingKey: string;
}

/** A first pass through fresh assigners (JIT, connections, engine); its pace sizes the ceiling runs. */
export async function warmUp(
  engine: Engine,
  messages: readonly LeadMessage[],
  options: { workers: number; batchSize: number },
): Promise<{ leadsPerSecond: number }> {
  const pool = assignerPool(engine, options.workers);
  try {
    const run = await assignAll(pool, messages, options.batchSize);
    return { leadsPerSecond: messages.length / run.seconds };
  } finally {
    pool.destroy();
  }
}

/**
 * Ours (and each peer with its own leads) in `rounds` rounds, the ceiling before the first
 * and after every round, each ceiling run as long as the round of ours before it. The same
 * assigner instances and peer consumers serve every round, warm like Lambda instances
 * between bursts; the median round decides each ratio.
 */
export async function runThroughput(
  engine: Engine,
  input: {
    repIds: readonly string[];
    messages: readonly LeadMessage[];
    peers: readonly { peer: Peer; messages: readonly LeadMessage[] }[];
  },
  options: Options,
): Promise<ThroughputRun> {
  const { repIds, messages } = input;
  const before = await readLeads(
    engine,
    messages.map((m) => m.leadId),
  );
  const pool = assignerPool(engine, options.workers);
  const peers = await Promise.all(input.peers.map((p) => startPeer(engine, p.peer, repIds, options)));
  const ceiling = (seconds: number) =>
    runCeiling(engine, { workers: options.workers, seconds, key: options.ceilingKey });
  try {
    const ceilings = [await ceiling(Math.max(2, options.expectedSeconds / options.rounds))];
    const rounds: ThroughputRound[] = [];
    let redeliveries = 0;
    for (let i = 0; i < options.rounds; i++) {
      const share = roundShare(messages, i, options.rounds);
      const contenders = [
        { name: 'ours', leads: share.length, run: () => assignAll(pool, share, options.batchSize) },
        ...input.peers.map((p, k) => {
          const peerShare = roundShare(p.messages, i, options.rounds);
          return { name: p.peer.name, leads: peerShare.length, run: () => peers[k]!.run(peerShare) };
        }),
      ];
      const order = rotate(contenders, i);
      const timed = new Map<string, { leads: number; seconds: number }>();
      for (const c of order) {
        const run = await c.run();
        if (c.name === 'ours') redeliveries += run.redeliveries;
        timed.set(c.name, { leads: c.leads, seconds: run.seconds });
      }
      const ours = timed.get('ours')!;
      ceilings.push(await ceiling(ours.seconds));
      const [ceilingBefore, ceilingAfter] = [ceilings[i]!, ceilings[i + 1]!];
      const leadsPerSecond = ours.leads / ours.seconds;
      rounds.push({
        leads: ours.leads,
        seconds: ours.seconds,
        leadsPerSecond,
        ceilingBefore,
        ceilingAfter,
        ratio: leadsPerSecond / ((ceilingBefore.updatesPerSecond + ceilingAfter.updatesPerSecond) / 2),
        order: order.map((c) => c.name),
        peers: input.peers.map(({ peer }) => {
          const run = timed.get(peer.name)!;
          const peerPace = run.leads / run.seconds;
          return { name: peer.name, ...run, leadsPerSecond: peerPace, ratio: leadsPerSecond / peerPace };
        }),
      });
    }
    const seconds = rounds.reduce((sum, r) => sum + r.seconds, 0);
    const run = { seconds, redeliveries, metrics: { ...pool.metrics.counts }, requests: pool.tally() };
    const ours = await judgeOurs(engine, repIds, messages, before, run, options.workers);
    const peerRatios = Object.fromEntries(
      input.peers.map(({ peer }) => [
        peer.name,
        median(rounds.map((r) => r.peers.find((p) => p.name === peer.name)!.ratio)),
      ]),
    );
    return {
      ours,
      rounds,
      ceilings,
      ratio: median(rounds.map((r) => r.ratio)),
      peers: await Promise.all(peers.map((p) => p.finish())),
      peerRatios,
    };
  } finally {
    pool.destroy();
  }
}

/** The `i`th of `rounds` equal slices of a list. */
function roundShare<T>(items: readonly T[], i: number, rounds: number): readonly T[] {
  const size = Math.ceil(items.length / rounds);
  return items.slice(i * size, (i + 1) * size);
}

/** The list started at its `i`th item (mod its length) and wrapped around. */
export function rotate<T>(items: readonly T[], i: number): T[] {
  const k = items.length ? i % items.length : 0;
  return [...items.slice(k), ...items.slice(0, k)];
}

/** Hands the messages to the pool's assigners, each its share; times it. */
async function assignAll(pool: AssignerPool, messages: readonly LeadMessage[], batchSize: number) {
  const shares = shareOut(messages, pool.assigners.length);
  const started = performance.now();
  const results = await Promise.all(pool.assigners.map((a, w) => assignInBatches(a, shares[w]!, batchSize)));
  return {
    seconds: (performance.now() - started) / 1000,
    redeliveries: results.reduce((sum, r) => sum + r.redeliveries, 0),
  };
}

/** Checks every lead went once and how fair the rotation was; prices the assignment. */
async function judgeOurs(
  engine: Engine,
  repIds: readonly string[],
  messages: readonly LeadMessage[],
  before: Awaited<ReturnType<typeof readLeads>>,
  run: { seconds: number; redeliveries: number; metrics: Record<string, number>; requests: RequestTally },
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
  const units = await transactionUnitsOf(engine, before, stored, run.requests);
  return {
    workers,
    leads: messages.length,
    seconds: run.seconds,
    leadsPerSecond: messages.length / run.seconds,
    redeliveries: run.redeliveries,
    metrics: run.metrics,
    requests: run.requests,
    cost: costPerLead(run.requests, messages.length, units),
    everyLeadOnce,
    fairness: judgeFairness(assignments, repIds, Math.max(...seqs) - Math.min(...seqs) + 1),
  };
}

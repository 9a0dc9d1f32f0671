// "Scale on AWS, on paper" and the phase-2 layouts: arithmetic on the run's measured write
// units and item samples with DynamoDB's documented limits (bench/aws-limits.json). Computed,
// not simulated. Pure, but for reading the limits file.
import { readFileSync } from 'node:fs';
import { TABLES, type TableDefinition } from '../../functions/adapters/dynamodb/table-definitions';
import { withIndex, writeCost } from '../capacity';
import type { BenchResults } from '../results';
import { fmt, listOf, usd } from './format';
import { steadyOf } from './tables';
import type { TemplateScope } from './template';

/** The leads a single pool must take in the design asked for. */
const TARGET_LEADS_PER_SECOND = 1000;

/** The AWS limits of bench/aws-limits.json. */
export function loadLimits(path = new URL('../aws-limits.json', import.meta.url)): AwsLimits {
  return (JSON.parse(readFileSync(path, 'utf8')) as { limits: AwsLimits }).limits;
}

/** The limits the page computes with, by name (value, whether assumed, where documented). */
export type AwsLimits = Record<string, { value: number; assumption?: boolean; source: string }>;

const limit = (limits: AwsLimits, name: string): number => {
  const entry = limits[name];
  if (!entry) throw new Error(`bench/aws-limits.json has no ${name}`);
  return entry.value;
};

type Item = Record<string, unknown>;

/**
 * The state table holds the pool's rotation (one item per commit) and the chosen reps' load
 * counters (one per lead): solved from the busy and trickle runs' state units per lead.
 */
function stateSplit(r: BenchResults): { rotationPerCommit: number; loadsPerLead: number } {
  const batch = r.config.batchSize;
  const busy = steadyOf(r, batch)?.assignment.writeUnitsByTarget.state ?? 0;
  const trickle = steadyOf(r, 1)?.assignment.writeUnitsByTarget.state ?? 0;
  const rotationPerCommit = (trickle - busy) / (1 - 1 / batch);
  return { rotationPerCommit, loadsPerLead: busy - rotationPerCommit / batch };
}

/** The run's figures for one pool and for the stack: what binds first, and the sharded design for 1,000 leads/s. */
export function scaleView(r: BenchResults): TemplateScope | false {
  const busy = steadyOf(r, r.config.batchSize);
  const trickle = steadyOf(r, 1);
  const limits = r.aws.limits;
  if (!busy || !trickle || !limits) return false;
  const batch = r.config.batchSize;
  const partition = limit(limits, 'partitionWriteUnitsPerSecond');
  const txMs = limit(limits, 'transactionMilliseconds');
  const perLead = (target: string) => busy.total.writeUnitsByTarget[target] ?? 0;
  const { rotationPerCommit, loadsPerLead } = stateSplit(r);

  const poolBounds = [
    {
      what: `its commits, one after another on its rotation item (${batch} leads per commit, ${txMs} ms a commit, assumed)`,
      leads: (batch * 1000) / txMs,
    },
    {
      what: `the rotation item's partition: ${fmt(rotationPerCommit, 1)} WRU per commit`,
      leads: (partition / Math.max(rotationPerCommit, 1e-9)) * batch,
    },
    {
      what: `the pool's \`byPool\` index key: ${fmt(perLead('leads/byPool'), 1)} WRU per lead`,
      leads: partition / Math.max(perLead('leads/byPool'), 1e-9),
    },
  ].sort((a, b) => a.leads - b.leads);
  const stackBounds = [
    { what: `the API stage's throttle (\`rateLimit\` on LeadRouterStack)`, leads: r.deployed.apiThrottle.rateLimit },
    {
      what: `the \`byWaitingStatus\` index: every waiting lead shares its key, ${fmt(perLead('leads/byWaitingStatus'), 1)} WRU per lead`,
      leads: partition / Math.max(perLead('leads/byWaitingStatus'), 1e-9),
    },
    {
      what: `the \`byMonth\` index: a month's leads share its key, ${fmt(perLead('leads/byMonth'), 1)} WRU per lead`,
      leads: partition / Math.max(perLead('leads/byMonth'), 1e-9),
    },
    {
      what: `the leads table's on-demand quota at ${fmt(busy.total.writeUnits - (busy.total.writeUnitsByTarget.state ?? 0), 1)} WRU per lead`,
      leads:
        limit(limits, 'tableWriteUnitsPerSecond') /
        Math.max(busy.total.writeUnits - (busy.total.writeUnitsByTarget.state ?? 0), 1e-9),
    },
    { what: "API Gateway's account quota", leads: limit(limits, 'apiGatewayAccountRequestsPerSecond') },
  ].sort((a, b) => a.leads - b.leads);
  const pool = poolBounds[0]!;
  const stack = stackBounds[0]!;
  const withoutThrottle = stackBounds.filter((b) => !b.what.startsWith('the API stage'))[0]!;
  const concurrency = r.deployed.assignerEventSource.maxConcurrency ?? limit(limits, 'lambdaConcurrency');

  // A pool of S shards: each owns a slice of the reps and a rotation item of its own; leads are
  // dealt to shards a commit's worth at a time by one counter (one plain update per commit).
  const perShard = Math.min(poolBounds[0]!.leads, poolBounds[1]!.leads);
  const shards = Math.ceil(TARGET_LEADS_PER_SECOND / perShard);
  const keyShards = (perLeadUnits: number) => Math.ceil((TARGET_LEADS_PER_SECOND * perLeadUnits) / partition);
  const dealerPerLead = 1 / batch;
  const wruLine = r.aws.scenarios[0]?.lines.find((l) => l.unit === 'WRU');
  const usdPerUnit = wruLine && wruLine.perLead > 0 ? wruLine.usdPerMillionLeads / wruLine.perLead : 0;
  const busyTotal = r.aws.scenarios[0]?.usdPerMillionLeads ?? 0;
  return {
    txMs,
    batch,
    leadsPerCommitWru: fmt(busy.assignment.writeUnits * batch, 0),
    assignmentWru: fmt(busy.assignment.writeUnits, 1),
    rotationPerCommit: fmt(rotationPerCommit, 1),
    loadsPerLead: fmt(loadsPerLead, 1),
    partition,
    poolLeads: fmt(pool.leads, 0),
    poolBinding: pool.what,
    poolOthers: listOf(poolBounds.slice(1).map((b) => `${b.what}, ${fmt(b.leads, 0)} leads/s`)),
    stackLeads: fmt(stack.leads, 0),
    stackBinding: stack.what,
    stackNext: `${withoutThrottle.what}, ${fmt(withoutThrottle.leads, 0)} leads/s`,
    stackOthers: listOf(
      stackBounds
        .filter((b) => b !== stack && b !== withoutThrottle)
        .map((b) => `${b.what}, ${fmt(b.leads, 0)} leads/s`),
    ),
    concurrency,
    poolsAtOnce: concurrency,
    poolsToSaturate: Math.ceil(withoutThrottle.leads / pool.leads),
    target: TARGET_LEADS_PER_SECOND,
    perShard: fmt(perShard, 0),
    shards,
    repsPerShardExample: 10 * shards,
    keySplits:
      listOf(
        [
          { index: 'byPool', shards: keyShards(perLead('leads/byPool')), what: 'pool and shard' },
          {
            index: 'byWaitingStatus',
            shards: keyShards(perLead('leads/byWaitingStatus')),
            what: 'status and a suffix',
          },
          { index: 'byMonth', shards: keyShards(perLead('leads/byMonth')), what: 'month and a suffix' },
        ]
          .filter((k) => k.shards > 1)
          .map((k) => `\`${k.index}\` into ${k.shards} keys (${k.what})`),
      ) || 'none',
    dealerPerLead: fmt(dealerPerLead, 2),
    shardedWru: fmt(busy.total.writeUnits + dealerPerLead, 2),
    shardedUsd: usd(busyTotal + dealerPerLead * usdPerUnit),
    busyUsd: usd(busyTotal),
    allowanceBusy: fmt(allowance(r, 0, 5), 1),
    allowanceTrickle: fmt(allowance(r, 1, 7), 1),
    perSecondUsdPerHour: usd(
      ((busy.total.writeUnits + dealerPerLead) * usdPerUnit * TARGET_LEADS_PER_SECOND * 3600) / 1e6,
    ),
  };
}

/** The write units per lead that `budget` dollars per million leave after every other line of scenario `i`. */
function allowance(r: BenchResults, i: number, budget: number): number {
  const scenario = r.aws.scenarios[i];
  const wru = scenario?.lines.find((l) => l.unit === 'WRU');
  if (!scenario || !wru || wru.perLead <= 0) return 0;
  const others = scenario.usdPerMillionLeads - wru.usdPerMillionLeads;
  return Math.max(0, (budget - others) / (wru.usdPerMillionLeads / wru.perLead));
}

/** The phase-2 layouts: an immutable lead body and a small state item, computed from this run's lead items. */
export function phase2Layouts(r: BenchResults) {
  const busy = steadyOf(r, r.config.batchSize);
  const trickle = steadyOf(r, 1);
  if (!busy || !trickle) return [];
  const wruLine = r.aws.scenarios[0]?.lines.find((l) => l.unit === 'WRU');
  const usdPerUnit = wruLine && wruLine.perLead > 0 ? wruLine.usdPerMillionLeads / wruLine.perLead : 0;
  const nonDynamo = (i: number) =>
    (r.aws.scenarios[i]?.usdPerMillionLeads ?? 0) -
    (r.aws.scenarios[i]?.lines.filter((l) => l.service === 'DynamoDB').reduce((s, l) => s + l.usdPerMillionLeads, 0) ??
      0);
  const layouts = [
    { name: 'state item, every index kept', listingsInTransaction: true, loads: true },
    {
      name: '… rep load counters only where a cap or least-loaded needs them',
      listingsInTransaction: true,
      loads: false,
    },
    { name: '… and the pool and rep listings written after the commit', listingsInTransaction: false, loads: false },
  ];
  const { rotationPerCommit, loadsPerLead } = stateSplit(r);
  const of = (sample: typeof busy.sample, batch: number, layout: (typeof layouts)[number]) => {
    const { body, stateReceived, stateAssigned } = splitLead(sample.received, sample.assigned);
    const state = stateTable();
    const inTx = layout.listingsInTransaction
      ? state
      : withIndex(withIndex(state, 'byPool', undefined), 'byRep', undefined);
    const ingest =
      writeCost(bodyTable(), undefined, body, false).total + writeCost(state, undefined, stateReceived, false).total;
    const update = writeCost(inTx, stateReceived, stateAssigned, true).total;
    const listings = layout.listingsInTransaction
      ? 0
      : Object.entries(writeCost(state, stateReceived, stateAssigned, false).indexes)
          .filter(([name]) => name === 'byPool' || name === 'byRep')
          .reduce((s, [, u]) => s + u, 0);
    return ingest + update + listings + rotationPerCommit / batch + (layout.loads ? loadsPerLead : 0);
  };
  return layouts.map((layout) => {
    const b = of(busy.sample, r.config.batchSize, layout);
    const t = of(trickle.sample, 1, layout);
    return {
      name: layout.name,
      busy: b,
      trickle: t,
      busyUsd: b * usdPerUnit + nonDynamo(0),
      trickleUsd: t * usdPerUnit + nonDynamo(1),
    };
  });
}

/** The attributes assignment changes: on the state item; the rest is the immutable body. */
const STATE_ATTRIBUTES = [
  'id',
  'status',
  'waiting',
  'statusCreatedAt',
  'createdAt',
  'poolId',
  'repId',
  'assignedAt',
  'updatedAt',
  'decisions',
  'offer',
  'slaReassignments',
  'queuePoolId',
  'queueRank',
];

function splitLead(received: Item, assigned: Item) {
  const pick = (item: Item, keep: (k: string) => boolean) =>
    Object.fromEntries(Object.entries(item).filter(([k]) => keep(k)));
  const body = pick(received, (k) => k === 'id' || k === 'createdAt' || !STATE_ATTRIBUTES.includes(k));
  return {
    body,
    stateReceived: pick(received, (k) => STATE_ATTRIBUTES.includes(k)),
    stateAssigned: pick(assigned, (k) => STATE_ATTRIBUTES.includes(k)),
  };
}

/** The body keeps the indexes written once at intake. */
function bodyTable(): TableDefinition {
  let t: TableDefinition = TABLES.leads;
  for (const name of ['byWaitingStatus', 'byPool', 'byRep', 'byQueueScore']) t = withIndex(t, name, undefined);
  return t;
}

/** The state item carries the indexes that move with the lead's state. */
function stateTable(): TableDefinition {
  let t: TableDefinition = TABLES.leads;
  for (const name of ['byMonth', 'byEmail', 'byPhone']) t = withIndex(t, name, undefined);
  return t;
}

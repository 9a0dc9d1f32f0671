import { describe, expect, it } from 'vitest';
import {
  gbSeconds,
  infrastructureCost,
  messagingCost,
  type PriceTable,
  sampledFraction,
  type UsagePerLead,
} from '../../bench/aws-cost';
import { packageOf, rewriteZodImport } from '../../bench/bundles';
import {
  indexWrites,
  itemKey,
  itemSize,
  numberSize,
  transactionUnits,
  withIndex,
  writeCost,
  writeUnits,
  writeUnitsPerLead,
} from '../../bench/capacity';
import { benchConfig } from '../../bench/config';
import { cacheRefreshPerLead, costPerLead } from '../../bench/cost-per-lead';
import { readDeployedConfig } from '../../bench/deployed-config';
import { judgeFairness } from '../../bench/peer';
import { smsExplanation } from '../../bench/report';
import { addConsumedCapacity, emptyTally } from '../../bench/request-counter';
import { niceCeiling, spreadChart } from '../../bench/spread-chart';
import { median, percentile, spread, summarize } from '../../bench/stats';
import { TABLES } from '../../functions/adapters/dynamodb/table-definitions';

// The benchmark's pure parts: if any of these is wrong, the published figures are wrong.

describe('statistics', () => {
  it('takes percentiles by nearest rank, always an observed sample', () => {
    const samples = Array.from({ length: 100 }, (_, i) => i + 1); // 1..100
    expect([
      percentile(samples, 50),
      percentile(samples, 95),
      percentile(samples, 99),
      percentile(samples, 100),
    ]).toEqual([50, 95, 99, 100]);
    expect(percentile([7, 1, 3], 50)).toBe(3);
    expect(percentile([42], 99)).toBe(42);
    expect(percentile([], 50)).toBeNaN();
  });

  it('takes the median of an even count as the mean of the middle two', () => {
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([5, 1, 3])).toBe(3);
  });

  it('summarizes count, extremes, percentiles and mean, and measures spread as max − min', () => {
    expect(summarize([10, 20, 30, 40])).toEqual({ count: 4, min: 10, p50: 20, p95: 40, p99: 40, max: 40, mean: 25 });
    expect(spread([30, 30, 31])).toBe(1);
  });
});

describe('DynamoDB capacity from item sizes (AWS rules)', () => {
  it('sizes items by attribute names and values', () => {
    expect(itemSize({ id: 'abc' })).toBe(2 + 3);
    expect(itemSize({ n: 12345 })).toBe(1 + 4); // 5 significant digits → 3 bytes + 1
    expect(itemSize({ ok: true, none: null })).toBe(2 + 1 + 4 + 1);
    expect(itemSize({ m: { a: 'x' } })).toBe(1 + 3 + 1 + 1 + 1); // map overhead 3, per element 1, key 1, value 1
    expect(itemSize({ l: ['ab', 'c'] })).toBe(1 + 3 + (1 + 2) + (1 + 1));
    expect(itemSize({ é: 'ü' })).toBe(2 + 2);
    expect(numberSize('1000')).toBe(2);
    expect(numberSize('-0.00123')).toBe(3);
  });

  it('charges one write unit per started KB, at least one', () => {
    expect([writeUnits(0), writeUnits(1024), writeUnits(1025), writeUnits(3000)]).toEqual([1, 1, 2, 3]);
  });

  it('counts index writes: none when nothing projected changes, one to add, update or remove, two when the key moves', () => {
    const [byWaitingStatus, byPool, , byMonth] = TABLES.leads.globalIndexes;
    const received = {
      id: 'L1',
      status: 'received',
      waiting: 'received',
      createdAt: '2026-11-23T10:00:00Z',
      createdMonth: '2026-11',
      statusCreatedAt: 'received#2026',
    };
    const { waiting: _gone, ...assignedBase } = received;
    const assigned = {
      ...assignedBase,
      status: 'assigned',
      poolId: 'p1',
      repId: 'r1',
      statusCreatedAt: 'assigned#2026',
    };
    expect(indexWrites(byWaitingStatus!, TABLES.leads, received, assigned)).toHaveLength(1);
    expect(indexWrites(byWaitingStatus!, TABLES.leads, received, { ...received, waiting: 'unassigned' })).toHaveLength(
      2,
    );
    expect(indexWrites(byPool!, TABLES.leads, received, assigned)).toHaveLength(1);
    expect(indexWrites(byMonth!, TABLES.leads, received, assigned)).toHaveLength(0);
    expect(indexWrites(byMonth!, TABLES.leads, undefined, received)).toHaveLength(1);
  });

  it('prices a one-lead assignment transaction by AWS rules: the lead, its index entries, all doubled', () => {
    // A 1.5 KB lead: table 2 × 2; the waiting entry removed, pool and rep entries added, each × 2; byMonth untouched.
    const received = {
      id: 'a',
      status: 'received',
      waiting: 'received',
      createdAt: '2026',
      createdMonth: '2026-11',
      statusCreatedAt: 'received#2026',
      raw: 'x'.repeat(1500),
    };
    const { waiting: _gone, ...rest } = received;
    const assigned = { ...rest, status: 'assigned', repId: 'rep1', poolId: 'pool1', statusCreatedAt: 'assigned#2026' };
    expect(writeCost(TABLES.leads, received, assigned, true)).toEqual({
      table: 4,
      indexes: { byWaitingStatus: 2, byPool: 2, byRep: 2 },
      total: 10,
    });
    // And the ingest PutItem of that lead: table 2, byWaitingStatus 1, byMonth 1 (no pool or rep yet).
    expect(writeCost(TABLES.leads, undefined, received, false)).toEqual({
      table: 2,
      indexes: { byWaitingStatus: 1, byMonth: 1 },
      total: 4,
    });
  });

  it('prices other table layouts from the same sample lead', () => {
    const received = {
      id: 'a',
      status: 'received',
      waiting: 'received',
      createdAt: '2026',
      createdMonth: '2026-11',
      statusCreatedAt: 'received#2026',
    };
    const { waiting: _gone, ...rest } = received;
    const sample = {
      received,
      assigned: { ...rest, status: 'assigned', repId: 'r', poolId: 'p', statusCreatedAt: 'assigned#2026' },
      otherUnitsPerLead: { state: 2.2 }, // the rotation's share and the rep's load item, as measured
    };
    const asBuilt = writeUnitsPerLead(TABLES, sample, { transactional: true });
    expect(asBuilt.ingest).toBe(3);
    expect(asBuilt.assignment).toBeCloseTo(2 + 2 + 2 + 2 + 2.2);
    const leaner = withIndex(TABLES.leads, 'byWaitingStatus', undefined);
    expect(writeUnitsPerLead({ leads: leaner }, sample, { transactional: false }).total).toBeCloseTo(
      2 + 1 + 1 + 1 + 1.1,
    );
  });

  it('prices a committed transaction from its items: leads before and after, other items as stored', () => {
    const before = {
      id: 'L1',
      status: 'received',
      waiting: 'received',
      createdAt: '2026',
      createdMonth: '2026-11',
      statusCreatedAt: 'received#2026',
    };
    const { waiting: _gone, ...rest } = before;
    const after = { ...rest, status: 'assigned', repId: 'r', poolId: 'p', statusCreatedAt: 'assigned#2026' };
    const rotation = { pk: 'pool#p', seq: 1, members: { r: { last: 1 } } };
    const load = { pk: 'rep#r', open: 1, dayCount: 1, day: '2026-11-23' };
    const units = transactionUnits(
      TABLES,
      [
        [
          { kind: 'Update', table: 'state', key: { pk: 'pool#p' } },
          { kind: 'Update', table: 'state', key: { pk: 'rep#r' } },
          { kind: 'Update', table: 'leads', key: { id: 'L1' } },
        ],
      ],
      new Map([['L1', { before, after }]]),
      new Map<string, Record<string, unknown>>([
        [itemKey('state', { pk: 'pool#p' }), rotation],
        [itemKey('state', { pk: 'rep#r' }), load],
      ]),
    );
    expect(units.byTarget).toEqual({
      state: 4,
      leads: 2,
      'leads/byWaitingStatus': 2,
      'leads/byPool': 2,
      'leads/byRep': 2,
    });
    expect(units.total).toBe(12);
  });
});

describe('request counting', () => {
  it('sums reported units by table and index, and keeps transactions apart (DynamoDB Local under-reports them)', () => {
    const tally = emptyTally();
    addConsumedCapacity(tally, 'PutItem', [
      {
        TableName: 'bench-leads',
        CapacityUnits: 3,
        Table: { CapacityUnits: 1 },
        GlobalSecondaryIndexes: { byStatus: { CapacityUnits: 1 }, byMonth: { CapacityUnits: 1 } },
      },
    ]);
    addConsumedCapacity(tally, 'GetItem', [{ TableName: 'bench-config', CapacityUnits: 1 }]);
    addConsumedCapacity(tally, 'TransactWriteItems', [{ TableName: 'bench-leads', CapacityUnits: 14 }]);
    expect(tally.writeUnits).toEqual({ total: 3, byTarget: { leads: 1, 'leads/byStatus': 1, 'leads/byMonth': 1 } });
    expect(tally.readUnits).toEqual({ total: 1, byTarget: { config: 1 } });
    expect(tally.transactionUnitsAsReported).toBe(14);
  });

  it('turns a tally into per-lead figures with computed transaction units added', () => {
    const tally = { ...emptyTally(), requests: { PutItem: 10, TransactWriteItems: 1 } };
    tally.writeUnits = { total: 30, byTarget: { leads: 10, 'leads/byStatus': 20 } };
    const cost = costPerLead(tally, 10, { total: 140, byTarget: { leads: 40, state: 2, 'leads/byStatus': 98 } });
    expect(cost).toMatchObject({ requests: 1.1, writeUnits: 17, computedWriteUnits: 14 });
    expect(cost.writeUnitsByTarget).toEqual({ leads: 5, 'leads/byStatus': 11.8, state: 0.2 });
  });

  it('spreads cache refreshes over the leads that arrive while the cache lives', () => {
    const fill = { ingest: { requests: 2, readUnits: 2 }, assigner: { requests: 4, readUnits: 13 } };
    // ingest every 60 s, assigner every 30 s, at 0.5 leads/s: (2/60 + 4/30) / 0.5 requests per lead.
    expect(cacheRefreshPerLead(fill, 0.5).requests).toBeCloseTo((2 / 60 + 4 / 30) / 0.5);
    expect(cacheRefreshPerLead(fill, 10).readUnits).toBeCloseTo((2 / 60 + 13 / 30) / 10);
  });
});

describe("the hand-written peer's fairness judgement", () => {
  const reps = ['a', 'b', 'c'];

  it('finds duplicate turns, lost updates and the uneven spread they cause', () => {
    // Two workers read counter 0 at once: both leads go to a, b is passed over.
    const assignments = [
      { turn: 0, repId: 'a' },
      { turn: 0, repId: 'a' },
      { turn: 1, repId: 'b' },
      { turn: 2, repId: 'c' },
    ];
    expect(judgeFairness(assignments, reps, 3)).toEqual({
      leads: 4,
      counts: [2, 1, 1],
      spread: 1,
      duplicateTurns: 1,
      skippedTurns: 0,
      lostUpdates: 1,
      excessLeads: 0,
    });
  });

  it('finds skipped turns, and judges a clean rotation clean', () => {
    expect(
      judgeFairness(
        [
          { turn: 1, repId: 'a' },
          { turn: 3, repId: 'c' },
        ],
        reps,
        2,
      ).skippedTurns,
    ).toBe(1);
    const clean = [1, 2, 3, 4, 5, 6].map((turn) => ({ turn, repId: reps[(turn - 1) % 3]! }));
    expect(judgeFairness(clean, reps, 6)).toMatchObject({
      duplicateTurns: 0,
      skippedTurns: 0,
      lostUpdates: 0,
      spread: 0,
      counts: [2, 2, 2],
    });
  });
});

describe('the AWS cost model', () => {
  const prices: PriceTable = {
    region: 'us-east-1',
    checked: '2026-11-23',
    basis: 'test',
    prices: [
      ['apigateway.http.request', 1e-6],
      ['lambda.request', 2e-7],
      ['lambda.arm.gb-second', 0.0000133334],
      ['sqs.standard.request', 4e-7],
      ['dynamodb.ondemand.wru', 6.25e-7],
      ['dynamodb.ondemand.rru', 1.25e-7],
      ['sns.publish', 5e-7],
      ['cloudwatch.logs.ingest-gb', 0.5],
      ['xray.trace', 5e-6],
      ['sns.email', 2e-5],
      ['sms.us', 0.00581],
    ].map(([id, usd]) => ({
      id: id as string,
      service: 'S',
      item: 'I',
      unit: 'u',
      usd: usd as number,
      display: 'd',
      source: 's',
      checked: '2026-11-23',
    })),
  };

  it('bills Lambda duration per started millisecond at the configured memory', () => {
    expect(gbSeconds(512, 12.2)).toBeCloseTo(0.5 * 0.013);
    expect(gbSeconds(1024, 1)).toBeCloseTo(0.001);
  });

  it('samples every request under one per second, then the first each second and 5% of the rest', () => {
    expect(sampledFraction(0.5)).toBe(1);
    expect(sampledFraction(10)).toBeCloseTo((1 + 0.05 * 9) / 10);
  });

  it('adds up a million leads line by line', () => {
    const usage: UsagePerLead = {
      scenario: 'test',
      leadsPerBatch: 10,
      leadsPerSecond: 10,
      apiRequests: 1,
      ingest: { invocations: 1, memoryMb: 512, billedMsPerInvocation: 10 },
      assigner: { invocations: 0.1, memoryMb: 512, billedMsPerInvocation: 20 },
      sqsRequests: 1.2,
      dynamoWriteUnits: 4,
      dynamoReadUnits: 0,
      snsPublishes: 1,
      logBytes: 0,
      xrayTraces: 0,
    };
    const estimate = infrastructureCost(usage, prices);
    const byItem = Object.fromEntries(estimate.lines.map((l) => [l.item, l.usdPerMillionLeads]));
    expect(byItem['Write request units']).toBeCloseTo(2.5);
    expect(byItem['Send, receive and delete']).toBeCloseTo(0.48);
    expect(byItem['Invocations: ingest + assigner']).toBeCloseTo(0.22);
    expect(byItem['Ingest duration (512 MB)']).toBeCloseTo(0.5 * 0.01 * 0.0000133334 * 1e6);
    expect(estimate.usdPerMillionLeads).toBeCloseTo(
      1 + 0.22 + 0.5 * 0.01 * 13.3334 + 0.1 * 0.5 * 0.02 * 13.3334 + 0.48 + 2.5 + 0.5,
    );
    expect(messagingCost(prices, 2)[0]!.usdPerMillionLeads).toBeCloseTo(11_620);
  });

  it('explains the SMS part count from the notice actually sent: length versus alphabet', () => {
    const link = `https://leads.example.com/l/${'t'.repeat(150)}`;
    const long = smsExplanation({
      aws: { smsPartsPerNotice: 2 } as never,
      handlers: { noticeTexts: [`New lead for you: Ada\n${link}`] } as never,
    });
    expect(long).toContain(
      `${22 + link.length} characters, all in the GSM 7-bit alphabet, ${link.length} of them the signed link, longer than the 160`,
    );
    const short = smsExplanation({
      aws: { smsPartsPerNotice: 1 } as never,
      handlers: { noticeTexts: [`New lead: Ada\nhttps://x.example/l/abc`] } as never,
    });
    expect(short).toContain('takes 1 part(s): 37 characters');
    expect(short).toContain('always keeps the phone and the link');
    const unicode = smsExplanation({
      aws: { smsPartsPerNotice: 1 } as never,
      handlers: { noticeTexts: ['Lead · Ada'] } as never,
    });
    expect(unicode).toContain('outside the GSM 7-bit alphabet');
    expect(unicode).not.toContain('signed link');
  });
});

describe('the spread chart', () => {
  it('draws one bar per rep and series, the even share, and escapes labels', () => {
    const svg = spreadChart({
      title: 'Leads <per> rep',
      subtitle: 's',
      evenShare: 10,
      series: [
        { label: 'ours & co', color: '#00f', counts: [10, 10, 10] },
        { label: 'peer', color: '#f80', counts: [14, 6, 10] },
      ],
    });
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(
      svg.match(/<rect x="[\d.]+" y="[\d.]+" width="[\d.]+" height="[\d.]+" fill="#(00f|f80)"><title>/g),
    ).toHaveLength(6);
    expect(svg).toContain('Leads &lt;per&gt; rep');
    expect(svg).toContain('ours &amp; co');
    expect(svg).toContain('even share 10');
    expect(svg).toContain('peer, rep 1: 14 leads');
  });

  it('rounds the axis up to a value whose quarters are round', () => {
    expect([niceCeiling(7), niceCeiling(13), niceCeiling(230), niceCeiling(330), niceCeiling(52)]).toEqual([
      8, 20, 250, 400, 60,
    ]);
  });
});

describe('the naive bundle and the bench configuration', () => {
  it("rewrites the project's zod/mini import to classic zod's named import", () => {
    const rewritten = rewriteZodImport("import * as z from 'zod/mini';\nexport const s = z.string();");
    expect(rewritten).toContain("import { z as classicZod } from 'zod';");
    expect(rewritten).toContain('partial: (schema: any) => schema.partial()');
    expect(rewritten).not.toContain('zod/mini');
  });

  it('names the package a bundled file came from', () => {
    expect(packageOf('node_modules/@smithy/core/dist-es/index.js')).toBe('@smithy/core');
    expect(
      packageOf('node_modules/@aws-lambda-powertools/logger/node_modules/@aws-lambda-powertools/commons/lib/esm/x.js'),
    ).toBe('@aws-lambda-powertools/commons');
    expect(packageOf('node_modules/zod/v4/core/schemas.js')).toBe('zod');
    expect(packageOf('functions/core/lead.ts')).toBe('functions/core');
  });

  it('runs full by default into the repository, quick into test-output, and refuses nonsense sizes', () => {
    expect(benchConfig({})).toMatchObject({
      quick: false,
      workers: 8,
      leads: 2400,
      latencyRate: 50,
      latencySeconds: 20,
      outputs: { results: 'bench/results.json', doc: 'docs/performance.md' },
    });
    expect(benchConfig({ BENCH_QUICK: '1' })).toMatchObject({
      quick: true,
      outputs: { results: 'test-output/bench-quick/results.json' },
    });
    expect(benchConfig({ BENCH_LEADS: '500' }).leads).toBe(500);
    expect(() => benchConfig({ BENCH_LEADS: 'lots' })).toThrow(/BENCH_LEADS/);
  });
});

describe('the deployed configuration the benchmark measures', () => {
  it('is read from the stack: source maps and tracing off by default, on with the switches', () => {
    const defaults = readDeployedConfig();
    expect(defaults.functions.assigner).toMatchObject({ sourceMaps: false, tracing: 'PassThrough' });
    expect(defaults.assignerEventSource).toEqual({ batchSize: 10, maxConcurrency: 5 });
    const switched = readDeployedConfig({ tracing: true, sourceMapStackTraces: true, assignerMaxConcurrency: 3 });
    expect(Object.values(switched.functions).every((f) => f.sourceMaps && f.tracing === 'Active')).toBe(true);
    expect(switched.assignerEventSource.maxConcurrency).toBe(3);
  }, 60_000);
});

// Lookup tables, measured: upload time of 100,000 rows through the admin use case, DynamoDB
// requests and capacity per routed lead with table rules (cached and cold), the added cost
// per million leads, and rule evaluation time per lead with 1,000 rules. Runs inside
// `npm run bench` (bench/run.ts) or alone: `npx tsx bench/lookup-tables.ts`. Writes
// bench/lookup-tables.json and docs/lookup-tables-performance.md (BENCH_QUICK=1: test-output/).

import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CachedTableReader } from '../functions/adapters/caching/cached-table-reader';
import { DynamoAuditLog } from '../functions/adapters/dynamodb/dynamo-audit-log';
import { DynamoConfigStore } from '../functions/adapters/dynamodb/dynamo-config-store';
import { DynamoTableStore } from '../functions/adapters/dynamodb/dynamo-table-store';
import { prefixedTableNames } from '../functions/adapters/dynamodb/table-definitions';
import { prefetchRuleLookups } from '../functions/core/routing/prefetch-lookups';
import { evaluateRules } from '../functions/core/routing/route-lead';
import { type Rule, RuleSchema, type RuleSet } from '../functions/core/routing/rules';
import { systemActor } from '../functions/core/shared/actor';
import { systemClock } from '../functions/core/shared/ports';
import { parseInput } from '../functions/core/shared/validation';
import type { Source } from '../functions/core/sources/source';
import { putTable } from '../functions/core/tables/table-admin';
import { readCsvTable } from '../functions/core/tables/table-upload';
import { createPool } from '../functions/core/team/pool-admin';
import { PoolCreateSchema } from '../functions/core/team/pool-schemas';
import { createRep } from '../functions/core/team/rep-admin';
import { ensureTables, startDynamoDbLocal } from '../functions/local/dynamodb-local';
import { loadPrices } from './aws-cost';
import { countedDocumentClient, type PerLeadCost, perLead } from './request-counter';

export interface LookupTablesResults {
  generatedAt: string;
  quick: boolean;
  uploads: {
    table: string;
    rows: number;
    csvBytes: number;
    seconds: number;
    requests: number;
    writeUnits: number;
    readUnits: number;
  }[];
  perLead: { scenario: string; leads: number; cost: PerLeadCost }[];
  costPerMillionLeadsUsd: { scenario: string; usd: number }[];
  ruleEvaluation: { rules: number; leads: number; microsecondsPerLead: number };
}

const source = {
  id: 'src_bench',
  kind: 'form',
  name: 'Bench',
  key: 'k',
  createdAt: '',
  updatedAt: '',
  version: 1,
} as unknown as Source;

/** Measures lookup tables against the DynamoDB Local at `endpoint`. */
export async function measureLookupTables(endpoint: string, options: { quick: boolean; log: (line: string) => void }) {
  const { client, documents, counter } = countedDocumentClient(endpoint);
  const tables = prefixedTableNames(`lt${Date.now().toString(36)}`);
  await ensureTables(client, tables);
  const config = new DynamoConfigStore(documents, tables);
  const store = new DynamoTableStore(documents, tables.lookups);
  const admin = { config, clock: systemClock };
  const owner = await createRep(admin, { name: 'Owner' }, systemActor('bench'));
  const pools: string[] = [];
  for (const name of ['East', 'West', 'Account desk']) {
    pools.push(
      (
        await createPool(
          admin,
          parseInput(PoolCreateSchema, { name, method: 'round_robin', members: [{ repId: owner.id }] }),
          systemActor('bench'),
        )
      ).id,
    );
  }
  const deps = { ...admin, tables: store, audit: new DynamoAuditLog(documents, tables.config) };

  const rows = options.quick ? 20_000 : 100_000;
  const uploads: LookupTablesResults['uploads'] = [];
  const upload = async (table: string, csv: string) => {
    counter.reset();
    const started = performance.now();
    await putTable(deps, table, readCsvTable(csv), systemActor('bench'));
    const seconds = (performance.now() - started) / 1000;
    const tally = counter.tally();
    uploads.push({
      table,
      rows,
      csvBytes: Buffer.byteLength(csv),
      seconds: Math.round(seconds * 100) / 100,
      requests: Object.values(tally.requests).reduce((a, b) => a + b, 0),
      writeUnits: tally.writeUnits.total,
      readUnits: tally.readUnits.total,
    });
    options.log(`lookup tables: ${table}, ${rows} rows uploaded in ${seconds.toFixed(1)} s`);
  };
  const zipLines = ['postal_code,poolId'];
  for (let n = 0; n < rows; n++) zipLines.push(`${String(n).padStart(5, '0')},${pools[n % 2]}`);
  await upload('bench-zip', zipLines.join('\n'));
  const accountLines = ['email_domain,repId,fallbackPoolId'];
  for (let n = 0; n < rows; n++) accountLines.push(`account-${n}.example.com,${owner.id},${pools[2]}`);
  await upload('bench-accounts', accountLines.join('\n'));
  options.log('lookup tables: replacing the ZIP table (diff against the current version, retire the one before)');
  await upload('bench-zip', zipLines.join('\n'));

  const ruleSet: RuleSet = {
    version: 1,
    rules: [
      RuleSchema.parse({ name: 'Accounts', accountOwner: { table: 'bench-accounts', match: 'email_domain' } }),
      RuleSchema.parse({ name: 'Territories', table: 'bench-zip', field: 'postalCode' }),
    ],
  };
  const leads = options.quick ? 200 : 1_000;
  const lead = (i: number) => ({
    sourceId: source.id,
    fields: {
      email: `buyer@account-${(i * 7919) % rows}.example.com`,
      postalCode: String((i * 104_729) % rows).padStart(5, '0'),
    },
    custom: {},
  });
  const perLeadCosts: LookupTablesResults['perLead'] = [];
  const measure = async (scenario: string, readerFor: () => CachedTableReader, offset: number) => {
    counter.reset();
    for (let i = 0; i < leads; i++) await prefetchRuleLookups(readerFor(), ruleSet, lead(offset + i), source);
    perLeadCosts.push({ scenario, leads, cost: perLead(counter.tally(), leads) });
  };
  // Cold: a fresh assigner instance per lead (head and parts read); heads warm, parts cold:
  // distinct keys on a warm instance; cached: the same keys again (the steady state).
  await measure('cold instance (head and parts read)', () => new CachedTableReader(store, systemClock), 0);
  const warm = new CachedTableReader(store, systemClock, 3_600_000, 100_000);
  await prefetchRuleLookups(warm, ruleSet, lead(0), source);
  await measure('warm heads, parts not yet cached', () => warm, leads);
  await measure('cached (parts read before)', () => warm, leads);

  const prices = loadPrices();
  const rru = prices.prices.find((p) => p.id === 'dynamodb.ondemand.rru')!.usd;
  const costPerMillionLeadsUsd = perLeadCosts.map(({ scenario, cost }) => ({
    scenario,
    usd: Math.round(cost.readUnits * 1_000_000 * rru * 1000) / 1000,
  }));

  const ruleEvaluation = timeRuleEvaluation(options.quick ? 2_000 : 20_000);
  options.log(`lookup tables: 1,000 rules evaluate in ${ruleEvaluation.microsecondsPerLead.toFixed(1)} µs per lead`);
  client.destroy();
  return {
    generatedAt: new Date().toISOString(),
    quick: options.quick,
    uploads,
    perLead: perLeadCosts,
    costPerMillionLeadsUsd,
    ruleEvaluation,
  } satisfies LookupTablesResults;
}

/** Time to try 1,000 rules that all fail on their last condition (the worst case: every rule is tried). */
function timeRuleEvaluation(leads: number): LookupTablesResults['ruleEvaluation'] {
  const rules: Rule[] = Array.from({ length: 1_000 }, (_, i) =>
    RuleSchema.parse({
      name: `rule ${i}`,
      poolId: 'pool_x',
      when: {
        all: [
          { field: 'country', op: 'in', value: ['US', 'CA', 'GB', 'DE'] },
          { field: 'employees', op: 'gte', value: 10 },
          { field: 'postalCode', op: 'prefix', value: [`${i % 100}`.padStart(2, '0'), '99'] },
          { field: 'product', op: 'contains', value: `product ${i}` },
        ],
      },
    }),
  );
  const lead = {
    sourceId: 'src',
    fields: { country: 'US', employees: 50, postalCode: '99123', product: 'fleet' },
    custom: {},
  };
  const now = new Date();
  for (let i = 0; i < 200; i++) evaluateRules(rules, lead, source, now);
  const started = performance.now();
  for (let i = 0; i < leads; i++) evaluateRules(rules, lead, source, now);
  const microsecondsPerLead = ((performance.now() - started) * 1000) / leads;
  return { rules: rules.length, leads, microsecondsPerLead: Math.round(microsecondsPerLead * 10) / 10 };
}

/** The results as the markdown page docs/lookup-tables.md links to. */
export function renderLookupTables(results: LookupTablesResults): string {
  const lines = [
    '# Lookup tables: measured',
    '',
    `Written by \`npm run bench\` (bench/lookup-tables.ts) on ${results.generatedAt}${results.quick ? ', a quick smoke run' : ''}, against DynamoDB Local on one machine. Times are this machine's and DynamoDB Local's (AWS is faster per request, and on-demand tables take bursts); requests and capacity units are the real adapters' real calls, as DynamoDB reports them.`,
    '',
    '## Uploads',
    '',
    '| table | rows | CSV | seconds | requests | write units | read units |',
    '| --- | --: | --: | --: | --: | --: | --: |',
    ...results.uploads.map(
      (u) =>
        `| ${u.table} | ${u.rows} | ${(u.csvBytes / 1e6).toFixed(2)} MB | ${u.seconds} | ${u.requests} | ${Math.round(u.writeUnits)} | ${Math.round(u.readUnits)} |`,
    ),
    '',
    'The second `bench-zip` upload is a replacement: it also reads the current version for the diff and deletes nothing yet (the first version is kept as the previous one).',
    '',
    '## Per routed lead',
    '',
    'The lookups of two rules (named accounts by email domain, territories by ZIP) for each lead, through the cache the assigner uses. A named account whose owner is outside the pool adds one BatchGetItem per batch of leads (the owner and their counters), not counted here.',
    '',
    '| scenario | leads | requests per lead | read units per lead | added cost per million leads |',
    '| --- | --: | --: | --: | --: |',
    ...results.perLead.map((p, i) => {
      const usd = results.costPerMillionLeadsUsd[i]!.usd;
      return `| ${p.scenario} | ${p.leads} | ${p.cost.requests.toFixed(2)} | ${p.cost.readUnits.toFixed(2)} | $${usd.toFixed(3)} |`;
    }),
    '',
    '## Rule evaluation',
    '',
    `${results.ruleEvaluation.rules} rules, each failing on its last of four conditions (so every rule is tried): ${results.ruleEvaluation.microsecondsPerLead} µs per lead, over ${results.ruleEvaluation.leads} leads.`,
    '',
  ];
  return lines.join('\n');
}

/** Measures, then writes the JSON and the markdown page. */
export async function runLookupTablesBench(endpoint: string, options: { quick: boolean; log: (line: string) => void }) {
  const results = await measureLookupTables(endpoint, options);
  const out = options.quick
    ? {
        json: 'test-output/bench-quick/lookup-tables.json',
        doc: 'test-output/bench-quick/lookup-tables-performance.md',
      }
    : { json: 'bench/lookup-tables.json', doc: 'docs/lookup-tables-performance.md' };
  for (const path of Object.values(out)) await mkdir(dirname(path), { recursive: true });
  await writeFile(out.json, `${JSON.stringify(results, null, 2)}\n`);
  await writeFile(out.doc, renderLookupTables(results));
  options.log(`lookup tables: wrote ${out.json}, ${out.doc}`);
  return results;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const dynamo = await startDynamoDbLocal();
  const quick = process.env.BENCH_QUICK === '1' || process.env.BENCH_QUICK === 'true';
  try {
    await runLookupTablesBench(dynamo.endpoint, { quick, log: (line) => process.stdout.write(`${line}\n`) });
  } finally {
    await dynamo.stop();
  }
}

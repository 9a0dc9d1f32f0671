import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chooseRep } from '../../functions/core/methods/choose-rep';
import { EMPTY_ROTATION } from '../../functions/core/methods/rotation';
import { prefetchRuleLookups } from '../../functions/core/routing/prefetch-lookups';
import { routeLead } from '../../functions/core/routing/route-lead';
import { RuleSchema, type RuleSet } from '../../functions/core/routing/rules';
import type { Source } from '../../functions/core/sources/source';
import type { PartRef, TableReader } from '../../functions/core/tables/ports';
import type { TableHead, TableRow } from '../../functions/core/tables/table';
import { layoutRows } from '../../functions/core/tables/table-layout';
import { lookupRows } from '../../functions/core/tables/table-lookup';
import { aPool, aRep, repsById } from '../support/builders';
import { aSource } from '../support/memory-stores';

/** A table reader in memory, over versions laid out exactly as stored; counts part reads. */
function memoryTables(
  ...tables: { name: string; kind: TableHead['kind']; target?: TableHead['target']; rows: TableRow[] }[]
) {
  const heads = new Map<string, TableHead>();
  const parts = new Map<string, string>();
  const reads: PartRef[][] = [];
  const put = (t: (typeof tables)[number], version: number) => {
    const target = t.target ?? 'poolId';
    const { layout, parts: laid } = layoutRows(t.rows, target);
    for (const [id, text] of laid) parts.set(`${t.name}@${version}#${id}`, text);
    const current = {
      version,
      rows: t.rows.length,
      counts: { exact: 0, prefix: 0, range: 0 },
      createdAt: '',
      layout,
      poolIds: [],
      repIds: [],
    };
    const previous = heads.get(t.name)?.current;
    heads.set(t.name, {
      name: t.name,
      kind: t.kind,
      target,
      fallback: true,
      current,
      ...(previous ? { previous } : {}),
      createdAt: '',
      updatedAt: '',
    });
  };
  for (const t of tables) put(t, 1);
  const reader: TableReader & { reads: PartRef[][]; put: typeof put; retire(name: string, version: number): void } = {
    reads,
    put,
    retire: (name, version) => {
      for (const id of [...parts.keys()]) if (id.startsWith(`${name}@${version}#`)) parts.delete(id);
    },
    head: async (name) => heads.get(name),
    parts: async (refs) => {
      reads.push([...refs]);
      return refs.map((r) => parts.get(`${r.table}@${r.version}#${r.part}`));
    },
  };
  return reader;
}

describe('lookups', () => {
  it('find every row of a large table by reading only the parts its keys hash to', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(fc.integer({ min: 0, max: 99_999 }), { minLength: 1, maxLength: 3_000 }),
        async (codes) => {
          const rows = codes.map((n) => ({ key: String(n).padStart(5, '0'), poolId: `pool_${n % 7}` }));
          const tables = memoryTables({ name: 'zip', kind: 'postal_code', rows });
          const sample = rows.filter((_, i) => i % 97 === 0);
          const results = await lookupRows(
            tables,
            sample.map((r) => ({ table: 'zip', value: r.key })),
          );
          expect(results.map((r) => (r.status === 'matched' ? r.match.row.poolId : r.status))).toEqual(
            sample.map((r) => r.poolId),
          );
          expect(tables.reads).toHaveLength(1);
          expect(tables.reads[0]!.length).toBeLessThanOrEqual(sample.length);
        },
      ),
      { numRuns: 20 },
    );
  });

  it('prefers an exact code, then the longest prefix, then a range', async () => {
    const tables = memoryTables({
      name: 'zip',
      kind: 'postal_code',
      rows: [
        { key: '94107', poolId: 'exact' },
        { key: '941*', poolId: 'zip3' },
        { key: '94*', poolId: 'zip2' },
        { key: '90000..95999', poolId: 'range' },
        ...Array.from({ length: 500 }, (_, i) => ({ key: `${i}..${i}`, poolId: 'filler' })),
      ],
    });
    const found = await lookupRows(
      tables,
      ['94107', '94110', '94210', '95000', '96000'].map((value) => ({ table: 'zip', value })),
    );
    expect(found.map((r) => (r.status === 'matched' ? `${r.match.row.poolId}/${r.match.how}` : r.status))).toEqual([
      'exact/exact',
      'zip3/prefix',
      'zip2/prefix',
      'range/range',
      'no_row',
    ]);
  });

  it('reads the head again when the version it named has been retired, so no lookup mixes versions', async () => {
    const tables = memoryTables({
      name: 'acc',
      kind: 'company',
      target: 'repId',
      rows: [{ key: 'acme', repId: 'rep_1' }],
    });
    const stale = await tables.head('acc');
    tables.put({ name: 'acc', kind: 'company', target: 'repId', rows: [{ key: 'acme', repId: 'rep_2' }] }, 2);
    tables.retire('acc', 1);
    let asked = 0;
    const cachedHead: TableReader = {
      ...tables,
      head: async (name, fresh) => {
        asked++;
        return fresh ? tables.head(name) : stale;
      },
    };
    const [result] = await lookupRows(cachedHead, [{ table: 'acc', value: 'ACME Inc' }]);
    expect(result).toMatchObject({ status: 'matched', match: { version: 2, row: { repId: 'rep_2' } } });
    expect(asked).toBe(2);
  });
});

describe('routing by tables', () => {
  const source = { ...aSource('src_web', 'unused'), poolId: undefined } as Source;
  const rules = (defaultPoolId?: string): RuleSet => ({
    version: 1,
    rules: [
      RuleSchema.parse({
        name: 'Accounts',
        accountOwner: { table: 'acc', match: 'email_domain' },
        poolId: 'pool_named',
      }),
      RuleSchema.parse({ name: 'Territories', table: 'zip', field: 'postalCode' }),
    ],
    ...(defaultPoolId ? { defaultPoolId } : {}),
  });
  const tables = memoryTables(
    { name: 'acc', kind: 'email_domain', target: 'repId', rows: [{ key: 'acme.com', repId: 'rep_owner' }] },
    { name: 'zip', kind: 'postal_code', rows: [{ key: '941*', poolId: 'pool_west' }] },
  );
  const route = async (fields: { email?: string; postalCode?: string }, ruleSet = rules('pool_default')) => {
    const lead = { sourceId: 'src_web', fields, custom: {} };
    const lookups = await prefetchRuleLookups(tables, ruleSet, lead, source);
    return routeLead(lead, { source, ruleSet, now: new Date(), ...(lookups ? { lookups } : {}) });
  };

  it('sends a named account to its owner, starting in the rule pool when the row names no fallback', async () => {
    const routed = await route({ email: 'cfo@finance.acme.com', postalCode: '94107' });
    expect(routed).toMatchObject({
      poolId: 'pool_named',
      owner: 'rep_owner',
      rule: 'Accounts',
      table: { key: 'acme.com', version: 1 },
    });
  });

  it('falls through to the next rule when no row matches, and names the keys it tried', async () => {
    const routed = await route({ email: 'x@gmail.com', postalCode: '94107' });
    expect(routed).toMatchObject({ poolId: 'pool_west', rule: 'Territories', table: { how: 'prefix' } });
    expect(routed.trace[0]).toMatchObject({
      matched: false,
      lookup: { table: 'acc', found: false, reason: 'free_mail' },
    });
    const nowhere = await route({ email: 'x@initech.com', postalCode: '10001' });
    expect(nowhere).toMatchObject({ poolId: 'pool_default', via: 'default' });
    expect(nowhere.trace[1]).toMatchObject({ lookup: { reason: 'no_row', keys: ['10001', '100*'] } });
  });

  it('refuses rules that mix up their lookup fields', () => {
    expect(RuleSchema.safeParse({ name: 'x', table: 'zip' }).success).toBe(false);
    expect(RuleSchema.safeParse({ name: 'x', poolId: 'p' }).success).toBe(false);
    expect(
      RuleSchema.safeParse({
        name: 'x',
        table: 'a',
        field: 'postalCode',
        accountOwner: { table: 'b', match: 'company' },
      }).success,
    ).toBe(false);
  });
});

describe('named account owners', () => {
  const pool = aPool('pool_named', ['rep_m']);
  const view = (owner: ReturnType<typeof aRep>) => ({ pool, reps: repsById(aRep('rep_m'), owner), loads: new Map() });
  const now = new Date('2026-11-23T10:00:00Z');

  it('get the lead when eligible, member of the pool or not, without moving the rotation', () => {
    const choice = chooseRep(
      view(aRep('rep_owner')),
      EMPTY_ROTATION,
      now,
      { random: Math.random },
      { owner: 'rep_owner' },
    );
    expect(choice.decision).toMatchObject({
      outcome: 'assigned',
      repId: 'rep_owner',
      method: 'account_owner',
      account: { honoured: true },
    });
    expect(choice.state).toBe(EMPTY_ROTATION);
  });

  it('leave it to the pool when away, and the decision says why', () => {
    const away = aRep('rep_owner', { awayUntil: '2026-12-01T00:00:00Z' });
    const choice = chooseRep(view(away), EMPTY_ROTATION, now, { random: Math.random }, { owner: 'rep_owner' });
    expect(choice.decision).toMatchObject({
      outcome: 'assigned',
      repId: 'rep_m',
      account: { repId: 'rep_owner', honoured: false, reason: 'away' },
    });
  });
});

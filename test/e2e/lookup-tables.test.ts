import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../functions/local/local-stack';
import { apiClient, startTestStack } from '../support/local-api';

// The territory and named-account scenario end to end, through the API on DynamoDB Local:
// 40,000 postal-code rows and 2,000 named accounts by domain (and 2,000 by company name).

let stack: LocalStack;
let api: ReturnType<typeof apiClient>;
const ids: Record<string, string> = {};
let sourceKey = '';

const zip = (n: number) => String(n).padStart(5, '0');

/** 39,990 exact ZIPs (10000–49989, alternating east and west), 5 ZIP3 prefixes and 5 ranges: 40,000 rows. */
function territoryCsv(east: string, west: string): string {
  const lines = ['postal_code,poolId'];
  for (let n = 10_000; n < 49_990; n++) lines.push(`${zip(n)},${n % 2 ? east : west}`);
  for (const zip3 of ['941', '942', '943', '944', '945']) lines.push(`${zip3}*,${west}`);
  for (const start of [60, 61, 62, 63, 64]) lines.push(`"${start}000..${start}999",${east}`);
  return `\ufeff${lines.join('\r\n')}\r\n`;
}

async function upload(name: string, csv: string, query = '') {
  return api.call('PUT', `/admin/tables/${name}${query}`, { raw: csv, headers: { 'content-type': 'text/csv' } });
}

async function send(body: Record<string, unknown>) {
  const { leadId } = (await api.call('POST', `/hooks/${sourceKey}`, { body, key: null })).body;
  await stack.settled();
  return (await api.get(`/admin/leads/${leadId}`)).body;
}

beforeAll(async () => {
  stack = await startTestStack({ sweepEveryMs: 0, sourceCacheMs: 0, ruleCacheMs: 0 });
  api = apiClient(stack);
  for (const name of ['ana', 'ben', 'cy', 'dee', 'owner', 'away']) {
    ids[name] = (await api.post('/admin/reps', { name })).body.id;
  }
  const pool = async (name: string, rep: string) =>
    (await api.post('/admin/pools', { name, method: 'round_robin', members: [{ repId: ids[rep] }] })).body.id;
  ids.east = await pool('East', 'ana');
  ids.west = await pool('West', 'ben');
  ids.accounts = await pool('Account desk', 'cy');
  ids.inbound = await pool('Inbound', 'dee');
  sourceKey = (await api.post('/admin/sources', { name: 'Site', kind: 'form' })).body.key;
});

afterAll(() => stack?.stop());

describe('lookup tables: territories and named accounts', () => {
  it('routes by 40,000 ZIP rows and 2,000 named accounts uploaded as CSV, and a replacement never mixes versions', async () => {
    const territories = await upload('us-zip', territoryCsv(ids.east!, ids.west!));
    expect(territories.status).toBe(201);
    expect(territories.body).toMatchObject({ version: 1, rows: 40_000, problemCount: 0, changes: { added: 40_000 } });

    const domains = ['email_domain,repId,fallbackPoolId'];
    const companies = ['company,repId,fallbackPoolId'];
    for (let i = 0; i < 2_000; i++) {
      const owner = i === 7 ? ids.away : ids.owner;
      domains.push(`acme-${i}.com,${owner},${ids.accounts}`);
      companies.push(`"Globex ${i}, LLC",${owner},${ids.accounts}`);
    }
    expect((await upload('named-domains', domains.join('\n'))).body.rows).toBe(2_000);
    expect((await upload('named-companies', companies.join('\n'))).body.rows).toBe(2_000);
    await api.patch(`/admin/reps/${ids.away}`, { awayUntil: new Date(Date.now() + 86_400_000).toISOString() });

    const rules = await api.call('PUT', '/admin/rules', {
      body: {
        rules: [
          { name: 'Named accounts by domain', accountOwner: { table: 'named-domains', match: 'email_domain' } },
          { name: 'Named accounts by company', accountOwner: { table: 'named-companies', match: 'company' } },
          { name: 'US territories', table: 'us-zip', field: 'postalCode' },
        ],
        defaultPoolId: ids.inbound,
      },
    });
    expect(rules.status).toBe(200);

    const inRange = await send({ email: 'a@example.org', zip: '60500' });
    expect(inRange).toMatchObject({ status: 'assigned', poolId: ids.east, repId: ids.ana });
    expect(inRange.decisions[0]).toMatchObject({
      rule: 'US territories',
      table: { name: 'us-zip', version: 1, key: '60500', how: 'range', row: { key: '60000..60999', poolId: ids.east } },
    });
    const zip3 = await send({ email: 'b@example.org', zip: '94107-1234' });
    expect(zip3).toMatchObject({ poolId: ids.west, repId: ids.ben });
    expect(zip3.decisions[0].table).toMatchObject({ how: 'prefix', row: { key: '941*' } });

    const byDomain = await send({ email: 'ceo@emea.sales.acme-42.com', zip: '10001' });
    expect(byDomain).toMatchObject({ poolId: ids.accounts, repId: ids.owner });
    expect(byDomain.decisions[0]).toMatchObject({
      method: 'account_owner',
      account: { repId: ids.owner, honoured: true },
      table: { name: 'named-domains', key: 'acme-42.com', how: 'exact' },
    });
    const byCompany = await send({ email: 'buyer@gmail.com', company: 'GLOBEX 99 Inc.', zip: '10001' });
    expect(byCompany).toMatchObject({ repId: ids.owner });
    expect(byCompany.decisions[0].table).toMatchObject({
      name: 'named-companies',
      key: 'globex 99',
      row: { as: 'Globex 99, LLC' },
    });

    const ownerAway = await send({ email: 'x@acme-7.com' });
    expect(ownerAway).toMatchObject({ poolId: ids.accounts, repId: ids.cy });
    expect(ownerAway.decisions[0].account).toEqual({ repId: ids.away, honoured: false, reason: 'away' });

    const sourceId = (await api.get('/admin/sources')).body.sources[0].id;
    const explained = (await api.post('/admin/explain', { sourceId, lead: { email: 'cto@acme-3.com' } })).body;
    expect(explained.route).toMatchObject({
      rule: 'Named accounts by domain',
      owner: ids.owner,
      table: { name: 'named-domains', version: 1, key: 'acme-3.com' },
    });
    expect(explained.route.trace[0].lookup).toMatchObject({ found: true, row: { repId: ids.owner } });
    expect(explained.outcome).toMatchObject({ status: 'assigned', repId: ids.owner });

    const freeMail = await send({ email: 'someone@gmail.com', company: 'Initech', zip: '99999' });
    expect(freeMail).toMatchObject({ poolId: ids.inbound, repId: ids.dee });
    expect(freeMail.decisions[0].table).toBeUndefined();

    // A replacement that swaps east and west, uploaded while leads keep coming.
    const flowing: Promise<unknown>[] = [];
    const replacing = upload('us-zip', territoryCsv(ids.west!, ids.east!));
    for (let i = 0; i < 12; i++) {
      flowing.push(
        api.call('POST', `/hooks/${sourceKey}`, { body: { email: `f${i}@example.org`, zip: '10001' }, key: null }),
      );
      await new Promise((r) => setTimeout(r, 15));
    }
    expect((await replacing).body).toMatchObject({ version: 2, previousVersion: 1, changes: { changed: 40_000 } });
    flowing.push(
      api.call('POST', `/hooks/${sourceKey}`, { body: { email: 'after@example.org', zip: '10001' }, key: null }),
    );
    const leadIds = (await Promise.all(flowing)).map((r) => (r as { body: { leadId: string } }).body.leadId);
    await stack.settled();
    const versions = new Set<number>();
    for (const id of leadIds) {
      const lead = (await api.get(`/admin/leads/${id}`)).body;
      const { version } = lead.decisions[0].table;
      versions.add(version);
      // 10001 is odd: east in version 1, west in version 2. Never the row of one and the pool of the other.
      expect(lead.poolId).toBe(version === 1 ? ids.east : ids.west);
      expect(lead.decisions[0].table.row.poolId).toBe(lead.poolId);
    }
    expect(versions.has(2)).toBe(true);

    const previous = await api.get('/admin/tables/us-zip/rows?key=10001&version=1');
    expect(previous.body).toMatchObject({ found: true, version: 1, row: { poolId: ids.east } });
    const current = await api.get('/admin/tables/us-zip/rows?key=10001');
    expect(current.body).toMatchObject({ found: true, version: 2, row: { poolId: ids.west } });
  });

  it('answers a dry run with the changes and every problem by line, and writes nothing', async () => {
    const csv = [
      'postal_code,poolId',
      `10001,${ids.west}`,
      'not a zip!,x',
      `10001,${ids.east}`,
      `70000-70999,pool_nope`,
    ].join('\n');
    await upload('dry', `postal_code,poolId\n10001,${ids.east}\n20002,${ids.east}\n`);
    const dry = await upload('dry', csv, '?dryRun=true');
    expect(dry.status).toBe(200);
    expect(dry.body).toMatchObject({ dryRun: true, version: 1, problemCount: 3 });
    expect(dry.body.problems.map((p: { line: number; code: string }) => [p.line, p.code])).toEqual([
      [3, 'not_a_postal_code'],
      [4, 'duplicate_key'],
      [5, 'unknown_pool'],
    ]);
    expect(dry.body.changes).toMatchObject({ added: 1, removed: 1 });
    const refused = await upload('dry', csv);
    expect(refused.status).toBe(400);
    expect(refused.body.error.details[0]).toMatchObject({ path: 'line 3', line: 3 });
    expect((await api.get('/admin/tables/dry')).body).toMatchObject({ version: 1, rows: 2 });
  });

  it('lists, downloads as CSV, accepts JSON rows, and refuses to delete a table a rule uses', async () => {
    const json = await api.call('PUT', '/admin/tables/regions', {
      body: { kind: 'region', rows: [{ key: 'Île-de-France', poolId: ids.east }] },
    });
    expect(json.status).toBe(201);
    expect((await api.get('/admin/tables/regions/rows?key=ile-de-france')).body).toMatchObject({ found: true });
    const listed = (await api.get('/admin/tables')).body.tables.map((t: { name: string }) => t.name);
    expect(listed).toEqual(expect.arrayContaining(['us-zip', 'named-domains', 'regions']));

    const download = await api.call('GET', '/admin/tables/named-companies.csv');
    expect(download.headers.get('content-type')).toContain('text/csv');
    const lines = String(download.body).trim().split('\r\n');
    expect(lines[0]).toBe('company,repId,fallbackPoolId');
    expect(lines).toContain(`"Globex 0, LLC",${ids.owner},${ids.accounts}`);

    expect((await api.delete('/admin/tables/us-zip')).status).toBe(409);
    const poolInUse = await api.delete(`/admin/pools/${ids.east}`);
    expect(poolInUse.status).toBe(409);
    expect(poolInUse.body.error.details.tables).toEqual(expect.arrayContaining(['us-zip', 'regions']));
    expect((await api.delete(`/admin/reps/${ids.owner}`)).body.error).toMatchObject({ code: 'rep_in_use' });
    expect((await api.delete('/admin/tables/regions')).status).toBe(204);
    expect((await api.get('/admin/tables/regions')).status).toBe(404);

    // The upload and the deletion are in the audit log, with the key that made them.
    const audit = (await api.get('/admin/audit?entity=regions')).body.entries;
    expect(audit.map((e: { action: string }) => e.action)).toEqual(['deleted', 'created']);
    expect(audit[1]).toMatchObject({
      actor: { type: 'admin' },
      entity: { kind: 'table', id: 'regions' },
      details: { version: 1, rows: 1, added: 1, removed: 0, changed: 0 },
    });
  });

  it('takes gzip uploads, refuses other types, oversized bodies, stale If-Match and rules naming unfit tables', async () => {
    const put = (body: Buffer | string, headers: Record<string, string>) =>
      fetch(`${stack.url}/admin/tables/gz`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${stack.adminKey}`, ...headers },
        body: typeof body === 'string' ? body : new Uint8Array(body),
      });
    const csv = `postal_code,poolId\n${Array.from({ length: 500 }, (_, i) => `${zip(i)},${ids.east}`).join('\n')}`;
    const zipped = await put(gzipSync(csv), { 'content-type': 'text/csv', 'content-encoding': 'gzip' });
    expect(zipped.status).toBe(201);
    expect(await zipped.json()).toMatchObject({ version: 1, rows: 500 });
    expect((await put(csv, { 'content-type': 'text/plain' })).status).toBe(415);
    expect((await put('x'.repeat(4 * 1024 * 1024 + 1), { 'content-type': 'text/csv' })).status).toBe(413);
    expect((await put(csv, { 'content-type': 'text/csv', 'if-match': '"7"' })).status).toBe(412);
    expect(
      (await put(csv.replace(ids.east!, ids.west!), { 'content-type': 'text/csv', 'if-match': '"1"' })).status,
    ).toBe(200);

    const previous = await fetch(`${stack.url}/admin/tables/gz.csv?version=1`, {
      headers: { authorization: `Bearer ${stack.adminKey}`, 'accept-encoding': 'gzip' },
    });
    expect(previous.headers.get('content-encoding')).toBe('gzip');
    expect((await previous.text()).split('\r\n')[1]).toBe(`00000,${ids.east}`);

    const rules = (body: unknown) => api.call('PUT', '/admin/rules', { body });
    // 1,000 rules (a body of about 120 KB, over the 64 KB other admin bodies may have) are taken; 1,001 are not.
    const many = (n: number) =>
      Array.from({ length: n }, (_, i) => ({
        name: `Rule ${i}`,
        when: { all: [{ field: 'postalCode', op: 'prefix', value: String(i) }] },
        poolId: ids.east,
      }));
    expect((await rules({ rules: many(1_000) })).status).toBe(200);
    expect((await rules({ rules: many(1_001) })).status).toBe(400);
    const unknown = await rules({ rules: [{ name: 'x', table: 'nope', field: 'postalCode' }] });
    expect(unknown.body.error.details[0]).toMatchObject({ path: 'rules.0.table', code: 'unknown_table' });
    const mismatch = await rules({ rules: [{ name: 'x', accountOwner: { table: 'gz', match: 'company' } }] });
    expect(mismatch.body.error.details[0]).toMatchObject({ code: 'table_mismatch' });
  });
});

import { gunzipSync } from 'node:zlib';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { adminApi } from '../../console/src/api';
import { namer } from '../../console/src/directory';
import {
  changedRowText,
  GZIP_FROM_CHARACTERS,
  rowMatchText,
  rowTarget,
  type UploadReport,
  uploadBody,
  uploadSummary,
} from '../../console/src/table-text';

const nameOf = namer(
  [{ id: 'rep_a', name: 'Ana' }],
  [
    { id: 'pool_bay', name: 'Bay Area' },
    { id: 'pool_emea', name: 'EMEA' },
  ],
);

const report = (over: Partial<UploadReport>): UploadReport => ({
  table: 'us-zip',
  dryRun: true,
  columns: ['postal_code', 'poolId'],
  version: 2,
  rows: 40,
  changes: { added: 12, removed: 3, changed: 1, unchanged: 24, samples: { added: [], removed: [], changed: [] } },
  problems: [],
  problemCount: 0,
  ...over,
});

describe('a lookup table upload, in words', () => {
  it('says what a dry run would change and that nothing is saved yet', () => {
    expect(uploadSummary(report({}))).toBe(
      'Ready: it would replace version 2 with 40 row(s): 12 added, 3 removed, 1 changed, 24 unchanged. Nothing is saved until you upload it.',
    );
    expect(uploadSummary(report({ version: 0 }))).toBe(
      'Ready: a new table of 40 row(s). Nothing is saved until you upload it.',
    );
  });

  it('counts the problems instead of offering an upload, and says what an upload did', () => {
    expect(uploadSummary(report({ problemCount: 2 }))).toBe(
      '2 problem(s) in 40 row(s): fix them and check again; nothing was changed.',
    );
    expect(uploadSummary(report({ dryRun: false, version: 3, previousVersion: 2 }))).toContain(
      'Uploaded: version 3 replaces version 2, 40 row(s): 12 added',
    );
    expect(uploadSummary(report({ dryRun: false, version: 1 }))).toBe(
      'Uploaded: version 1, 40 row(s). Leads are routed by it within half a minute.',
    );
  });

  it('names where a row sends a lead: a pool, or an owner with the pool for when they cannot take it', () => {
    expect(rowTarget({ key: '941', poolId: 'pool_bay' }, nameOf)).toBe('pool Bay Area');
    expect(rowTarget({ key: 'acme.com', repId: 'rep_a', fallbackPoolId: 'pool_emea' }, nameOf)).toBe(
      'Ana (else pool EMEA)',
    );
    expect(
      changedRowText(
        { before: { key: '94107', poolId: 'pool_emea' }, after: { key: '94107', poolId: 'pool_bay' } },
        nameOf,
      ),
    ).toBe('94107: pool EMEA → pool Bay Area');
  });

  it('tells which row a value matches and how, or why none does', () => {
    expect(
      rowMatchText(
        {
          value: '94110',
          found: true,
          table: 'us-zip',
          version: 2,
          key: '941',
          how: 'prefix',
          row: { key: '941', as: '941*', poolId: 'pool_bay' },
        },
        nameOf,
      ),
    ).toBe('“94110” matches 941* by prefix in version 2: it goes to pool Bay Area.');
    expect(
      rowMatchText(
        { value: '10001', found: false, table: 'us-zip', version: 2, keys: ['10001'], reason: 'no_row' },
        nameOf,
      ),
    ).toBe(
      'No row matches “10001” in version 2 (looked for 10001): the rule does not match, and the next rule is tried.',
    );
    expect(rowMatchText({ value: 'x@gmail.com', found: false, table: 'accounts', reason: 'free_mail' }, nameOf)).toBe(
      'No row matches “x@gmail.com”: it is a free-mail address, which named accounts never match.',
    );
  });
});

describe('the console’s API client with a CSV', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('sends a CSV body as text/csv with If-Match, and reads a CSV answer as text', async () => {
    const sent: { headers: Record<string, string>; body: unknown }[] = [];
    vi.stubGlobal('fetch', async (_url: string, init: { headers: Record<string, string>; body: unknown }) => {
      sent.push(init);
      return new Response('postal_code,poolId\r\n94107,pool_bay\r\n', { headers: { 'content-type': 'text/csv' } });
    });
    const api = adminApi(
      'http://127.0.0.1',
      () => 'lr_key',
      () => undefined,
    );
    const answer = await api.request<string>('PUT', '/admin/tables/us-zip', {
      text: { contentType: 'text/csv', body: '94107,pool_bay', encoding: 'gzip' },
      ifMatch: '"2"',
      accept: 'text/csv',
    });
    expect(answer.body).toBe('postal_code,poolId\r\n94107,pool_bay\r\n');
    expect(sent[0]).toMatchObject({
      body: '94107,pool_bay',
      headers: {
        'content-type': 'text/csv',
        'content-encoding': 'gzip',
        'if-match': '"2"',
        accept: 'text/csv',
        authorization: 'Bearer lr_key',
      },
    });
  });
});

describe('a large table upload', () => {
  it('is sent gzipped, and a small one as it is', async () => {
    const row = '94107,pool_01KBAYAREA0000000000000\n';
    const large = `postal_code,poolId\n${row.repeat(Math.ceil(GZIP_FROM_CHARACTERS / row.length))}`;
    const sent = await uploadBody(large);
    expect(sent.encoding).toBe('gzip');
    expect(gunzipSync(Buffer.from(sent.body as ArrayBuffer)).toString('utf8')).toBe(large);
    expect((sent.body as ArrayBuffer).byteLength).toBeLessThan(large.length / 10);
    expect(await uploadBody('postal_code,poolId\n')).toEqual({ body: 'postal_code,poolId\n' });
  });
});

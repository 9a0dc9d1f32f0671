import { describe, expect, it } from 'vitest';
import { companyKey } from '../../functions/core/tables/company-names';
import { leadKey, readRowKey } from '../../functions/core/tables/table-kinds';
import { readCsvTable, readJsonTable } from '../../functions/core/tables/table-upload';
import { diffRows, uploadProblems } from '../../functions/core/tables/upload-checks';

describe('company names', () => {
  it('fold case, accents, punctuation, "&" and legal forms, so spellings of one company meet', () => {
    const acme = [
      'ACME, Inc.',
      'Acme Incorporated',
      'acme',
      'The Acme Company',
      'Acme GmbH & Co. KG',
      'Acme S.A.',
      'ACME LTD',
    ];
    expect(new Set(acme.map(companyKey))).toEqual(new Set(['acme']));
    expect(companyKey('Société Générale SA')).toBe('societe generale');
    expect(companyKey('Procter & Gamble Co.')).toBe('procter and gamble');
    expect(companyKey('Inc.')).toBe('inc');
  });
});

describe('email domains', () => {
  it('try the domain and its parents, most specific first, stopping at a public suffix', () => {
    expect(leadKey('email_domain', 'Ana@EU.Sales.Acme.co.uk')).toEqual({
      keys: ['eu.sales.acme.co.uk', 'sales.acme.co.uk', 'acme.co.uk'],
    });
    expect(leadKey('email_domain', 'bo@acme.com')).toEqual({ keys: ['acme.com'] });
  });

  it('never match free-mail providers, their subdomains or country variants', () => {
    for (const email of ['x@gmail.com', 'x@mail.yahoo.co.uk', 'x@Outlook.com', 'x@hotmail.fr']) {
      expect(leadKey('email_domain', email)).toEqual({ skip: 'free_mail' });
    }
  });

  it('refuse rows that name a public suffix or a free-mail provider, and fold www. and case', () => {
    expect(readRowKey('email_domain', 'co.uk')).toMatchObject({ code: 'public_suffix' });
    expect(readRowKey('email_domain', 'gmail.com')).toMatchObject({ code: 'free_mail_domain' });
    expect(readRowKey('email_domain', 'not a domain')).toMatchObject({ code: 'not_a_domain' });
    expect(readRowKey('email_domain', 'WWW.Acme.com')).toEqual({ type: 'exact', key: 'acme.com' });
    expect(readRowKey('email_domain', 'bücher.de')).toEqual({ type: 'exact', key: 'xn--bcher-kva.de' });
  });
});

describe('postal codes', () => {
  it('read exact codes, prefixes and ranges of one length', () => {
    expect(readRowKey('postal_code', ' sw1a 1aa ')).toEqual({ type: 'exact', key: 'SW1A1AA' });
    expect(readRowKey('postal_code', '941*')).toEqual({ type: 'prefix', key: '941' });
    expect(readRowKey('postal_code', '94000-94999')).toEqual({ type: 'range', from: '94000', to: '94999' });
    expect(readRowKey('postal_code', 'A0A..A9Z')).toEqual({ type: 'range', from: 'A0A', to: 'A9Z' });
    expect(readRowKey('postal_code', '1000-001')).toEqual({ type: 'exact', key: '1000-001' });
    expect(readRowKey('postal_code', '9400..94999')).toMatchObject({ code: 'uneven_range' });
    expect(readRowKey('postal_code', '95000..94000')).toMatchObject({ code: 'backward_range' });
  });

  it('look a ZIP+4 up by its ZIP', () => {
    expect(leadKey('postal_code', '94107-1234')).toEqual({ keys: ['94107'], code: '94107' });
  });
});

describe('reading uploads', () => {
  it('reads CSV with a BOM, Windows line ends and quoted fields, keeping the key as typed', () => {
    const upload = readCsvTable(
      '\ufeffcompany,repId,fallbackPoolId\r\n"Acme, Inc.",rep_a,pool_f\r\n\r\nGlobex,rep_b,\r\n',
    );
    expect(upload).toMatchObject({ kind: 'company', target: 'repId', fallback: true, problems: [] });
    expect(upload.rows).toEqual([
      { line: 2, key: 'acme', repId: 'rep_a', fallbackPoolId: 'pool_f', as: 'Acme, Inc.' },
      { line: 4, key: 'globex', repId: 'rep_b', as: 'Globex' },
    ]);
  });

  it('lists every bad row with its line, and refuses a header it cannot read', () => {
    const upload = readCsvTable('postal_code,poolId\n94107,pool_a\nnot a zip!,pool_a\n94108\n94109,pool_a,extra\n');
    expect(upload.rows.map((r) => r.key)).toEqual(['94107']);
    expect(upload.problems.map((p) => [p.line, p.code])).toEqual([
      [3, 'not_a_postal_code'],
      [4, 'missing_target'],
      [5, 'extra_columns'],
    ]);
    expect(() => readCsvTable('zip,poolId\n94107,pool_a')).toThrow(/header/);
    expect(readCsvTable('Postal Code,PoolID\n94107,pool_a').rows).toEqual([
      { line: 2, key: '94107', poolId: 'pool_a' },
    ]);
    const withFallback = (() => {
      try {
        readCsvTable('postal_code,poolId,fallbackPoolId\n');
      } catch (error) {
        return error as { details: { message: string }[] };
      }
    })();
    expect(withFallback?.details[0]?.message).toMatch(/fallbackPoolId goes with repId/);
    expect(() => readCsvTable('postal_code,poolId\n"94107,pool_a\n')).toThrow(/CSV cannot be read/);
  });

  it('reads JSON rows, all naming the same target', () => {
    const upload = readJsonTable({
      kind: 'country',
      rows: [
        { key: 'Germany', poolId: 'pool_de' },
        { key: 'XX', poolId: 'pool_x' },
      ],
    });
    expect(upload.rows).toEqual([{ line: 1, key: 'DE', poolId: 'pool_de', as: 'Germany' }]);
    expect(upload.problems).toEqual([expect.objectContaining({ path: 'rows.1.key', code: 'unknown_country' })]);
  });

  it('finds duplicate keys, overlapping ranges and unknown pools or reps', () => {
    const upload = readCsvTable(
      'postal_code,poolId\n94107,pool_a\n94107,pool_a\n60000..60999,pool_a\n60500..61000,pool_a\n1,pool_x\n',
    );
    const problems = uploadProblems(upload, { poolIds: new Set(['pool_a']), repIds: new Set() });
    expect(problems.map((p) => [p.line, p.code])).toEqual([
      [3, 'duplicate_key'],
      [5, 'overlapping_range'],
      [6, 'unknown_pool'],
    ]);
  });

  it('diffs a replacement by key: added, removed, changed', () => {
    const diff = diffRows(
      [
        { key: 'a', poolId: 'p1' },
        { key: 'b', poolId: 'p1' },
        { key: 'c', poolId: 'p1' },
      ],
      [
        { key: 'a', poolId: 'p1' },
        { key: 'b', poolId: 'p2' },
        { key: 'd', poolId: 'p1' },
      ],
    );
    expect(diff).toMatchObject({ added: 1, removed: 1, changed: 1, unchanged: 1 });
    expect(diff.samples.changed).toEqual([{ before: { key: 'b', poolId: 'p1' }, after: { key: 'b', poolId: 'p2' } }]);
  });
});

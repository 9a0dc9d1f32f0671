import { describe, expect, it } from 'vitest';
import { type RoutableLead, routeLead } from '../../functions/core/routing/route-lead';
import { type Condition, type Rule, type RuleSet, RuleSetInputSchema } from '../../functions/core/routing/rules';
import type { Source } from '../../functions/core/sources/source';
import { aSource } from '../support/memory-stores';

const unpinned: Source = { ...aSource('src_web', 'unused'), poolId: undefined } as Source;
const monday10utc = new Date('2026-11-23T10:00:00Z');

function aLead(fields: RoutableLead['fields'] = {}, custom: Record<string, string> = {}): RoutableLead {
  return { sourceId: 'src_web', fields: { email: 'lead@example.com', ...fields }, custom };
}

function rule(name: string, poolId: string, ...all: Condition[]): Rule {
  return { name, poolId, when: { all } };
}

function ruleSet(rules: Rule[], defaultPoolId?: string): RuleSet {
  return { version: 1, rules, ...(defaultPoolId ? { defaultPoolId } : {}) };
}

/** Whether a single condition holds for the lead. */
function holds(condition: Condition, lead = aLead(), now = monday10utc): boolean {
  return (
    routeLead(lead, { source: unpinned, ruleSet: ruleSet([rule('r', 'pool_r', condition)]), now }).poolId === 'pool_r'
  );
}

describe('condition operators', () => {
  it('eq compares text trimmed and case-insensitively, and numbers as numbers', () => {
    expect(holds({ field: 'country', op: 'eq', value: 'us' }, aLead({ country: 'US' }))).toBe(true);
    expect(holds({ field: 'country', op: 'eq', value: 'US' }, aLead({ country: 'CA' }))).toBe(false);
    expect(holds({ field: 'score', op: 'eq', value: 80 }, aLead({ score: 80 }))).toBe(true);
    expect(holds({ field: 'custom.seats', op: 'eq', value: 25 }, aLead({}, { seats: '25' }))).toBe(true);
  });

  it('neq holds for a different value, not for a missing one', () => {
    expect(holds({ field: 'country', op: 'neq', value: 'US' }, aLead({ country: 'CA' }))).toBe(true);
    expect(holds({ field: 'country', op: 'neq', value: 'US' }, aLead({ country: 'US' }))).toBe(false);
    expect(holds({ field: 'country', op: 'neq', value: 'US' }, aLead())).toBe(false);
  });

  it('in holds when the value is one of the list', () => {
    expect(holds({ field: 'region', op: 'in', value: ['CA', 'OR', 'WA'] }, aLead({ region: 'wa' }))).toBe(true);
    expect(holds({ field: 'region', op: 'in', value: ['CA', 'OR', 'WA'] }, aLead({ region: 'NY' }))).toBe(false);
  });

  it('prefix and contains take one value or a list', () => {
    expect(holds({ field: 'postalCode', op: 'prefix', value: ['94', '95'] }, aLead({ postalCode: '95014' }))).toBe(
      true,
    );
    expect(holds({ field: 'postalCode', op: 'prefix', value: '94' }, aLead({ postalCode: '10001' }))).toBe(false);
    expect(holds({ field: 'product', op: 'contains', value: 'fleet' }, aLead({ product: 'Fleet plan' }))).toBe(true);
    expect(holds({ field: 'product', op: 'contains', value: ['api', 'sdk'] }, aLead({ product: 'Fleet plan' }))).toBe(
      false,
    );
  });

  it('gte and lte compare numbers, and fail on text that is not a number', () => {
    expect(holds({ field: 'employees', op: 'gte', value: 51 }, aLead({ employees: 51 }))).toBe(true);
    expect(holds({ field: 'employees', op: 'lte', value: 50 }, aLead({ employees: 51 }))).toBe(false);
    expect(holds({ field: 'custom.budget', op: 'gte', value: 10_000 }, aLead({}, { budget: '12,500' }))).toBe(true);
    expect(holds({ field: 'custom.budget', op: 'gte', value: 1 }, aLead({}, { budget: 'lots' }))).toBe(false);
  });

  it('exists holds for a present, non-empty value; with not, for a missing one', () => {
    expect(holds({ field: 'company', op: 'exists' }, aLead({ company: 'Acme' }))).toBe(true);
    expect(holds({ field: 'company', op: 'exists' }, aLead())).toBe(false);
    expect(holds({ field: 'company', op: 'exists', not: true }, aLead())).toBe(true);
  });

  it('regex tests the value, case-sensitively unless ignoreCase', () => {
    expect(
      holds({ field: 'email', op: 'regex', value: '@(acme|example)\\.com$' }, aLead({ email: 'a@acme.com' })),
    ).toBe(true);
    expect(holds({ field: 'email', op: 'regex', value: '@ACME\\.com$' }, aLead({ email: 'a@acme.com' }))).toBe(false);
    expect(
      holds({ field: 'email', op: 'regex', value: '@ACME\\.com$', ignoreCase: true }, aLead({ email: 'a@acme.com' })),
    ).toBe(true);
  });

  it('businessHours holds inside the window in its time zone, on its days', () => {
    const nineToFive = { op: 'businessHours', timeZone: 'America/New_York', from: '09:00', to: '17:00' } as const;
    expect(holds(nineToFive, aLead(), new Date('2026-11-23T15:00:00Z'))).toBe(true); // Mon 10:00 in New York
    expect(holds(nineToFive, aLead(), new Date('2026-11-23T13:59:00Z'))).toBe(false); // Mon 08:59
    expect(holds(nineToFive, aLead(), new Date('2026-11-28T15:00:00Z'))).toBe(false); // Saturday
    expect(holds({ ...nineToFive, days: ['sat'] }, aLead(), new Date('2026-11-28T15:00:00Z'))).toBe(true);
  });

  it('not inverts any condition', () => {
    expect(holds({ field: 'country', op: 'in', value: ['US'], not: true }, aLead({ country: 'DE' }))).toBe(true);
    expect(holds({ field: 'country', op: 'in', value: ['US'], not: true }, aLead({ country: 'US' }))).toBe(false);
  });

  it('reads utm, custom (any case), source id and source kind fields', () => {
    expect(holds({ field: 'utm.source', op: 'eq', value: 'google' }, aLead({ utm: { source: 'Google' } }))).toBe(true);
    expect(holds({ field: 'custom.Budget', op: 'eq', value: '10k' }, aLead({}, { budget: '10k' }))).toBe(true);
    expect(holds({ field: 'sourceId', op: 'eq', value: 'src_web' })).toBe(true);
    expect(holds({ field: 'sourceKind', op: 'eq', value: 'form' })).toBe(true);
  });
});

describe('routeLead', () => {
  const rules = [
    rule('Senior', 'pool_senior', { field: 'score', op: 'gte', value: 80 }),
    rule('DACH', 'pool_dach', { field: 'country', op: 'in', value: ['DE', 'AT', 'CH'] }),
  ];

  it('sends the lead to the pool of the first rule that matches, with the trace up to it', () => {
    const route = routeLead(aLead({ country: 'DE', score: 90 }), {
      source: unpinned,
      ruleSet: ruleSet(rules, 'pool_default'),
      now: monday10utc,
    });
    expect(route).toEqual({
      poolId: 'pool_senior',
      via: 'rule',
      rule: 'Senior',
      trace: [{ rule: 'Senior', poolId: 'pool_senior', matched: true }],
    });
  });

  it('records, for each rule passed over, the condition that failed with what it expected and found', () => {
    const route = routeLead(aLead({ country: 'DE', score: 12 }), {
      source: unpinned,
      ruleSet: ruleSet(rules),
      now: monday10utc,
    });
    expect(route.poolId).toBe('pool_dach');
    expect(route.trace).toEqual([
      {
        rule: 'Senior',
        poolId: 'pool_senior',
        matched: false,
        failed: { condition: 0, field: 'score', op: 'gte', expected: 80, actual: 12 },
      },
      { rule: 'DACH', poolId: 'pool_dach', matched: true },
    ]);
  });

  it('needs every condition of an all rule and one of an any rule', () => {
    const all = rule(
      'Both',
      'pool_both',
      { field: 'country', op: 'eq', value: 'US' },
      { field: 'company', op: 'exists' },
    );
    const any: Rule = {
      name: 'Either',
      poolId: 'pool_either',
      when: {
        any: [
          { field: 'country', op: 'eq', value: 'US' },
          { field: 'company', op: 'exists' },
        ],
      },
    };
    const route = routeLead(aLead({ country: 'US' }), {
      source: unpinned,
      ruleSet: ruleSet([all, any]),
      now: monday10utc,
    });
    expect(route.rule).toBe('Either');
    expect(route.trace[0]!.failed).toEqual({
      condition: 1,
      field: 'company',
      op: 'exists',
      expected: true,
      actual: null,
    });
  });

  it('falls back to the default pool, or says no rule matched', () => {
    const lead = aLead({ country: 'US', score: 10 });
    expect(
      routeLead(lead, { source: unpinned, ruleSet: ruleSet(rules, 'pool_default'), now: monday10utc }),
    ).toMatchObject({ poolId: 'pool_default', via: 'default' });
    expect(routeLead(lead, { source: unpinned, ruleSet: ruleSet(rules), now: monday10utc })).toMatchObject({
      reason: 'no_matching_rule',
    });
    expect(routeLead(lead, { source: unpinned, ruleSet: undefined, now: monday10utc })).toMatchObject({
      reason: 'no_matching_rule',
      trace: [],
    });
  });

  it('sends every lead of a source that pins a pool to that pool, whatever the rules say', () => {
    const pinned = aSource('src_pinned', 'pool_pinned');
    expect(routeLead(aLead({ score: 99 }), { source: pinned, ruleSet: ruleSet(rules), now: monday10utc })).toEqual({
      poolId: 'pool_pinned',
      via: 'source',
      trace: [],
    });
  });

  it('routes a test lead nowhere unless its Google Ads source routes test leads', () => {
    const google = { ...aSource('src_g', 'pool_g'), kind: 'google_ads' } as Source;
    const test = { ...aLead(), test: true };
    expect(routeLead(test, { source: google, ruleSet: undefined, now: monday10utc })).toEqual({
      reason: 'test_lead',
      trace: [],
    });
    expect(
      routeLead(test, { source: { ...google, routeTestLeads: true } as Source, ruleSet: undefined, now: monday10utc })
        .poolId,
    ).toBe('pool_g');
  });

  it('routes a lead whose source is gone nowhere', () => {
    expect(
      routeLead(aLead(), { source: undefined, ruleSet: ruleSet(rules, 'pool_default'), now: monday10utc }),
    ).toEqual({ reason: 'source_not_found', trace: [] });
  });
});

describe('the rule set schema', () => {
  const pathsOf = (input: unknown) => {
    const result = RuleSetInputSchema.safeParse(input);
    return result.success ? [] : result.error.issues.map((i) => i.path.join('.'));
  };

  it('accepts the documented typical rules', () => {
    const typical = {
      rules: [
        {
          name: 'After hours',
          when: { all: [{ op: 'businessHours', timeZone: 'America/New_York', from: '09:00', to: '17:00', not: true }] },
          poolId: 'pool_sun',
        },
        {
          name: 'Senior',
          when: { all: [{ field: 'score', op: 'gte', value: 80 }] },
          poolId: 'pool_senior',
          stickyDays: 30,
        },
        { name: 'Enterprise', when: { all: [{ field: 'employees', op: 'gte', value: 1000 }] }, poolId: 'pool_ent' },
        {
          name: 'Fleet',
          when: {
            any: [
              { field: 'product', op: 'contains', value: 'fleet' },
              { field: 'custom.interest', op: 'regex', value: '^fleet', ignoreCase: true },
            ],
          },
          poolId: 'pool_fleet',
        },
        {
          name: 'Partners',
          when: { all: [{ field: 'sourceId', op: 'eq', value: 'src_partner' }] },
          poolId: 'pool_partner',
        },
        {
          name: 'West',
          when: {
            all: [
              { field: 'country', op: 'eq', value: 'US' },
              { field: 'postalCode', op: 'prefix', value: ['9', '8'] },
            ],
          },
          poolId: 'pool_west',
        },
      ],
      defaultPoolId: 'pool_all',
    };
    expect(pathsOf(typical)).toEqual([]);
  });

  it('refuses unknown fields and operators, both or neither of all/any, equal times, and repeated rule names', () => {
    expect(
      pathsOf({ rules: [{ name: 'a', when: { all: [{ field: 'shoeSize', op: 'eq', value: 1 }] }, poolId: 'p' }] }),
    ).toEqual(['rules.0.when.all.0.field']);
    expect(
      pathsOf({ rules: [{ name: 'a', when: { all: [{ field: 'country', op: 'like', value: 'x' }] }, poolId: 'p' }] }),
    ).toEqual(['rules.0.when.all.0.op']);
    expect(pathsOf({ rules: [{ name: 'a', when: {}, poolId: 'p' }] })).toEqual(['rules.0.when']);
    expect(
      pathsOf({
        rules: [
          {
            name: 'a',
            when: { all: [{ op: 'businessHours', timeZone: 'UTC', from: '09:00', to: '09:00' }] },
            poolId: 'p',
          },
        ],
      }),
    ).toEqual(['rules.0.when.all.0.to']);
    expect(
      pathsOf({
        rules: [
          {
            name: 'a',
            when: { all: [{ op: 'businessHours', timeZone: 'Mars/Base', from: '25:00', to: '09:00' }] },
            poolId: 'p',
          },
        ],
      }).sort(),
    ).toEqual(['rules.0.when.all.0.from', 'rules.0.when.all.0.timeZone']);
    const twice = { name: 'same', when: { all: [{ field: 'country', op: 'exists' }] }, poolId: 'p' };
    expect(pathsOf({ rules: [twice, twice] })).toEqual(['rules']);
  });
});

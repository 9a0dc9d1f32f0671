import { describe, expect, it } from 'vitest';
import { ApiError, toApiError } from '../../console/src/api';
import { formErrors } from '../../console/src/form-errors';
import { poolChanges, poolDraft } from '../../console/src/pool-form';
import { repChanges, repDraft } from '../../console/src/rep-form';
import { conditionBody, ruleSetBody, ruleSetDraft } from '../../console/src/rules-form';
import { escapeAttribute, formSnippet } from '../../console/src/source-setup';
import { CONDITION_OPERATORS } from '../../console/src/vocabulary';
import { ConditionSchema, type RuleSet, RuleSetInputSchema } from '../../functions/core/routing/rules';
import type { Pool } from '../../functions/core/team/pool';
import { PoolPatchSchema } from '../../functions/core/team/pool-schemas';
import type { Rep } from '../../functions/core/team/rep';
import { RepCreateSchema, RepPatchSchema } from '../../functions/core/team/rep-schemas';

// The console's forms hold text; these are the bodies they send. Each is read back with the
// API's own schema, so a form that would send what the API refuses fails here.
const stamp = { createdAt: '2026-12-01T09:00:00.000Z', updatedAt: '2026-12-01T09:00:00.000Z', version: 3 };

describe('the rules form', () => {
  const stored: RuleSet = {
    version: 4,
    rules: [
      {
        name: 'EMEA',
        when: { any: [{ op: 'in', field: 'country', value: ['DE', 'FR'] }] },
        poolId: 'pool_emea',
      },
      {
        name: 'Big and hot',
        when: {
          all: [
            { op: 'gte', field: 'score', value: 80 },
            { op: 'prefix', field: 'postalCode', value: ['94', '95'] },
            { op: 'exists', field: 'company', not: true },
            { op: 'regex', field: 'email', value: '@acme\\.com$', ignoreCase: true },
            { op: 'businessHours', timeZone: 'America/New_York', days: ['mon', 'fri'], from: '09:00', to: '17:00' },
          ],
        },
        poolId: 'pool_senior',
        stickyDays: 30,
      },
    ],
    defaultPoolId: 'pool_inbound',
  };

  it('sends back exactly the rule set it was opened with, when nothing is edited', () => {
    const { version: _version, ...input } = stored;
    expect(ruleSetBody(ruleSetDraft(stored))).toEqual(input);
    expect(() => RuleSetInputSchema.parse(ruleSetBody(ruleSetDraft(stored)))).not.toThrow();
  });

  it('reads comma-separated lists, numbers for numeric tests, and keeps text such as postal codes as text', () => {
    const draft = ruleSetDraft({ version: 1, rules: [] });
    const condition = (op: string, field: string, value: string) => ({
      ...ruleSetDraft(stored).rules[0]!.conditions[0]!,
      op,
      field,
      value,
    });
    expect(conditionBody(condition('in', 'country', 'DE, AT ,, CH'))).toEqual({
      op: 'in',
      field: 'country',
      value: ['DE', 'AT', 'CH'],
    });
    expect(conditionBody(condition('eq', 'postalCode', '02139'))).toMatchObject({ value: '02139' });
    expect(conditionBody(condition('eq', 'score', '80'))).toMatchObject({ value: 80 });
    expect(conditionBody(condition('lte', 'employees', 'lots'))).toMatchObject({ value: 'lots' });
    expect(draft.rules).toEqual([]);
  });

  it('offers only operators the API knows', () => {
    const samples: Record<string, string> = { in: 'a, b', gte: '1', lte: '1', regex: '^a' };
    for (const op of CONDITION_OPERATORS) {
      const body = conditionBody({
        op,
        field: 'score',
        value: samples[op] ?? 'x',
        not: false,
        ignoreCase: false,
        timeZone: 'UTC',
        days: [],
        from: '09:00',
        to: '17:00',
      });
      expect(ConditionSchema.safeParse(body).success, op).toBe(true);
    }
  });
});

describe('the rep form', () => {
  const rep: Rep = {
    id: 'rep_a',
    name: 'Ana Rivera',
    email: 'ana@example.com',
    timezone: 'Europe/Berlin',
    status: 'active',
    maxOpen: 5,
    workingHours: [{ days: ['mon', 'tue'], from: '09:00', to: '17:00' }],
    ...stamp,
  };

  it('creates a rep with only the fields typed in', () => {
    const draft = { ...repDraft(), name: ' Ben ', email: 'ben@example.com', timezone: 'UTC' };
    const body = repChanges(draft);
    expect(body).toEqual({ name: 'Ben', email: 'ben@example.com', timezone: 'UTC', status: 'active' });
    expect(RepCreateSchema.safeParse(body).success).toBe(true);
  });

  it('patches only what changed, and clears an emptied cap or schedule with null', () => {
    const before = repDraft(rep);
    expect(repChanges(before, before)).toEqual({});
    const body = repChanges({ ...before, status: 'paused', maxOpen: '', workingHours: [] }, before);
    expect(body).toEqual({ status: 'paused', maxOpen: null, workingHours: null });
    expect(RepPatchSchema.safeParse(body).success).toBe(true);
  });

  it('sends a cap that is no whole number as typed, for the API to refuse by name', () => {
    const before = repDraft(rep);
    expect(repChanges({ ...before, maxPerDay: 'ten' }, before)).toEqual({ maxPerDay: 'ten' });
  });
});

describe('the pool form', () => {
  const pool: Pool = {
    id: 'pool_a',
    name: 'Inbound',
    method: 'round_robin',
    members: [{ repId: 'rep_a' }, { repId: 'rep_b' }],
    sla: { acceptWithinSeconds: 300 },
    ...stamp,
  };

  it('sends members with weights only for methods that weigh, and clears an emptied SLA with null', () => {
    const before = poolDraft(pool);
    expect(poolChanges(before, before)).toEqual({});
    const weighted = poolChanges(
      {
        ...before,
        method: 'weighted',
        members: [
          { repId: 'rep_a', weight: '5', tier: '2' },
          { repId: 'rep_b', weight: '', tier: '' },
        ],
        slaSeconds: '',
      },
      before,
    );
    expect(weighted).toEqual({
      method: 'weighted',
      members: [{ repId: 'rep_a', weight: 5 }, { repId: 'rep_b' }],
      sla: null,
    });
    expect(PoolPatchSchema.safeParse(weighted).success).toBe(true);
  });

  it('makes bodies the API reads, members reordered', () => {
    const before = poolDraft(pool);
    const body = poolChanges({ ...before, members: [...before.members].reverse(), slaMaxReassignments: '3' }, before);
    expect(body).toEqual({
      members: [{ repId: 'rep_b' }, { repId: 'rep_a' }],
      sla: { acceptWithinSeconds: 300, maxReassignments: 3 },
    });
    expect(PoolPatchSchema.safeParse(body).success).toBe(true);
  });
});

describe('errors beside their fields', () => {
  it('keys each validation detail by its path and keeps the message for the summary', () => {
    const error = toApiError(400, {
      error: {
        code: 'validation_failed',
        message: 'The request body is invalid',
        details: [
          { path: 'rules.2.poolId', code: 'unknown_pool', message: 'No pool has the id pool_x' },
          { path: 'rules.2.poolId', message: 'and again' },
          { path: 'name', message: 'Required' },
        ],
      },
    });
    expect(formErrors(error)).toEqual({
      byPath: { 'rules.2.poolId': 'No pool has the id pool_x and again', name: 'Required' },
      general: 'The request body is invalid',
    });
  });

  it("reads API Gateway's own 401 and 403 as a refused key, and a 412 as someone else's edit", () => {
    expect(toApiError(403, { message: 'Forbidden' })).toMatchObject({ status: 403, code: 'unauthorized' });
    expect(toApiError(401, { message: 'Unauthorized' })).toMatchObject({ code: 'unauthorized' });
    const stale = new ApiError(412, 'precondition_failed', 'stale', { currentVersion: 4 });
    expect(formErrors(stale)).toEqual({
      byPath: {},
      general: expect.stringContaining('Load their version'),
      stale: true,
    });
  });
});

describe('the HTML form snippet', () => {
  it('posts to the webhook URL and hides the honeypot, every value escaped for its attribute', () => {
    const snippet = formSnippet({ webhookUrl: 'https://x.test/hooks/a"b<c>', honeypotField: 'nick"name' });
    expect(snippet).toContain('<form method="post" action="https://x.test/hooks/a&quot;b&lt;c&gt;">');
    expect(snippet).toContain('<input name="nick&quot;name" tabindex="-1"');
    expect(formSnippet({ webhookUrl: 'https://x.test/hooks/k' })).not.toContain('tabindex');
    expect(escapeAttribute('&"<>')).toBe('&amp;&quot;&lt;&gt;');
  });
});

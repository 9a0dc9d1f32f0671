// One realistic answer per main response of the OpenAPI document. Typed with the types the
// code returns, and test/unit/openapi.test.ts checks each against the schema it illustrates,
// so an example cannot show a shape the API does not have.
import type { Lead } from '../core/leads/lead';
import type { Explanation } from '../core/routing/explain-routing';
import type { RuleSet } from '../core/routing/rules';
import type { Pool } from '../core/team/pool';
import type { Rep } from '../core/team/rep';
import type { ResponseComponent } from './openapi-components';
import type { ErrorBody, SourceResponse } from './response-schemas';

const REP_ANA = 'rep_01JNQ3Z8K2V6T1B4X9C7D5E3FA';
const REP_BEN = 'rep_01JNQ3ZB7M4R8S2W6Y1Z3A5C7E';
const POOL_EMEA = 'pool_01JNQ40D2F6H8K1M3P5R7T9V0W';
const POOL_INBOUND = 'pool_01JNQ40Q9X3Z5B7D9F1H3K5M7N';
const SOURCE = 'src_01JNQ41C4E6G8J0L2N4Q6S8U0Y';

const rep: Rep = {
  id: REP_ANA,
  name: 'Ana Silva',
  email: 'ana@example.com',
  phone: '+442079460958',
  timezone: 'Europe/London',
  status: 'active',
  workingHours: [{ days: ['mon', 'tue', 'wed', 'thu', 'fri'], from: '09:00', to: '17:30' }],
  maxOpen: 25,
  maxPerDay: 10,
  notifyBy: ['email', 'sms'],
  createdAt: '2026-03-02T08:15:04.211Z',
  updatedAt: '2026-03-09T16:40:51.907Z',
  version: 3,
};

const pool: Pool = {
  id: POOL_EMEA,
  name: 'EMEA',
  method: 'weighted',
  members: [
    { repId: REP_ANA, weight: 3 },
    { repId: REP_BEN, weight: 1 },
  ],
  respectWorkingHours: true,
  fallback: POOL_INBOUND,
  stickyDays: 30,
  sla: { acceptWithinSeconds: 900, maxReassignments: 2 },
  createdAt: '2026-03-02T08:20:11.530Z',
  updatedAt: '2026-03-02T08:20:11.530Z',
  version: 1,
};

const source: SourceResponse = {
  kind: 'json',
  id: SOURCE,
  name: 'Partner referrals',
  key: 'Xr3kQm9vT2bLw7yN5pD8sF1hJ4cA6eG0',
  fieldMapping: { email: 'contact.email', name: 'contact.fullName', 'custom.partner': 'partner.id' },
  hasSigningSecret: true,
  createdAt: '2026-03-02T08:31:47.002Z',
  updatedAt: '2026-03-05T11:02:19.674Z',
  version: 2,
  webhookUrl: 'https://api.example.com/hooks/Xr3kQm9vT2bLw7yN5pD8sF1hJ4cA6eG0',
};

const lead: Lead = {
  id: '01JP2M6Q8S0U2W4Y6A8C0E2G4J',
  sourceId: SOURCE,
  status: 'accepted',
  createdAt: '2026-03-10T14:03:27.118Z',
  updatedAt: '2026-03-10T14:07:02.455Z',
  fields: {
    name: 'Ada Lovelace',
    firstName: 'Ada',
    lastName: 'Lovelace',
    email: 'ada@example.com',
    phone: '+442079460958',
    company: 'Analytical Engines Ltd',
    country: 'GB',
    product: 'enterprise',
    score: 82,
  },
  custom: { partner: 'p-204' },
  raw: '{"contact":{"fullName":"Ada Lovelace","email":"ada@example.com"},"partner":{"id":"p-204"}}',
  rawContentType: 'application/json',
  poolId: POOL_EMEA,
  repId: REP_ANA,
  assignedAt: '2026-03-10T14:03:27.642Z',
  acceptedAt: '2026-03-10T14:07:02.455Z',
  responseSeconds: 215,
  speedToLeadSeconds: 215,
  decisions: [
    {
      at: '2026-03-10T14:03:27.642Z',
      outcome: 'assigned',
      rule: 'EMEA territory',
      poolId: POOL_EMEA,
      method: 'weighted',
      candidates: [REP_ANA],
      skipped: [{ repId: REP_BEN, reason: 'at_max_open' }],
      repId: REP_ANA,
      seq: 17,
    },
    {
      at: '2026-03-10T14:07:02.455Z',
      outcome: 'accepted',
      actor: 'rep',
      poolId: POOL_EMEA,
      candidates: [],
      skipped: [],
      repId: REP_ANA,
    },
  ],
};

const ruleSet: RuleSet = {
  rules: [
    {
      name: 'EMEA territory',
      when: { any: [{ op: 'in', field: 'country', value: ['GB', 'DE', 'FR', 'ES', 'IT'] }] },
      poolId: POOL_EMEA,
    },
    {
      name: 'Big companies after hours',
      when: {
        all: [
          { op: 'gte', field: 'employees', value: 1000 },
          { op: 'businessHours', timeZone: 'America/New_York', from: '09:00', to: '17:00', not: true },
        ],
      },
      poolId: POOL_INBOUND,
    },
  ],
  defaultPoolId: POOL_INBOUND,
  version: 4,
  updatedAt: '2026-03-08T10:12:45.390Z',
};

const explanation: Explanation = {
  lead: { fields: { email: 'ada@example.com', country: 'GB' }, custom: {} },
  route: {
    sourceId: SOURCE,
    poolId: POOL_EMEA,
    via: 'rule',
    rule: 'EMEA territory',
    trace: [
      {
        rule: 'US enterprise',
        poolId: POOL_INBOUND,
        matched: false,
        failed: { condition: 0, field: 'country', op: 'eq', expected: 'US', actual: 'GB' },
      },
      { rule: 'EMEA territory', poolId: POOL_EMEA, matched: true },
    ],
  },
  steps: [
    {
      at: '2026-03-10T15:00:00.000Z',
      outcome: 'assigned',
      rule: 'EMEA territory',
      poolId: POOL_EMEA,
      method: 'weighted',
      candidates: [REP_ANA, REP_BEN],
      skipped: [],
      repId: REP_ANA,
      seq: 18,
      sticky: { leadId: '01JP2M6Q8S0U2W4Y6A8C0E2G4J', repId: REP_ANA, matchedOn: 'email', honoured: true },
    },
  ],
  outcome: { status: 'assigned', poolId: POOL_EMEA, repId: REP_ANA },
};

const error = (code: string, message: string, details: unknown = null): ErrorBody => ({
  error: { code, message, details },
});

/** Error answers as the API sends them, by code. */
export const ERROR_EXAMPLES = {
  validation_failed: error('validation_failed', 'The request body is invalid', [
    { path: 'members.0.repId', code: 'unknown_rep', message: 'No rep has the id rep_x' },
  ]),
  unauthorized: error('unauthorized', 'The API key is not valid'),
  invalid_signature: error('invalid_signature', 'The signature does not match the body'),
  origin_not_allowed: error('origin_not_allowed', 'This source does not accept posts from that origin'),
  verify_token_mismatch: error('verify_token_mismatch', 'The verify token does not match this source'),
  not_found: error('not_found', `No rep has the id ${REP_BEN}`, { kind: 'rep', id: REP_BEN }),
  rep_in_use: error('rep_in_use', 'The rep is still a member of pools; remove it from them first (or pause it)', {
    poolIds: [POOL_EMEA],
  }),
  pool_in_use: error('pool_in_use', 'Sources route to this pool or pools fall back to it; point them elsewhere first', {
    sourceIds: [SOURCE],
    fallbackOf: [],
  }),
  lead_changed: error('lead_changed', 'The lead changed while this request was handled; read it again', {
    leadId: lead.id,
  }),
  precondition_failed: error(
    'precondition_failed',
    'It changed since you read it: you sent If-Match 2, the current version is 3',
    { currentVersion: 3 },
  ),
} as const satisfies Record<string, ErrorBody>;
export type ErrorExample = keyof typeof ERROR_EXAMPLES;

/** The example an error status shows unless its operation names others. */
export const DEFAULT_ERROR_EXAMPLES: Partial<Record<number, ErrorExample>> = {
  400: 'validation_failed',
  401: 'unauthorized',
  404: 'not_found',
  412: 'precondition_failed',
};

/** The example of each response component that has one, by component name. */
export const RESPONSE_EXAMPLES = {
  Rep: { summary: 'A rep with working hours, caps and both channels', value: rep },
  Pool: { summary: 'A weighted pool (3:1) with sticky owner, an SLA and a fallback pool', value: pool },
  Source: { summary: 'A signed JSON source with a field mapping', value: source },
  Lead: { summary: 'A lead a rule sent to a weighted pool, accepted by its rep', value: lead },
  RuleSet: { summary: 'A territory rule and an after-hours rule, with a default pool', value: ruleSet },
  Explanation: { summary: 'A rule matched after another failed; the recent owner gets the lead', value: explanation },
} as const satisfies Partial<Record<ResponseComponent, { summary: string; value: unknown }>>;

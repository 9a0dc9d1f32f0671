import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hasRoutes, routesOf } from '../../console/src/capabilities';
import { describeDecision, failureText } from '../../console/src/decisions';
import { namer } from '../../console/src/directory';
import { countingSince, countLeads, failingWebhooks, leadTimesSince } from '../../console/src/overview-data';
import { reassignOpenText } from '../../console/src/team-actions';
import * as vocabulary from '../../console/src/vocabulary';
import { AUDIT_ENTITY_KINDS } from '../../functions/core/audit/audit-entry';
import { LEAD_EVENT_TYPES } from '../../functions/core/events/lead-events';
import { CLOSE_REASONS, LEAD_STATUSES, OPEN_STATUSES, OUTCOME_STAGES } from '../../functions/core/leads/lead';
import { RULE_FIELDS } from '../../functions/core/routing/rules';
import { WEEKDAYS } from '../../functions/core/shared/time-windows';
import { SOURCE_KINDS } from '../../functions/core/sources/source';
import { STATS_GROUPS } from '../../functions/core/stats/stats-query';
import { TABLE_KINDS } from '../../functions/core/tables/table-kinds';
import { DISTRIBUTION_METHODS, PULL_METHODS, QUEUE_ORDERS, SHOTGUN_NEXT_STEPS } from '../../functions/core/team/pool';
import { NOTIFY_CHANNELS } from '../../functions/core/team/rep';
import { WEBHOOK_FORMATS } from '../../functions/core/webhooks/webhook';
import { buildOpenApiDocument } from '../../functions/http/openapi';

const nameOf = namer(
  [
    { id: 'rep_a', name: 'Ana' },
    { id: 'rep_b', name: 'Ben' },
    { id: 'rep_c', name: 'Cleo' },
  ],
  [
    { id: 'pool_in', name: 'Inbound' },
    { id: 'pool_eu', name: 'EMEA' },
  ],
);

describe('why a lead went where it went, in words', () => {
  it('names the rep, pool, method, rule, the reps who could take it, the skipped ones and the turn', () => {
    const text = describeDecision(
      {
        at: '2026-12-01T09:00:00Z',
        outcome: 'assigned',
        poolId: 'pool_in',
        method: 'round_robin',
        rule: 'Germany',
        candidates: ['rep_a', 'rep_b'],
        skipped: [{ repId: 'rep_c', reason: 'off_hours' }],
        repId: 'rep_a',
        seq: 17,
      },
      nameOf,
    );
    expect(text.summary).toBe('Assigned to Ana in pool Inbound by round robin.');
    expect(text.details).toEqual([
      'Routing rule “Germany” sent it to pool Inbound.',
      'Could take it: Ana, Ben, in rotation order.',
      'Skipped: Cleo (outside working hours).',
      'Rotation turn 17.',
    ]);
  });

  it('says who moved a lead by hand and from whom, where it fell back, and why it is held', () => {
    const base = { at: '2026-12-01T09:00:00Z', candidates: [], skipped: [] };
    expect(
      describeDecision(
        { ...base, outcome: 'assigned', actor: 'admin', poolId: 'pool_in', repId: 'rep_b', previousRepId: 'rep_a' },
        nameOf,
      ).summary,
    ).toBe('An admin assigned it to Ben (from Ana) in pool Inbound.');
    expect(
      describeDecision({ ...base, outcome: 'fallback', poolId: 'pool_eu', fallbackTo: 'pool_in' }, nameOf).summary,
    ).toBe('Nobody in pool EMEA could take it, so it went on to pool Inbound.');
    expect(
      describeDecision({ ...base, outcome: 'unassigned', poolId: 'pool_in', reason: 'no_eligible_rep' }, nameOf)
        .summary,
    ).toBe('Waiting in pool Inbound: nobody in the pool could take it.');
    expect(
      describeDecision({ ...base, outcome: 'held', poolId: 'pool_in', reason: 'offer_expired' }, nameOf).summary,
    ).toBe('Held in pool Inbound for an admin: nobody claimed the offer in time.');
    expect(describeDecision({ ...base, outcome: 'passed', repId: 'rep_a', note: 'on leave' }, nameOf).summary).toBe(
      'Ana passed it on: “on leave”.',
    );
    expect(
      describeDecision(
        { ...base, outcome: 'offered', poolId: 'pool_in', candidates: ['rep_a', 'rep_b'], round: 1 },
        nameOf,
      ).summary,
    ).toBe('Offered to Ana, Ben at once (round 1); the first to claim it wins.');
  });
});

describe('a failed lead, in words', () => {
  it('says why routing gave up, how often it tried, and where a redrive puts it back', () => {
    const at = '2026-12-01T09:00:00Z';
    expect(failureText({ reason: 'deliveries_exhausted', error: 'Throttled', at, from: 'received', attempts: 5 })).toBe(
      'Routing gave up on it: every delivery of its message failed (5 deliveries). Sent round again, it goes back to received.',
    );
    expect(failureText({ reason: 'never_routed', error: 'lost', at, from: 'unassigned', attempts: 1 })).toBe(
      'Routing gave up on it: it was never routed, though put back on the queue again and again (1 requeue). Sent round again, it goes back to waiting.',
    );
  });
});

describe("a leaving rep's open leads sent on, in words", () => {
  it('counts the leads sent on, the ones left in no pool, and says when to send again', () => {
    expect(reassignOpenText({ repId: 'rep_a', queued: ['l1', 'l2'], notInAPool: ['l3'], more: true }, 'Ana')).toEqual([
      "2 lead(s) sent back through their pools, never back to Ana: each lead's decisions say where it went.",
      '1 lead(s) are in no pool: assign them yourself (below).',
      'Ana has more open leads than one go sends on: send them on again.',
    ]);
    expect(reassignOpenText({ repId: 'rep_a', queued: [], notInAPool: [], more: false }, 'Ana')).toEqual([
      'Ana has no open lead.',
    ]);
  });
});

describe("the overview's counts", () => {
  it('counts the webhooks whose deliveries fail now, not those that recovered or were turned off by hand', () => {
    const hooks = [{ id: 'a', failingSince: '2026-12-01T00:00:00Z' }, { id: 'b' }, { id: 'c', status: 'disabled' }];
    expect(failingWebhooks(hooks).map((w) => w.id)).toEqual(['a']);
  });

  // A Wednesday afternoon, local time: the week began on Monday, the chart starts last Thursday.
  const now = new Date(2026, 11, 2, 15, 0);
  const at = (day: number, hour: number) => new Date(2026, 11, day, hour).toISOString();

  it('counts today, this week since Monday, and each of the last seven days', () => {
    const counts = countLeads([at(2, 14), at(2, 9), at(1, 23), at(0, 10), at(-2, 12), at(-20, 12)], now);
    expect(counts.today).toBe(2);
    expect(counts.thisWeek).toBe(4);
    expect(counts.days.map((d) => d.count)).toEqual([0, 0, 1, 0, 1, 1, 2]);
    expect(counts.days.at(-1)!.day).toEqual(new Date(2026, 11, 2));
    expect(countingSince(now)).toEqual(new Date(2026, 10, 26));
  });

  it('reads pages until one reaches past the start, and says so when it gave up first', async () => {
    const pages = [
      { leads: [{ createdAt: at(2, 9) }, { createdAt: at(1, 9) }], nextCursor: 'p2' },
      { leads: [{ createdAt: at(-10, 9) }], nextCursor: 'p3' },
    ];
    const asked: (string | undefined)[] = [];
    const page = async (cursor: string | undefined) => {
      asked.push(cursor);
      return pages[asked.length - 1] as never;
    };
    expect(await leadTimesSince(page, countingSince(now), 10)).toEqual({
      createdAt: [at(2, 9), at(1, 9)],
      partial: false,
    });
    expect(asked).toEqual([undefined, 'p2']);
    asked.length = 0;
    expect(await leadTimesSince(page, countingSince(now), 1)).toEqual({
      createdAt: [at(2, 9), at(1, 9)],
      partial: true,
    });
  });
});

describe('the documented admin API, and only it', () => {
  const documented = routesOf(buildOpenApiDocument('https://api.example.com'));

  it("calls only paths of this deployment's OpenAPI document", () => {
    const dir = join(import.meta.dirname, '../../console/src');
    const files = readdirSync(dir, { recursive: true }).filter((f) => String(f).endsWith('.ts'));
    const paths = new Set<string>();
    for (const file of files) {
      const source = readFileSync(join(dir, String(file)), 'utf8');
      for (const [, path] of source.matchAll(/[`'](\/admin\/[^`'?]*|\/openapi\.json)/g)) {
        // A query string is added by query(); an id is interpolated.
        paths.add(
          path!
            .replace(/\$\{query\(.*$/, '')
            .replace(/\$\{[^}]*\}/g, '{}')
            .replace(/\/$/, ''),
        );
      }
    }
    const documentedPaths = new Set([...documented].map((route) => route.split(' ')[1]!.replace(/\{\w+\}/g, '{}')));
    expect(paths.size).toBeGreaterThan(10);
    for (const path of paths) expect(documentedPaths, path).toContain(path);
  });

  it('shows a screen that needs a route only once the document lists it', () => {
    expect(hasRoutes(documented, ['GET /admin/leads', 'POST /admin/explain'])).toBe(true);
    expect(hasRoutes(documented, ['GET /admin/not-a-route-yet'])).toBe(false);
    expect(hasRoutes(routesOf({ paths: { '/admin/stats': { get: {} } } }), ['GET /admin/stats'])).toBe(true);
    expect(routesOf(undefined).size).toBe(0);
  });

  it('speaks the words the API speaks', () => {
    expect(vocabulary.LEAD_STATUSES).toEqual(LEAD_STATUSES);
    expect(vocabulary.CLOSE_REASONS).toEqual(CLOSE_REASONS);
    expect(vocabulary.OPEN_STATUSES).toEqual(OPEN_STATUSES);
    expect(vocabulary.DISTRIBUTION_METHODS).toEqual(DISTRIBUTION_METHODS);
    expect(vocabulary.PULL_METHODS).toEqual(PULL_METHODS);
    expect(vocabulary.QUEUE_ORDERS).toEqual(QUEUE_ORDERS);
    expect(vocabulary.SHOTGUN_NEXT_STEPS).toEqual(SHOTGUN_NEXT_STEPS);
    expect(vocabulary.SOURCE_KINDS).toEqual(SOURCE_KINDS);
    expect(vocabulary.WEEKDAYS).toEqual(WEEKDAYS);
    expect(vocabulary.NOTIFY_CHANNELS).toEqual(NOTIFY_CHANNELS);
    expect(vocabulary.RULE_FIELDS).toEqual(RULE_FIELDS);
    expect(vocabulary.AUDIT_ENTITY_KINDS).toEqual(AUDIT_ENTITY_KINDS);
    expect(vocabulary.TABLE_KINDS).toEqual(TABLE_KINDS);
    expect(vocabulary.STATS_GROUPS).toEqual(STATS_GROUPS);
    expect(vocabulary.LEAD_EVENT_TYPES).toEqual(LEAD_EVENT_TYPES);
    expect(vocabulary.WEBHOOK_FORMATS).toEqual(WEBHOOK_FORMATS);
    expect(vocabulary.OUTCOME_STAGES).toEqual(OUTCOME_STAGES);
  });
});

import { beforeAll, describe, expect, it } from 'vitest';
import { DynamoAssignmentStore } from '../../functions/adapters/dynamodb/dynamo-assignment-store';
import { DynamoConfigStore } from '../../functions/adapters/dynamodb/dynamo-config-store';
import type { LeadMessage } from '../../functions/core/leads/lead';
import { systemClock } from '../../functions/core/shared/ports';
import { createSource } from '../../functions/core/sources/source-admin';
import { createPool } from '../../functions/core/team/pool-admin';
import { createRep } from '../../functions/core/team/rep-admin';
import { countBy, raceAssigners, storedLeads, storeReceivedLeads } from '../support/assignment-harness';
import { TEST_ADMIN } from '../support/builders';
import { createTestDatabase, type TestDatabase } from '../support/dynamo';

let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase();
});

describe('caps across pools', () => {
  // One pool's rotation orders its own commits, so a race inside one pool cannot show whether
  // the cap condition holds: two pools sharing a capped rep commit independently.
  it('a rep capped at 5 who is in two pools fed by 8 assigners at once gets 5 leads, never more', async () => {
    const admin = { config: new DynamoConfigStore(db.documents, db.tables), clock: systemClock };
    const shared = await createRep(admin, { name: 'Shared', maxOpen: 5 }, TEST_ADMIN);
    const messages: LeadMessage[] = [];
    for (const name of ['East', 'West']) {
      const own = await createRep(admin, { name: `${name} rep` }, TEST_ADMIN);
      const pool = await createPool(
        admin,
        { name, method: 'round_robin', members: [{ repId: shared.id }, { repId: own.id }] },
        TEST_ADMIN,
      );
      const source = await createSource(admin, { name, kind: 'form', poolId: pool.id }, TEST_ADMIN);
      messages.push(...(await storeReceivedLeads(db, source.id, 32)));
    }
    // Interleaved, so every assigner feeds both pools.
    const interleaved = messages.slice(0, 32).flatMap((m, i) => [m, messages[32 + i]!]);
    await raceAssigners(db, interleaved, 8);

    const leads = await storedLeads(db, interleaved);
    expect(leads.every((l) => l.status === 'assigned')).toBe(true);
    expect(countBy(leads, (l) => l.repId)[shared.id]).toBe(5);
    const load = (await new DynamoAssignmentStore(db.documents, db.tables).loadRepLoads([shared.id])).get(shared.id);
    expect(load?.open).toBe(5);
  });
});

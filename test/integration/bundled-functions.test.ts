import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoConfigStore } from '../../functions/adapters/dynamodb/dynamo-config-store';
import { DynamoLeadStore } from '../../functions/adapters/dynamodb/dynamo-lead-store';
import { smsParts } from '../../functions/core/notices/sms';
import { systemClock } from '../../functions/core/shared/ports';
import { createSource } from '../../functions/core/sources/source-admin';
import { createPool } from '../../functions/core/team/pool-admin';
import { createRep } from '../../functions/core/team/rep-admin';
import { OLDEST_HELD_LEAD_AGE_METRIC } from '../../functions/entry/alarm-metrics';
import { FUNCTION_ENTRIES, lambdaBuildOptions, PROJECT_ROOT } from '../../lib/bundling';
import { type AwsStubs, startAwsStubs } from '../support/aws-stubs';
import { TEST_ADMIN } from '../support/builders';
import { createTestDatabase, type TestDatabase } from '../support/dynamo';
import { lambdaEnvironment, runInChild, sqsEvent, webhookEvent } from '../support/lambda-runs';

// The bundles as deployed (lib/bundling.ts: minified ESM, the credential, event-stream and
// LRU aliases), each run in a fresh Node process against DynamoDB Local, with SNS, SQS and
// Secrets Manager answered by local stand-ins: proves the aliases leave every used code
// path intact.
const out = mkdtempSync(join(tmpdir(), 'leadrouter-bundles-'));
let db: TestDatabase;
let stubs: AwsStubs;

beforeAll(async () => {
  for (const name of ['ingest', 'assigner', 'sweeper'] as const) {
    await build(lambdaBuildOptions(join(PROJECT_ROOT, FUNCTION_ENTRIES[name]), join(out, `${name}.mjs`)));
  }
  db = await createTestDatabase();
  stubs = await startAwsStubs();
}, 60_000);

afterAll(async () => {
  await stubs?.close();
  rmSync(out, { recursive: true, force: true });
});

describe('the deployed bundles, each in a fresh process', () => {
  it('take a webhook lead through ingest, SQS, the assigner and SNS to the next rep in the rotation', async () => {
    // Prepare
    const admin = { config: new DynamoConfigStore(db.documents, db.tables), clock: systemClock };
    const ana = await createRep(admin, { name: 'Ana', email: 'ana@example.com' }, TEST_ADMIN);
    const ben = await createRep(admin, { name: 'Ben', email: 'ben@example.com' }, TEST_ADMIN);
    const pool = await createPool(
      admin,
      {
        name: 'Inbound',
        method: 'round_robin',
        members: [{ repId: ana.id }, { repId: ben.id }],
      },
      TEST_ADMIN,
    );
    const source = await createSource(admin, { name: 'Website', kind: 'form', poolId: pool.id }, TEST_ADMIN);
    const env = lambdaEnvironment({
      tables: db.tables,
      dynamoEndpoint: db.endpoint,
      stubEndpoint: stubs.endpoint,
      sourceMaps: true,
    });
    const leads = ['Ada Lovelace', 'Grace Hopper', 'Edsger Dijkstra'].map((name, i) => ({
      name,
      email: `lead${i}@example.com`,
      company: 'Engines',
    }));

    // Act
    const ingest = await runInChild(
      join(out, 'ingest.mjs'),
      env,
      leads.map((lead) => webhookEvent(source.key, lead)),
    );
    const assigner = await runInChild(join(out, 'assigner.mjs'), env, [sqsEvent(stubs.sent.map((m) => m.body))]);

    // Assess
    expect(ingest.invocations.map((i) => (i.result as { statusCode: number }).statusCode)).toEqual([202, 202, 202]);
    expect(stubs.sent).toHaveLength(3);
    expect(assigner.invocations[0]).toMatchObject({ result: { batchItemFailures: [] } });
    expect(stubs.secretReads).toBe(1); // the assigner's link key, read once as it loads
    const leadIds = ingest.invocations.map((i) => JSON.parse((i.result as { body: string }).body).leadId as string);
    const store = new DynamoLeadStore(db.documents, db.tables.leads);
    const stored = await Promise.all(leadIds.map((id) => store.get(id)));
    expect(stored.every((lead) => lead?.status === 'assigned')).toBe(true);
    // The rotation, in the order the assigner used its turns: Ana, Ben, Ana.
    const byTurn = [...stored].sort((a, b) => a!.decisions[0]!.seq! - b!.decisions[0]!.seq!);
    expect(byTurn.map((lead) => [lead!.decisions[0]!.seq, lead!.repId])).toEqual([
      [1, ana.id],
      [2, ben.id],
      [3, ana.id],
    ]);
    expect(stubs.published.map((p) => [p.attributes.leadId, p.attributes.repId]).sort()).toEqual(
      stored.map((lead) => [lead!.id, lead!.repId]).sort(),
    );
    const first = stored.find((lead) => lead!.fields.name === 'Ada Lovelace')!;
    expect(stubs.published.find((p) => p.attributes.leadId === first.id)).toMatchObject({
      topicArn: env.NOTIFICATIONS_TOPIC_ARN,
      subject: 'New lead: Ada Lovelace (Engines)',
      attributes: { kind: 'assigned', repId: first.repId },
    });
    // SMS subscribers get the one-part form with the accept link, email the full notice.
    const delivered = stubs.published.find((p) => p.attributes.leadId === first.id)!.delivered;
    expect(smsParts(delivered.sms), delivered.sms).toBe(1);
    expect(delivered.sms).toMatch(/^New lead: Ada Lovelace \(Engines\)\nhttps:\/\/\S+\/l\/[A-Za-z0-9_-]{72}$/);
    expect(delivered.email).toContain(first.fields.email!);
    expect(delivered.email).toContain(delivered.sms.split('\n').pop()!);
  }, 60_000);

  it('publish the age of the oldest held lead from the sweeper, as the metric the held-leads alarm watches', async () => {
    // Prepare: a lead held for two hours, and a newer one.
    const leads = new DynamoLeadStore(db.documents, db.tables.leads);
    const heldFor = (minutes: number, id: string) => {
      const at = new Date(Date.now() - minutes * 60_000).toISOString();
      return leads.create({
        id,
        sourceId: 'src_held',
        status: 'unassigned',
        createdAt: at,
        updatedAt: at,
        fields: {},
        custom: {},
        decisions: [],
      });
    };
    await heldFor(120, 'lead_held_long');
    await heldFor(5, 'lead_held_short');
    const env = lambdaEnvironment({
      tables: db.tables,
      dynamoEndpoint: db.endpoint,
      stubEndpoint: stubs.endpoint,
      sourceMaps: false,
    });

    // Act
    const sweeper = await runInChild(join(out, 'sweeper.mjs'), env, [{}]);

    // Assess: CloudWatch's embedded metric format, in the namespace and with the dimension the alarm names.
    expect(sweeper.invocations[0]?.error).toBeUndefined();
    const emf = sweeper.stdout
      .split('\n')
      .filter((line) => line.includes('"_aws"'))
      .map((line) => JSON.parse(line));
    expect(emf).toHaveLength(1);
    expect(emf[0]._aws.CloudWatchMetrics).toEqual([
      {
        Namespace: 'LeadRouter',
        Dimensions: [['service']],
        Metrics: [{ Name: OLDEST_HELD_LEAD_AGE_METRIC, Unit: 'Seconds' }],
      },
    ]);
    expect(emf[0].service).toBe('leadrouter');
    expect(emf[0][OLDEST_HELD_LEAD_AGE_METRIC]).toBeGreaterThanOrEqual(120 * 60);
    expect(emf[0][OLDEST_HELD_LEAD_AGE_METRIC]).toBeLessThan(121 * 60);
  }, 60_000);
});

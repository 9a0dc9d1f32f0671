import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { createDocumentClient } from '../../functions/adapters/dynamodb/document-client';
import { DynamoAssignmentStore } from '../../functions/adapters/dynamodb/dynamo-assignment-store';
import type { AssignmentCommit } from '../../functions/core/assignment/ports';

const ddb = mockClient(DynamoDBDocumentClient);
// The stub sits on the client's prototype: take it off, or later files in this worker get it.
afterAll(() => ddb.restore());
const tables = { leads: 'leads', config: 'config', state: 'state' };

const decision = {
  at: '2026-11-23T10:00:00.000Z',
  outcome: 'assigned' as const,
  poolId: 'pool_1',
  method: 'round_robin',
  candidates: ['a'],
  skipped: [],
  repId: 'a',
  seq: 5,
};
const commit: AssignmentCommit = {
  poolId: 'pool_1',
  expected: { poolId: 'pool_1', seq: 4, configVersion: 2 },
  checks: [{ poolId: 'pool_0', seq: 9, configVersion: 3 }],
  rotation: { seq: 5, members: { a: { last: 5 } }, fingerprint: 'a:1:1' },
  at: '2026-11-23T10:00:00.000Z',
  loads: [{ repId: 'a', open: 1, day: '2026-11-23', dayCount: 1, rollover: false, maxOpen: 3, maxPerDay: 10 }],
  leads: [
    {
      leadId: 'L1',
      createdAt: '2026-11-23T09:59:00.000Z',
      status: 'assigned',
      poolId: 'pool_1',
      repId: 'a',
      decisions: [decision],
    },
  ],
};

function cancelled(...codes: string[]) {
  return new TransactionCanceledException({
    message: 'Transaction cancelled',
    $metadata: {},
    CancellationReasons: codes.map((Code) => ({
      Code,
      ...(Code === 'ConditionalCheckFailed' ? { Item: { status: { S: 'assigned' }, repId: { S: 'b' } } } : {}),
    })),
  });
}

const store = () => new DynamoAssignmentStore(createDocumentClient(), tables);

beforeEach(() => ddb.reset());

describe('DynamoAssignmentStore.commit', () => {
  it('moves rotation, fallback checks, rep counters and the lead in one transaction, each under its condition', async () => {
    ddb.on(TransactWriteCommand).resolves({});
    expect(await store().commit(commit)).toEqual({ status: 'committed' });
    const [rotation, check, load, lead] = ddb.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems!;
    expect(rotation!.Update).toMatchObject({
      TableName: 'state',
      Key: { pk: 'pool#pool_1' },
      ConditionExpression: 'seq = :seq AND configVersion = :cv',
      ExpressionAttributeValues: { ':seq': 4, ':cv': 2, ':next': 5, ':members': { a: { last: 5 } }, ':fp': 'a:1:1' },
    });
    expect(check!.ConditionCheck).toMatchObject({
      Key: { pk: 'pool#pool_0' },
      ExpressionAttributeValues: { ':seq': 9, ':cv': 3 },
    });
    expect(load!.Update).toMatchObject({
      Key: { pk: 'rep#a' },
      UpdateExpression: 'ADD #dc :dc, #open :open',
      ConditionExpression: '#day = :day AND #dc <= :dayMax AND (attribute_not_exists(#open) OR #open <= :openMax)',
      ExpressionAttributeValues: { ':open': 1, ':dc': 1, ':day': '2026-11-23', ':dayMax': 9, ':openMax': 2 },
    });
    expect(lead!.Update).toMatchObject({
      TableName: 'leads',
      Key: { id: 'L1' },
      ConditionExpression: '#status IN (:received, :unassigned)',
      ExpressionAttributeValues: expect.objectContaining({
        ':status': 'assigned',
        ':rep': 'a',
        ':pool': 'pool_1',
        ':sc': 'assigned#2026-11-23T09:59:00.000Z',
      }),
    });
  });

  it('starts a rep’s day count afresh when the day rolled over', async () => {
    ddb.on(TransactWriteCommand).resolves({});
    await store().commit({
      ...commit,
      checks: [],
      loads: [{ repId: 'a', open: 2, day: '2026-11-24', dayCount: 2, rollover: true }],
    });
    const load = ddb.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems![1]!.Update!;
    expect(load.UpdateExpression).toBe('SET #day = :day, #dc = :dc ADD #open :open');
    expect(load.ConditionExpression).toBe('(attribute_not_exists(#day) OR #day <> :day)');
  });

  it('only checks the rotation when no lead is assigned', async () => {
    ddb.on(TransactWriteCommand).resolves({});
    const lead = {
      ...commit.leads[0]!,
      status: 'unassigned' as const,
      decisions: [{ ...decision, outcome: 'unassigned' as const }],
    };
    delete (lead as { repId?: string }).repId;
    await store().commit({ ...commit, checks: [], loads: [], rotation: { seq: 4, members: {} }, leads: [lead] });
    const items = ddb.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems!;
    expect(items[0]!.ConditionCheck).toMatchObject({ Key: { pk: 'pool#pool_1' } });
    expect(items[1]!.Update!.UpdateExpression).not.toContain('repId');
  });

  it.each([
    [['ConditionalCheckFailed', 'None', 'None', 'None'], { status: 'stale', poolIds: [] }],
    [['None', 'ConditionalCheckFailed', 'None', 'None'], { status: 'stale', poolIds: ['pool_0'] }],
    [['None', 'None', 'ConditionalCheckFailed', 'None'], { status: 'stale', poolIds: [] }],
    [
      ['None', 'None', 'None', 'ConditionalCheckFailed'],
      { status: 'leads_settled', leads: [{ leadId: 'L1', status: 'assigned', repId: 'b' }] },
    ],
    [['TransactionConflict', 'None', 'None', 'None'], { status: 'contended' }],
  ])('reads cancellation reasons %j as %j', async (codes, expected) => {
    ddb.on(TransactWriteCommand).rejects(cancelled(...codes));
    expect(await store().commit(commit)).toEqual(expected);
  });

  it('lets other failures through', async () => {
    ddb.on(TransactWriteCommand).rejects(new Error('network down'));
    await expect(store().commit(commit)).rejects.toThrow('network down');
  });
});

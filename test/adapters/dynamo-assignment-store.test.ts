import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { createDocumentClient } from '../../functions/adapters/dynamodb/document-client';
import { DynamoAssignmentStore } from '../../functions/adapters/dynamodb/dynamo-assignment-store';
import type { AssignmentCommit } from '../../functions/core/ports';

const ddb = mockClient(DynamoDBDocumentClient);
const tables = { leads: 'leads', config: 'config', state: 'state' };

const commit: AssignmentCommit = {
  poolId: 'pool_1',
  expected: { seq: 4, configVersion: 2 },
  rotation: { seq: 5, members: { a: { last: 5 } } },
  at: '2026-11-23T10:00:00.000Z',
  leads: [
    {
      leadId: 'L1',
      createdAt: '2026-11-23T09:59:00.000Z',
      status: 'assigned',
      repId: 'a',
      decision: { at: '2026-11-23T10:00:00.000Z', outcome: 'assigned', poolId: 'pool_1', method: 'round_robin', candidates: ['a'], skipped: [], repId: 'a', seq: 5 },
    },
  ],
};

function cancelled(...codes: string[]) {
  return new TransactionCanceledException({
    message: 'Transaction cancelled',
    $metadata: {},
    CancellationReasons: codes.map((Code) => ({ Code, ...(Code === 'ConditionalCheckFailed' ? { Item: { status: { S: 'assigned' }, repId: { S: 'b' } } } : {}) })),
  });
}

beforeEach(() => ddb.reset());

describe('DynamoAssignmentStore.commit', () => {
  it('moves the rotation and the lead in one transaction, each under its condition', async () => {
    ddb.on(TransactWriteCommand).resolves({});
    const store = new DynamoAssignmentStore(createDocumentClient(), tables);
    expect(await store.commit(commit)).toEqual({ status: 'committed' });
    const items = ddb.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems!;
    expect(items[0]!.Update).toMatchObject({
      TableName: 'state',
      Key: { pk: 'pool#pool_1' },
      ConditionExpression: 'seq = :seq AND configVersion = :cv',
      ExpressionAttributeValues: { ':seq': 4, ':cv': 2, ':next': 5, ':members': { a: { last: 5 } } },
    });
    expect(items[1]!.Update).toMatchObject({
      TableName: 'leads',
      Key: { id: 'L1' },
      ConditionExpression: '#status IN (:received, :unassigned)',
      ExpressionAttributeValues: expect.objectContaining({ ':status': 'assigned', ':rep': 'a', ':sc': 'assigned#2026-11-23T09:59:00.000Z' }),
    });
  });

  it('only checks the rotation when no lead is assigned', async () => {
    ddb.on(TransactWriteCommand).resolves({});
    const unassigned: AssignmentCommit = {
      ...commit,
      rotation: { seq: 4, members: {} },
      leads: [{ ...commit.leads[0]!, status: 'unassigned', decision: { ...commit.leads[0]!.decision, outcome: 'unassigned' } }],
    };
    delete unassigned.leads[0]!.repId;
    await new DynamoAssignmentStore(createDocumentClient(), tables).commit(unassigned);
    const items = ddb.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems!;
    expect(items[0]!.ConditionCheck).toMatchObject({ Key: { pk: 'pool#pool_1' } });
    expect(items[1]!.Update!.UpdateExpression).not.toContain('repId');
  });

  it.each([
    [['ConditionalCheckFailed', 'None'], { status: 'stale' }],
    [['None', 'ConditionalCheckFailed'], { status: 'leads_settled', leads: [{ leadId: 'L1', status: 'assigned', repId: 'b' }] }],
    [['TransactionConflict', 'None'], { status: 'contended' }],
  ])('reads cancellation reasons %j as %j', async (codes, expected) => {
    ddb.on(TransactWriteCommand).rejects(cancelled(...codes));
    expect(await new DynamoAssignmentStore(createDocumentClient(), tables).commit(commit)).toEqual(expected);
  });

  it('lets other failures through', async () => {
    ddb.on(TransactWriteCommand).rejects(new Error('network down'));
    await expect(new DynamoAssignmentStore(createDocumentClient(), tables).commit(commit)).rejects.toThrow('network down');
  });
});

import { type CancellationReason, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { createDocumentClient } from '../../functions/adapters/dynamodb/document-client';
import { DynamoLeadIntake } from '../../functions/adapters/dynamodb/dynamo-lead-intake';
import type { Lead } from '../../functions/core/leads/lead';
import type { IdempotencyClaim } from '../../functions/core/sources/ports';

const ddb = mockClient(DynamoDBDocumentClient);
// The stub sits on the client's prototype: take it off, or later files in this worker get it.
afterAll(() => ddb.restore());
const tables = { leads: 'leads', idempotency: 'idempotency' };
const noWait = { attempts: 3, sleep: async () => undefined };

const lead: Lead = {
  id: 'L2',
  sourceId: 'src_1',
  status: 'received',
  createdAt: '2026-11-23T10:00:00.000Z',
  updatedAt: '2026-11-23T10:00:00.000Z',
  fields: { email: 'a@example.com' },
  custom: {},
  decisions: [],
};
const externalId: IdempotencyClaim = { kind: 'externalId', value: 'G-1', expiresAt: 1_790_000_000 };

function cancelled(...reasons: CancellationReason[]) {
  return new TransactionCanceledException({
    message: 'Transaction cancelled',
    $metadata: {},
    CancellationReasons: reasons,
  });
}

beforeEach(() => ddb.reset());

describe('DynamoLeadIntake.store', () => {
  it('writes a lead without claims with one conditional PutItem', async () => {
    ddb.on(PutCommand).resolves({});
    expect(await new DynamoLeadIntake(createDocumentClient(), tables).store(lead, [])).toEqual({ stored: true });
    expect(ddb).toHaveReceivedCommandWith(PutCommand, {
      TableName: 'leads',
      ConditionExpression: 'attribute_not_exists(id)',
    });
    expect(ddb).not.toHaveReceivedCommand(TransactWriteCommand);
  });

  it('writes the lead and its claims in one transaction, each claim conditioned on being free or expired', async () => {
    ddb.on(TransactWriteCommand).resolves({});
    await new DynamoLeadIntake(createDocumentClient(), tables).store(lead, [externalId]);
    const items = ddb.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems!;
    expect(items).toHaveLength(2);
    expect(items[0]!.Put).toMatchObject({
      TableName: 'leads',
      Item: { id: 'L2', statusCreatedAt: 'received#2026-11-23T10:00:00.000Z' },
    });
    expect(items[1]!.Put).toEqual({
      TableName: 'idempotency',
      Item: { pk: 'src_1#externalId#G-1', leadId: 'L2', expiresAt: 1_790_000_000 },
      ConditionExpression: 'attribute_not_exists(pk) OR expiresAt < :now',
      ExpressionAttributeValues: { ':now': Date.parse(lead.createdAt) / 1000 },
      ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
    });
  });

  it('names the earlier lead when a claim is held', async () => {
    ddb
      .on(TransactWriteCommand)
      .rejects(cancelled({ Code: 'None' }, { Code: 'ConditionalCheckFailed', Item: { leadId: { S: 'L1' } } }));
    expect(await new DynamoLeadIntake(createDocumentClient(), tables).store(lead, [externalId])).toEqual({
      stored: false,
      claim: externalId,
      leadId: 'L1',
    });
  });

  it('tries again when a concurrent transaction holds the claim item, then lets the condition decide', async () => {
    ddb
      .on(TransactWriteCommand)
      .rejectsOnce(cancelled({ Code: 'None' }, { Code: 'TransactionConflict' }))
      .rejectsOnce(cancelled({ Code: 'None' }, { Code: 'ConditionalCheckFailed', Item: { leadId: { S: 'L1' } } }));
    expect(await new DynamoLeadIntake(createDocumentClient(), tables, noWait).store(lead, [externalId])).toMatchObject({
      stored: false,
      leadId: 'L1',
    });
    expect(ddb).toHaveReceivedCommandTimes(TransactWriteCommand, 2);
  });

  it('gives up after its attempts, and lets other failures through', async () => {
    ddb.on(TransactWriteCommand).rejects(cancelled({ Code: 'None' }, { Code: 'TransactionConflict' }));
    await expect(
      new DynamoLeadIntake(createDocumentClient(), tables, noWait).store(lead, [externalId]),
    ).rejects.toBeInstanceOf(TransactionCanceledException);
    expect(ddb).toHaveReceivedCommandTimes(TransactWriteCommand, 3);
    ddb.reset();
    ddb.on(TransactWriteCommand).rejects(new Error('throttled'));
    await expect(
      new DynamoLeadIntake(createDocumentClient(), tables, noWait).store(lead, [externalId]),
    ).rejects.toThrow('throttled');
  });
});

import type { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { RepLoadChange } from '../../core/team/rep';
import { repLoadKey } from './table-keys';

export type TransactItem = NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']>[number];

/**
 * The transaction item that moves a rep's load counters: open leads, and leads on the
 * rep's local day (started afresh when the day rolled over). The caps are the condition,
 * so however many assigners race, none can push a rep past them.
 */
export function repLoadUpdate(stateTable: string, change: RepLoadChange): TransactItem {
  const conditions: string[] = [];
  const values: Record<string, unknown> = { ':open': change.open, ':day': change.day, ':dc': change.dayCount };
  if (change.rollover) {
    conditions.push('(attribute_not_exists(#day) OR #day <> :day)');
  } else {
    conditions.push('#day = :day');
    if (change.maxPerDay !== undefined) {
      conditions.push('#dc <= :dayMax');
      values[':dayMax'] = change.maxPerDay - change.dayCount;
    }
  }
  if (change.maxOpen !== undefined) {
    conditions.push('(attribute_not_exists(#open) OR #open <= :openMax)');
    values[':openMax'] = change.maxOpen - change.open;
  }
  return {
    Update: {
      TableName: stateTable,
      Key: repLoadKey(change.repId),
      UpdateExpression: change.rollover ? 'SET #day = :day, #dc = :dc ADD #open :open' : 'ADD #dc :dc, #open :open',
      ConditionExpression: conditions.join(' AND '),
      ExpressionAttributeNames: { '#day': 'day', '#dc': 'dayCount', '#open': 'open' },
      ExpressionAttributeValues: values,
    },
  };
}

/** The transaction item that frees one open lead of a rep (a close, a release, a reassignment). */
export function repLoadRelease(stateTable: string, repId: string): TransactItem {
  return {
    Update: {
      TableName: stateTable,
      Key: repLoadKey(repId),
      UpdateExpression: 'ADD #open :minusOne',
      ExpressionAttributeNames: { '#open': 'open' },
      ExpressionAttributeValues: { ':minusOne': -1 },
    },
  };
}

import type { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { RepLoadChange } from '../../core/team/rep';
import { repLoadKey } from './table-keys';

export type TransactItem = NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']>[number];

/**
 * The transaction item that moves a rep's load counters: open leads, and leads on the
 * rep's local day (started afresh when the day rolled over). The caps are the condition,
 * so however many assigners race, none can push a rep past them. `released`: leads the same
 * transaction takes from the rep (one item per rep per transaction, so the two are netted).
 */
export function repLoadUpdate(stateTable: string, change: RepLoadChange, released = 0): TransactItem {
  const conditions: string[] = [];
  const net = change.open - released;
  const values: Record<string, unknown> = { ':open': net, ':day': change.day, ':dc': change.dayCount };
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
    values[':openMax'] = change.maxOpen - net;
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

/** The transaction item that frees `count` open leads of a rep (a close, a release, a reassignment). */
export function repLoadRelease(stateTable: string, repId: string, count = 1): TransactItem {
  return {
    Update: {
      TableName: stateTable,
      Key: repLoadKey(repId),
      UpdateExpression: 'ADD #open :minus',
      ExpressionAttributeNames: { '#open': 'open' },
      ExpressionAttributeValues: { ':minus': -count },
    },
  };
}

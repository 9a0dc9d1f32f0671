import { marshall } from '@aws-sdk/util-dynamodb';
import { describe, expect, it } from 'vitest';
import { consumeLeadStream, leadChangeOf } from '../../functions/adapters/dynamodb/lead-change-stream';
import type { LeadChange } from '../../functions/core/leads/ports';

const image = (status: string) =>
  marshall({
    id: 'lead_1',
    sourceId: 'src_1',
    status,
    createdAt: '2026-11-20T10:00:00.000Z',
    updatedAt: '2026-11-20T10:00:00.000Z',
    fields: { name: 'Ada' },
    custom: {},
    decisions: [],
    statusCreatedAt: `${status}#2026-11-20T10:00:00.000Z`,
  });

describe('the leads table stream as lead changes', () => {
  it('reads the images before and after a write as leads, without index attributes', () => {
    const change = leadChangeOf({ dynamodb: { OldImage: image('received'), NewImage: image('assigned') } });
    expect(change.old?.status).toBe('received');
    expect(change.new).toMatchObject({ status: 'assigned', custom: {}, fields: { name: 'Ada' } });
    expect(change.new).not.toHaveProperty('statusCreatedAt');
    expect(leadChangeOf({ dynamodb: { NewImage: image('received') } })).not.toHaveProperty('old');
  });

  it('reads an empty map the streams client hands back as {}', () => {
    const { custom: _, ...rest } = image('received');
    expect(leadChangeOf({ dynamodb: { NewImage: { ...rest, custom: {} } } }).new?.custom).toEqual({});
  });

  it('stops at the first record that fails and names it, so the records before it are not retried', async () => {
    const seen: LeadChange[] = [];
    const consumer = async (changes: readonly LeadChange[]) => {
      if (seen.length === 1) throw new Error('throttled');
      seen.push(...changes);
    };
    const records = ['1', '2', '3'].map((n) => ({ dynamodb: { SequenceNumber: n, NewImage: image('received') } }));
    const errors: (string | undefined)[] = [];
    const result = await consumeLeadStream(records, [consumer], (_e, sequence) => errors.push(sequence));
    expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: '2' }] });
    expect(seen).toHaveLength(1);
    expect(errors).toEqual(['2']);
    expect(await consumeLeadStream(records.slice(0, 1), [async () => undefined])).toEqual({ batchItemFailures: [] });
  });
});

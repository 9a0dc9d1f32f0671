// The leads table's change stream (NEW_AND_OLD_IMAGES) read as lead changes. The one place
// that knows how a stored lead item maps to the images of a change: if a lead is ever split
// into several items, only this file changes.
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { LeadChange } from '../../core/leads/ports';
import { toLead } from './dynamo-lead-store';

/** A stream record as Lambda's event and DynamoDB Streams' GetRecords both carry it. */
export interface LeadStreamRecord {
  eventName?: string;
  dynamodb?: {
    OldImage?: Record<string, unknown>;
    NewImage?: Record<string, unknown>;
  };
}

const image = (item: Record<string, unknown> | undefined) =>
  item ? toLead(unmarshall(emptyMapsRestored(item) as Record<string, AttributeValue>)) : undefined;

/**
 * The DynamoDB Streams client reads an empty map attribute (`{"M": {}}`) as `{}`, which
 * unmarshall refuses; Lambda's event keeps it. Both come out as an empty map.
 */
function emptyMapsRestored(item: Record<string, unknown>): Record<string, unknown> {
  const restore = (value: unknown): unknown => {
    if (typeof value !== 'object' || value === null) return value;
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.length === 0) return { M: {} };
    const [[type, inner]] = entries as [[string, unknown]];
    if (type === 'M') return { M: emptyMapsRestored(inner as Record<string, unknown>) };
    if (type === 'L') return { L: (inner as unknown[]).map(restore) };
    return value;
  };
  return Object.fromEntries(Object.entries(item).map(([key, value]) => [key, restore(value)]));
}

/** The lead changes of stream records, in order; records without images (keys only) are skipped. */
export function leadChangesOf(records: readonly LeadStreamRecord[]): LeadChange[] {
  const changes: LeadChange[] = [];
  for (const record of records) {
    const old = image(record.dynamodb?.OldImage);
    const next = image(record.dynamodb?.NewImage);
    if (!old && !next) continue;
    changes.push({ ...(old ? { old } : {}), ...(next ? { new: next } : {}) });
  }
  return changes;
}

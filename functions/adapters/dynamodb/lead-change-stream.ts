// The leads table's change stream as lead changes. The one place that knows how a stream
// record (NEW_AND_OLD_IMAGES) carries a lead, so a change of the lead's items changes only this.
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { LeadChange, LeadChangeConsumer } from '../../core/leads/ports';
import { toLead } from './dynamo-lead-store';

/** A stream record as Lambda's event and the DynamoDB Streams API both give it (the parts read here). */
export interface LeadStreamRecord {
  dynamodb?: {
    OldImage?: Record<string, unknown>;
    NewImage?: Record<string, unknown>;
    SequenceNumber?: string;
  };
}

/** The lead change a stream record carries. */
export function leadChangeOf(record: LeadStreamRecord): LeadChange {
  const { OldImage, NewImage } = record.dynamodb ?? {};
  return {
    ...(OldImage ? { old: imageToLead(OldImage) } : {}),
    ...(NewImage ? { new: imageToLead(NewImage) } : {}),
  };
}

function imageToLead(image: Record<string, unknown>) {
  const attributes = Object.fromEntries(Object.entries(image).map(([name, value]) => [name, emptyMapsKept(value)]));
  return toLead(unmarshall(attributes as Record<string, AttributeValue>));
}

/**
 * An attribute value with its empty maps whole: the DynamoDB Streams client reads an empty
 * map (`{"M": {}}`, a lead without custom fields) back as `{}`, which unmarshall refuses.
 */
function emptyMapsKept(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  const attribute = value as { M?: Record<string, unknown>; L?: unknown[] };
  if (Object.keys(attribute).length === 0) return { M: {} };
  if (attribute.M) return { M: Object.fromEntries(Object.entries(attribute.M).map(([k, v]) => [k, emptyMapsKept(v)])) };
  if (attribute.L) return { L: attribute.L.map(emptyMapsKept) };
  return value;
}

/**
 * Hands each record's change to every consumer, record by record in stream order. At the
 * first failure it stops and names that record, so Lambda retries from it and the records
 * before it are not counted twice (the consumers' writes add, they are not idempotent).
 */
export async function consumeLeadStream(
  records: readonly LeadStreamRecord[],
  consumers: readonly LeadChangeConsumer[],
  onError: (error: unknown, sequenceNumber: string | undefined) => void = () => undefined,
): Promise<{ batchItemFailures: { itemIdentifier: string }[] }> {
  for (const record of records) {
    try {
      const changes = [leadChangeOf(record)];
      for (const consume of consumers) await consume(changes);
    } catch (error) {
      const sequenceNumber = record.dynamodb?.SequenceNumber;
      onError(error, sequenceNumber);
      return { batchItemFailures: [{ itemIdentifier: sequenceNumber ?? '' }] };
    }
  }
  return { batchItemFailures: [] };
}

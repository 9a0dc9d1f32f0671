import type { DynamoDBStreamEvent } from 'aws-lambda';
import { EventBridgeBus } from '../adapters/aws/eventbridge-bus';
import { type LeadStreamRecord, leadChangesOf } from '../adapters/dynamodb/lead-change-stream';
import { wireLeadChanges } from '../wiring/lead-changes';
import { requireEnv } from './env';
import { logger } from './logging';

const { consumers } = wireLeadChanges({ bus: new EventBridgeBus(requireEnv('EVENT_BUS_NAME')) });

/**
 * Reads the leads table's change stream. A failure fails the batch: Lambda bisects it and
 * retries, then sends what still fails to the dead-letter queue; events carry stable ids, so
 * what was published before the failure and again after is dropped by receivers.
 */
export const handler = async (event: DynamoDBStreamEvent) => {
  const changes = leadChangesOf(event.Records as LeadStreamRecord[]);
  try {
    for (const consume of consumers) await consume(changes);
  } catch (error) {
    logger.error('lead changes not consumed; the batch will be retried', {
      records: event.Records.length,
      error: error as Error,
    });
    throw error;
  }
};

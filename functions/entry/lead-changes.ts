import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { consumeLeadStream, type LeadStreamRecord } from '../adapters/dynamodb/lead-change-stream';
import { wireLeadChanges } from '../wiring/lead-changes';
import { awsBase } from './aws';
import { tablesFromEnv } from './env';
import { logger } from './logging';
import { poolMetricDocuments } from './pool-metrics';

const { consumers } = wireLeadChanges({ ...awsBase, tables: tablesFromEnv('stats') }, (figures) => {
  for (const document of poolMetricDocuments(figures, Date.now())) process.stdout.write(`${document}\n`);
});

/** The leads table's change stream: each lead change to every consumer (the stats aggregates). */
export const handler = async (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> =>
  consumeLeadStream(event.Records as LeadStreamRecord[], consumers, (error, sequenceNumber) =>
    logger.error('a lead change failed; retried from it', { sequenceNumber, error: String(error) }),
  );

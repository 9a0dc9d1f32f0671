import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { EventBridgeBus } from '../adapters/aws/eventbridge-bus';
import { consumeLeadStream, type LeadStreamRecord } from '../adapters/dynamodb/lead-change-stream';
import { wireLeadChanges } from '../wiring/lead-changes';
import { awsBase } from './aws';
import { requireEnv, tablesFromEnv } from './env';
import { logger } from './logging';
import { poolMetricDocuments } from './pool-metrics';

const { consumers } = wireLeadChanges(
  { ...awsBase, tables: tablesFromEnv('stats') },
  {
    bus: new EventBridgeBus(requireEnv('EVENT_BUS_NAME')),
    poolFigures: (figures) => {
      for (const document of poolMetricDocuments(figures, Date.now())) process.stdout.write(`${document}\n`);
    },
  },
);

/**
 * The leads table's change stream: each lead change to every consumer (lead events, the stats
 * aggregates, per-pool figures). A failing record is named in the answer, so Lambda retries
 * from it (bisecting, then the dead-letter queue) and the records before it are not counted twice.
 */
export const handler = async (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> =>
  consumeLeadStream(event.Records as LeadStreamRecord[], consumers, (error, sequenceNumber) =>
    logger.error('a lead change failed; retried from it', { sequenceNumber, error: String(error) }),
  );

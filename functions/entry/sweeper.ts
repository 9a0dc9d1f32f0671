import { SQSClient } from '@aws-sdk/client-sqs';
import { SqsLeadQueue } from '../adapters/aws/sqs-assigner-queue';
import { SqsEnrichmentQueue } from '../adapters/aws/sqs-enrichment-queue';
import { createDocumentClient } from '../adapters/dynamodb/document-client';
import { DynamoAssignmentStore } from '../adapters/dynamodb/dynamo-assignment-store';
import { DynamoConfigStore } from '../adapters/dynamodb/dynamo-config-store';
import { DynamoLeadStore } from '../adapters/dynamodb/dynamo-lead-store';
import { anyoneEligible, requeueHeldLeads, requeueStrandedLeads } from '../core/assignment/held-leads';
import { systemClock } from '../core/shared/ports';
import { requireEnv, tablesFromEnv } from './env';
import { logger } from './logging';

const documents = createDocumentClient();
const tables = tablesFromEnv('leads', 'config', 'state');
const config = new DynamoConfigStore(documents, tables);
const leads = new DynamoLeadStore(documents, tables.leads);
const sqs = new SQSClient({});
const queue = new SqsLeadQueue(sqs, requireEnv('INGEST_QUEUE_URL'));
const enrichment = new SqsEnrichmentQueue(sqs, requireEnv('ENRICHMENT_QUEUE_URL'));
const store = new DynamoAssignmentStore(documents, tables);

/**
 * Runs every minute (EventBridge): held leads go back to the assigner, since reps come
 * back from away and working hours begin without anyone calling the API; leads stored but
 * never queued are queued.
 */
export const handler = async () => {
  const held = await requeueHeldLeads({
    config,
    leads,
    queue,
    mayTakeLeads: anyoneEligible((id) => store.loadPool(id)),
  });
  const stranded = await requeueStrandedLeads({ leads, queue, enrichment }, systemClock.now());
  if (held + stranded > 0) logger.info('requeued leads', { held, stranded });
  return { held, stranded };
};

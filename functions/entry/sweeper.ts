import { SQSClient } from '@aws-sdk/client-sqs';
import { requeueHeldLeads, requeueStrandedLeads } from '../core/held-leads';
import { systemClock } from '../core/ports';
import { SqsLeadQueue } from '../adapters/aws/sqs-lead-queue';
import { createDocumentClient } from '../adapters/dynamodb/document-client';
import { DynamoConfigStore } from '../adapters/dynamodb/dynamo-config-store';
import { DynamoLeadStore } from '../adapters/dynamodb/dynamo-lead-store';
import { TABLES } from '../adapters/dynamodb/table-definitions';
import { requireEnv } from './env';
import { logger } from './logging';

const documents = createDocumentClient();
// The sweeper only lists pools: it has no state table (nor any grant on it).
const config = new DynamoConfigStore(documents, { config: requireEnv(TABLES.config.envVar), state: '' });
const leads = new DynamoLeadStore(documents, requireEnv(TABLES.leads.envVar));
const queue = new SqsLeadQueue(new SQSClient({}), requireEnv('INGEST_QUEUE_URL'));

/**
 * Runs every minute (EventBridge): held leads go back to the assigner, since reps come
 * back from away and working hours begin without anyone calling the API; leads stored but
 * never queued are queued.
 */
export const handler = async () => {
  const held = await requeueHeldLeads({ config, leads, queue });
  const stranded = await requeueStrandedLeads({ leads, queue }, systemClock.now());
  if (held + stranded > 0) logger.info('requeued leads', { held, stranded });
  return { held, stranded };
};

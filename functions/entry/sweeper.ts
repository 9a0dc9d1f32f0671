import { DEPLOYED_STRANDED_POLICY, wireSweeper } from '../wiring/sweeper';
import { awsBase } from './aws';
import { tablesFromEnv } from './env';
import { logger } from './logging';
import { sqsSender } from './sqs';

const sweeper = wireSweeper({
  ...awsBase,
  tables: tablesFromEnv('leads', 'config', 'state'),
  assignerSender: sqsSender('INGEST_QUEUE_URL'),
  enrichmentSender: sqsSender('ENRICHMENT_QUEUE_URL'),
});

/**
 * Runs every minute (EventBridge): held leads go back to the assigner, since reps come
 * back from away and working hours begin without anyone calling the API; leads stored but
 * not routed are requeued, a bounded number of times, then marked failed for an admin.
 */
export const handler = async () => {
  const held = await sweeper.requeueHeld();
  const stranded = await sweeper.sweepStranded(DEPLOYED_STRANDED_POLICY);
  if (held + stranded.requeued + stranded.failed > 0) logger.info('requeued leads', { held, ...stranded });
  if (stranded.failed > 0) logger.warn('leads marked failed after the sweeper requeued them', { ...stranded });
  return { held, ...stranded };
};

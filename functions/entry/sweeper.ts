import { wireSweeper } from '../wiring/sweeper';
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
 * never queued are queued.
 */
export const handler = async () => {
  const held = await sweeper.requeueHeld();
  const stranded = await sweeper.requeueStranded(5 * 60_000);
  if (held + stranded > 0) logger.info('requeued leads', { held, stranded });
  return { held, stranded };
};

import { DEPLOYED_STRANDED_POLICY, wireSweeper } from '../wiring/sweeper';
import { OLDEST_HELD_LEAD_AGE_METRIC } from './alarm-metrics';
import { awsBase } from './aws';
import { tablesFromEnv } from './env';
import { logger } from './logging';
import { flushMetrics, recordSeconds } from './metrics';
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
 * not routed are requeued, a bounded number of times, then marked failed for an admin. Then
 * it publishes how long the oldest held lead has waited, which the held-leads alarm watches
 * (0 when none is held, so the alarm always has data).
 */
export const handler = async () => {
  const held = await sweeper.requeueHeld();
  const stranded = await sweeper.sweepStranded(DEPLOYED_STRANDED_POLICY);
  if (held + stranded.requeued + stranded.failed > 0) logger.info('requeued leads', { held, ...stranded });
  if (stranded.failed > 0) logger.warn('leads marked failed after the sweeper requeued them', { ...stranded });
  const oldestHeldSeconds = Math.floor((await sweeper.oldestHeldLeadAgeMs()) / 1000);
  recordSeconds(OLDEST_HELD_LEAD_AGE_METRIC, oldestHeldSeconds);
  flushMetrics();
  return { held, ...stranded, oldestHeldSeconds };
};

import { wireSweeper } from '../wiring/sweeper';
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
 * never queued are queued. Then it publishes how long the oldest held lead has waited, which
 * the held-leads alarm watches (0 when none is held, so the alarm always has data).
 */
export const handler = async () => {
  const held = await sweeper.requeueHeld();
  const stranded = await sweeper.requeueStranded(5 * 60_000);
  if (held + stranded > 0) logger.info('requeued leads', { held, stranded });
  const oldestHeldMs = await sweeper.oldestHeldLeadAgeMs();
  recordSeconds(OLDEST_HELD_LEAD_AGE_METRIC, Math.floor(oldestHeldMs / 1000));
  flushMetrics();
  return { held, stranded, oldestHeldSeconds: Math.floor(oldestHeldMs / 1000) };
};

// How long queue messages live, shared by the stack that configures the queues (lib/), the
// local in-process queues, and the sweeper, which must not requeue a lead while a message
// for it may still be delivered.

/** The assigner's timeout; the ingest queue's visibility timeout is six times it (AWS's advice). */
export const ASSIGNER_TIMEOUT_SECONDS = 30;
/** Deliveries of an ingest-queue message before it moves to the dead-letter queue. */
export const ASSIGNER_MAX_RECEIVES = 5;
/** The enricher's timeout; the enrichment queue's visibility timeout is six times it. */
export const ENRICHER_TIMEOUT_SECONDS = 30;
/** Deliveries of an enrichment job before it moves to its dead-letter queue. */
export const ENRICHMENT_MAX_RECEIVES = 8;

/** A queue's visibility timeout for a consumer with this timeout. */
export function visibilityTimeoutSeconds(consumerTimeoutSeconds: number): number {
  return consumerTimeoutSeconds * 6;
}

/** The longest a message can be in flight in AWS, all its deliveries included. */
export function messageLifetimeMs(consumerTimeoutSeconds: number, maxReceives: number): number {
  return visibilityTimeoutSeconds(consumerTimeoutSeconds) * maxReceives * 1_000;
}

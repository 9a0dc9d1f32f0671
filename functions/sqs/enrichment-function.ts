import middy, { type MiddlewareObj } from '@middy/core';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { parseInput } from '../core/shared/validation';
import { type EnrichLeadDeps, EnrichmentJobSchema, enrichMetaLead } from '../core/sources/enrich-meta-lead';
import type { EnrichmentJob } from '../core/sources/ports';
import { handleRecords } from './partial-batch';

export interface EnrichmentFunctionOptions {
  middlewares?: MiddlewareObj<SQSEvent, SQSBatchResponse, Error, Context>[];
  onRecordFailed?: (record: SQSRecord, error: unknown) => void;
  /** Deliveries of a job before the queue gives up on it (the redrive policy's maxReceiveCount). */
  maxReceives: number;
  /** The last delivery of a lead's job failed: make the lead visible as failed. */
  onDeliveriesExhausted: (
    lead: { id: string; createdAt: string },
    error: unknown,
    deliveries: number,
  ) => Promise<unknown>;
}

/**
 * The SQS consumer of the enrichment queue: each job fetches one Meta lead's details. A
 * failed job is reported alone (partial batch response), so it alone comes back later.
 */
export function createEnrichmentFunction(deps: EnrichLeadDeps, options: EnrichmentFunctionOptions) {
  const handleRecord = async (record: SQSRecord) => {
    let job: EnrichmentJob | undefined;
    try {
      job = parseInput(EnrichmentJobSchema, JSON.parse(record.body), 'enrichment job');
      return await enrichMetaLead(deps, job);
    } catch (error) {
      options.onRecordFailed?.(record, error);
      const deliveries = Number(record.attributes.ApproximateReceiveCount ?? '1');
      if (job && deliveries >= options.maxReceives) {
        // Best effort: if even this fails, the sweeper finds the lead still `received`.
        await options
          .onDeliveriesExhausted({ id: job.leadId, createdAt: job.createdAt }, error, deliveries)
          .catch(() => undefined);
      }
      throw error;
    }
  };
  const processBatch = (event: SQSEvent): Promise<SQSBatchResponse> => handleRecords(event, handleRecord);
  let handler = middy<SQSEvent, SQSBatchResponse, Error, Context>(processBatch);
  for (const middleware of options.middlewares ?? []) handler = handler.use(middleware);
  return handler;
}

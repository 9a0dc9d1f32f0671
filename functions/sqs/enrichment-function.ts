import middy, { type MiddlewareObj } from '@middy/core';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { parseInput } from '../core/shared/validation';
import { type EnrichLeadDeps, EnrichmentJobSchema, enrichMetaLead } from '../core/sources/enrich-meta-lead';
import { handleRecords } from './partial-batch';

export interface EnrichmentFunctionOptions {
  middlewares?: MiddlewareObj<SQSEvent, SQSBatchResponse, Error, Context>[];
  onRecordFailed?: (record: SQSRecord, error: unknown) => void;
}

/**
 * The SQS consumer of the enrichment queue: each job fetches one Meta lead's details. A
 * failed job is reported alone (partial batch response), so it alone comes back later.
 */
export function createEnrichmentFunction(deps: EnrichLeadDeps, options: EnrichmentFunctionOptions = {}) {
  const handleRecord = async (record: SQSRecord) => {
    try {
      return await enrichMetaLead(deps, parseInput(EnrichmentJobSchema, JSON.parse(record.body), 'enrichment job'));
    } catch (error) {
      options.onRecordFailed?.(record, error);
      throw error;
    }
  };
  const processBatch = (event: SQSEvent): Promise<SQSBatchResponse> => handleRecords(event, handleRecord);
  let handler = middy<SQSEvent, SQSBatchResponse, Error, Context>(processBatch);
  for (const middleware of options.middlewares ?? []) handler = handler.use(middleware);
  return handler;
}

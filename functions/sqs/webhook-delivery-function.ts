import middy, { type MiddlewareObj } from '@middy/core';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { readWebhookQueueMessage, type WebhookQueue } from '../adapters/messaging/webhook-queue';
import { attemptDelivery, deliverLeadEvents, type WebhookDeliveryDeps } from '../core/webhooks/deliver-webhooks';
import { handleRecords } from './partial-batch';

export interface WebhookDeliveryFunctionOptions {
  queue: WebhookQueue;
  middlewares?: MiddlewareObj<SQSEvent, SQSBatchResponse, Error, Context>[];
  onRecordFailed?: (record: SQSRecord, error: unknown) => void;
}

/**
 * The SQS consumer of the webhook queue: a lead event from the bus goes to every subscription
 * that wants it; a retry not yet due goes back on the queue, a due one is attempted. A record
 * fails only when leadrouter could not do its part (a receiver's failure is a retry, not an error).
 */
export function createWebhookDeliveryFunction(deps: WebhookDeliveryDeps, options: WebhookDeliveryFunctionOptions) {
  const handleRecord = async (record: SQSRecord) => {
    try {
      const message = readWebhookQueueMessage(record.body);
      if (message.kind === 'events') return await deliverLeadEvents(deps, message.events);
      if (await options.queue.putBackUnlessDue(message.queued)) return;
      return await attemptDelivery(deps, message.queued.job);
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

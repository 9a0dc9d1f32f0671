import middy, { type MiddlewareObj } from '@middy/core';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import type { LeadAssigner } from '../core/assignment/assigner';
import type { LeadRequest, LeadTimer, Timers } from '../core/assignment/ports';
import type { Notifier, RepChannels } from '../core/notices/ports';
import type { Clock } from '../core/shared/ports';
import { parseAssignerMessage } from './assigner-messages';
import { handleRecords } from './partial-batch';

export interface AssignerFunctionOptions {
  /** Delivers the notices other functions queue. */
  notifier: Notifier;
  /** Acts on lead timers (offer windows, accept deadlines) that are due. */
  onTimer: (timer: LeadTimer) => Promise<unknown>;
  /** Acts on lead requests (a rep's pass, a leaving rep's lead). */
  onLeadRequest: (request: LeadRequest) => Promise<unknown>;
  /** Puts a timer that arrived early back to sleep (SQS delays a message 15 minutes at most). */
  timers: Timers;
  clock: Clock;
  /** Brings a rep's notification subscriptions in line with their record. */
  channels: RepChannels;
  middlewares?: MiddlewareObj<SQSEvent, SQSBatchResponse, Error, Context>[];
  onRecordFailed?: (record: SQSRecord, error: unknown) => void;
  /** Deliveries of a message before the queue gives up on it (the redrive policy's maxReceiveCount). */
  maxReceives: number;
  /** The last delivery of a lead's message failed: make the lead visible as failed. */
  onDeliveriesExhausted: (
    lead: { id: string; createdAt: string },
    error: unknown,
    deliveries: number,
  ) => Promise<unknown>;
}

/**
 * The SQS consumer around the assigner: every lead is handed to the assigner at once
 * (leads of one pool share a transaction), notices are delivered, and failures are reported
 * per record, so only those come back from the queue.
 */
export function createAssignerFunction(assigner: LeadAssigner, options: AssignerFunctionOptions) {
  const handleRecord = async (record: SQSRecord) => {
    let message: ReturnType<typeof parseAssignerMessage> | undefined;
    try {
      message = parseAssignerMessage(record.body);
      switch (message.kind) {
        case 'notice':
          return await options.notifier.notify(message.notice);
        case 'timer':
          if (Date.parse(message.timer.dueAt) > options.clock.now().getTime() + 1_000) {
            return await options.timers.schedule(message.timer);
          }
          return await options.onTimer(message.timer);
        case 'lead_request':
          return await options.onLeadRequest(message.request);
        case 'sync_channels':
          return await options.channels.sync(message.repId);
        case 'route': {
          const redelivered = Number(record.attributes.ApproximateReceiveCount ?? '1') > 1;
          return await assigner.assign(message.lead, { redelivered });
        }
      }
    } catch (error) {
      options.onRecordFailed?.(record, error);
      const deliveries = Number(record.attributes.ApproximateReceiveCount ?? '1');
      if (message?.kind === 'route' && deliveries >= options.maxReceives) {
        const { leadId, createdAt } = message.lead;
        // Best effort: if even this fails, the sweeper finds the lead still `received`.
        await options.onDeliveriesExhausted({ id: leadId, createdAt }, error, deliveries).catch(() => undefined);
      }
      throw error;
    }
  };

  const processBatch = (event: SQSEvent): Promise<SQSBatchResponse> => handleRecords(event, handleRecord);
  let handler = middy<SQSEvent, SQSBatchResponse, Error, Context>(processBatch);
  for (const middleware of options.middlewares ?? []) handler = handler.use(middleware);
  return handler;
}

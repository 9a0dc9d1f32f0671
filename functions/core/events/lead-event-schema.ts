// The lead event as a zod schema: for the OpenAPI document (timeline, deliveries) and the
// events reference. Apart from lead-events.ts so that the stream consumer bundles no zod.
import * as z from 'zod/mini';
import { DecisionSchema, LeadFieldsSchema } from '../leads/lead-schemas';
import { timestamp } from '../shared/timestamp';
import { LEAD_EVENT_TYPES } from './lead-events';

/** One lead event: `{type, timestamp, data}` is a webhook's body, `id` its `webhook-id`. */
export const LeadEventSchema = z.strictObject({
  id: z.string(),
  type: z.enum(LEAD_EVENT_TYPES),
  timestamp,
  data: z.strictObject({
    leadId: z.string(),
    seq: z.int(),
    actor: z.enum(['source', 'assigner', 'admin', 'rep']),
    sourceId: z.string(),
    poolId: z.optional(z.string()),
    repId: z.optional(z.string()),
    decision: z.optional(DecisionSchema),
    test: z.optional(z.literal(true)),
    contact: z.optional(z.strictObject({ fields: LeadFieldsSchema, custom: z.record(z.string(), z.string()) })),
  }),
});

/** `GET /admin/leads/{id}/timeline`: every event of the lead, in order. */
export const LeadTimelineSchema = z.strictObject({ events: z.array(LeadEventSchema) });

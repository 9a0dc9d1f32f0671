// What the HTTP API answers beyond the core's own entities: the error body, list wrappers, a
// source with its webhook URL, the queue link, the webhook's receipt. The handlers' bodies
// are typed with these, and the OpenAPI document is generated from them (docs function only).
import * as z from 'zod/mini';
import { ApiKeyRecordSchema } from '../core/admin/api-key-admin';
import { timestamp } from '../core/shared/timestamp';
import { SourceViewSchemas } from '../core/sources/source-view';
import { PoolSchema } from '../core/team/pool-schemas';
import { RepSchema } from '../core/team/rep-schemas';

/** Every 4xx and 500: a machine-readable code, a sentence, and details (field problems, ids, or `null`). */
export const ErrorBodySchema = z.strictObject({
  error: z.strictObject({ code: z.string(), message: z.string(), details: z.unknown() }),
});
export type ErrorBody = z.output<typeof ErrorBodySchema>;

/** A webhook's receipt: the lead's id (`form`, `json`, `google_ads`), or every id of a Meta batch. */
export const LeadAcceptedSchema = z.union([
  z.strictObject({ leadId: z.optional(z.string()) }),
  z.strictObject({ leadIds: z.array(z.string()) }),
]);
export type LeadAccepted = z.output<typeof LeadAcceptedSchema>;

const webhookUrl = { webhookUrl: z.url() };

/** A source as the admin API answers: its view (secrets as `has…` flags) and the URL to paste into the sender. */
export const SourceResponseSchema = z.discriminatedUnion('kind', [
  z.extend(SourceViewSchemas.form, webhookUrl),
  z.extend(SourceViewSchemas.json, webhookUrl),
  z.extend(SourceViewSchemas.google_ads, webhookUrl),
  z.extend(SourceViewSchemas.meta_lead_ads, webhookUrl),
  z.extend(SourceViewSchemas.linkedin_lead_gen, webhookUrl),
]);
export type SourceResponse = z.output<typeof SourceResponseSchema>;

export const RepListSchema = z.strictObject({ reps: z.array(RepSchema) });
export type RepList = z.output<typeof RepListSchema>;
export const PoolListSchema = z.strictObject({ pools: z.array(PoolSchema) });
export type PoolList = z.output<typeof PoolListSchema>;
export const SourceListSchema = z.strictObject({ sources: z.array(SourceResponseSchema) });
export type SourceList = z.output<typeof SourceListSchema>;
export const ApiKeyListSchema = z.strictObject({ keys: z.array(ApiKeyRecordSchema) });
export type ApiKeyList = z.output<typeof ApiKeyListSchema>;

/** A signed queue link for a rep of a pull pool, and when it stops working. */
export const QueueLinkSchema = z.strictObject({ url: z.url(), expiresAt: timestamp });
export type QueueLink = z.output<typeof QueueLinkSchema>;

export const HealthSchema = z.strictObject({ status: z.literal('ok') });

/** A leaving rep's open leads sent on: which went back through their pools, which are in none. */
export const ReassignOpenResultSchema = z.strictObject({
  repId: z.string(),
  queued: z.array(z.string()),
  notInAPool: z.array(z.string()),
  more: z.boolean(),
});

/** A pool's rotation started over. */
export const RotationResetSchema = z.strictObject({ poolId: z.string(), resetAt: timestamp });

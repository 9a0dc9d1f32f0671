// What `POST /admin/rules/simulate` answers. The handler types its body with the schema, and
// the OpenAPI document is generated from it (docs function only).
import * as z from 'zod/mini';
import { timestamp } from '../core/shared/timestamp';

const PlacementSchema = z.strictObject({ poolId: z.optional(z.string()), by: z.string() });

/** A draft rule set replayed on stored leads; see docs/routing-rules.md. */
export const SimulationSchema = z.strictObject({
  leads: z.number(),
  truncated: z.boolean(),
  pools: z.array(z.strictObject({ poolId: z.string(), current: z.number(), draft: z.number() })),
  moved: z.number(),
  movedSample: z.array(
    z.strictObject({ leadId: z.string(), createdAt: timestamp, current: PlacementSchema, draft: PlacementSchema }),
  ),
  toDefault: z.number(),
  unrouted: z.number(),
});
export type SimulationBody = z.output<typeof SimulationSchema>;

// The schema of a lead's normalised fields. Apart from lead.ts so that functions which only
// read leads do not carry zod.
import * as z from 'zod/mini';
import { LEAD_LIMITS } from './lead';

const text = (max: number = LEAD_LIMITS.textLength) => z.optional(z.string().check(z.maxLength(max)));

/** The normalised fields every lead may have, whatever its source called them. */
export const LeadFieldsSchema = z.object({
  name: text(),
  firstName: text(),
  lastName: text(),
  email: z.optional(z.email().check(z.maxLength(254))),
  phone: text(40),
  company: text(),
  companySize: text(40),
  employees: z.optional(z.number().check(z.int(), z.gte(0))),
  country: text(80),
  region: text(80),
  city: text(80),
  postalCode: text(20),
  product: text(),
  score: z.optional(z.number().check(z.gte(-1_000_000), z.lte(1_000_000))),
  message: text(LEAD_LIMITS.messageLength),
  utm: z.optional(z.object({ source: text(), medium: text(), campaign: text(), term: text(), content: text() })),
});

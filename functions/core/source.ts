import * as z from 'zod/mini';
import { countryCode } from './country';
import { entityId, requiredText } from './validation';

export const SOURCE_KINDS = ['form'] as const;
export type SourceKind = (typeof SOURCE_KINDS)[number];

const country = z.pipe(
  z.string().check(z.maxLength(80)),
  z.transform((value, ctx) => {
    const code = countryCode(value);
    if (!code) {
      ctx.issues.push({ code: 'custom', input: value, message: 'Unknown country; use an ISO code such as "US"' });
      return z.NEVER;
    }
    return code;
  }),
);

const sourceFields = {
  name: requiredText(200),
  kind: z.enum(SOURCE_KINDS),
  poolId: entityId,
  /** Reads national phone numbers of leads that name no country. */
  defaultCountry: z.optional(country),
};

/** `POST /admin/sources` body. */
export const SourceCreateSchema = z.strictObject(sourceFields);
/** `PATCH /admin/sources/{id}` body (the kind is fixed once created). */
export const SourcePatchSchema = z.partial(z.strictObject({ ...sourceFields, kind: z.optional(z.enum(SOURCE_KINDS)) }));
export type SourceCreate = z.output<typeof SourceCreateSchema>;
export type SourcePatch = z.output<typeof SourcePatchSchema>;

/** A source as stored. `key` is the secret part of its webhook URL. */
export interface Source {
  id: string;
  name: string;
  kind: SourceKind;
  key: string;
  poolId: string;
  defaultCountry?: string;
  createdAt: string;
  updatedAt: string;
  version: number;
}

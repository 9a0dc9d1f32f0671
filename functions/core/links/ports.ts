/** Makes the signed link a rep follows to claim or accept a lead. */
export type LinkIssuer = (claims: {
  purpose: 'claim' | 'accept';
  leadId: string;
  repId: string;
  round?: number;
  expiresAt: number;
}) => string;

/** Makes the signed link where a rep sets their own availability (bound to the rep). */
export type AvailabilityLinkIssuer = (repId: string, now: Date) => string;

/** Makes the signed link to a rep's view of a pull pool's queue (bound to rep and pool). */
export type QueueLinkIssuer = (claims: { repId: string; poolId: string; expiresAt: number }) => string;

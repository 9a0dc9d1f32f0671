import * as z from 'zod/mini';
import type { LinkSigner } from '../links/link-tokens';
import { NotFoundError, ValidationError } from '../shared/errors';
import type { Clock } from '../shared/ports';
import { entityId } from '../shared/validation';
import { isPullMethod, type Pool, queueLinkTtlSeconds } from '../team/pool';
import type { Rep } from '../team/rep';

/** `POST /admin/reps/{id}/queue-link` body: the pull pool the link opens. */
export const QueueLinkRequestSchema = z.strictObject({ poolId: entityId });
export type QueueLinkRequest = z.output<typeof QueueLinkRequestSchema>;

/**
 * `POST /admin/reps/{id}/queue-link`: a signed link to the rep's view of a pull pool's
 * queue, for the admin to hand over. The rep must be a member of the pool.
 */
export async function issueQueueLink(
  deps: {
    config: { getRep(id: string): Promise<Rep | undefined>; getPool(id: string): Promise<Pool | undefined> };
    clock: Clock;
    signer: LinkSigner;
  },
  repId: string,
  input: QueueLinkRequest,
): Promise<{ token: string; expiresAt: string }> {
  const rep = await deps.config.getRep(repId);
  if (!rep) throw new NotFoundError('rep', repId);
  const pool = await deps.config.getPool(input.poolId);
  if (!pool)
    throw new ValidationError('No such pool', [
      { path: 'poolId', code: 'unknown_pool', message: `No pool has the id ${input.poolId}` },
    ]);
  if (!isPullMethod(pool.method)) {
    throw new ValidationError('Only pull pools have a queue', [
      { path: 'poolId', code: 'not_a_pull_pool', message: `${pool.name} uses ${pool.method}` },
    ]);
  }
  if (!pool.members.some((m) => m.repId === rep.id)) {
    throw new ValidationError('The rep is not a member of the pool', [
      { path: 'poolId', code: 'not_a_member', message: `${rep.name} is not in ${pool.name}` },
    ]);
  }
  const expiresAt = Math.floor(deps.clock.now().getTime() / 1000) + queueLinkTtlSeconds(pool);
  return {
    token: deps.signer.sign({ purpose: 'queue', poolId: pool.id, repId: rep.id, expiresAt }),
    expiresAt: new Date(expiresAt * 1000).toISOString(),
  };
}

import type { AdminDeps } from '../core/admin/admin-deps';
import type { RuleSetStore } from '../core/routing/ports';
import { systemActor } from '../core/shared/actor';
import type { SourceStore } from '../core/sources/ports';
import type { Source } from '../core/sources/source';
import { createSource } from '../core/sources/source-admin';
import { createPool } from '../core/team/pool-admin';
import type { PoolStore, RepStore } from '../core/team/ports';
import { createRep } from '../core/team/rep-admin';

export const DEMO_SOURCE_NAME = 'Demo web form';

/**
 * Creates (once) a demo round-robin pool of three reps and a form source routing to it,
 * through the same use cases as the admin API. Returns the demo source.
 */
export async function ensureDemoData(
  deps: AdminDeps<RepStore & PoolStore & SourceStore & RuleSetStore>,
): Promise<Source> {
  const existing = (await deps.config.listSources()).find((s) => s.name === DEMO_SOURCE_NAME);
  if (existing) return existing;
  const actor = systemActor('npm start --demo');
  const reps = [];
  for (const rep of [
    { name: 'Ana Rivera', email: 'ana@example.com', phone: '+14155550101', timezone: 'America/Los_Angeles' },
    { name: 'Ben Okafor', email: 'ben@example.com', phone: '+442079460102', timezone: 'Europe/London' },
    { name: 'Chloé Martin', email: 'chloe@example.com', phone: '+33170360103', timezone: 'Europe/Paris' },
  ]) {
    reps.push(await createRep(deps, rep, actor));
  }
  const pool = await createPool(
    deps,
    {
      name: 'Demo inbound',
      method: 'round_robin',
      members: reps.map((r) => ({ repId: r.id })),
    },
    actor,
  );
  return createSource(deps, { name: DEMO_SOURCE_NAME, kind: 'form', poolId: pool.id }, actor);
}

// Reps and pools by id, for every screen that shows names instead of ids.
import type { NameOf } from './decisions';
import type { Pool, Rep, SourceView } from './types';
import { useLoad, useSession } from './ui';

export interface Directory {
  reps: Rep[];
  pools: Pool[];
  sources: SourceView[];
  nameOf: NameOf;
}

/** A name for each id: a rep's, a pool's or a source's name, else the id itself. */
export function namer(...lists: readonly (readonly { id: string; name: string }[])[]): NameOf {
  const names = new Map<string, string>();
  for (const list of lists) for (const item of list) names.set(item.id, item.name);
  return (id) => (id === undefined ? 'nobody' : (names.get(id) ?? id));
}

/** Loads every rep, pool and source once for the screen. */
export function useDirectory() {
  const { api } = useSession();
  return useLoad(async (): Promise<Directory> => {
    const [reps, pools, sources] = await Promise.all([
      api.get<{ reps: Rep[] }>('/admin/reps'),
      api.get<{ pools: Pool[] }>('/admin/pools'),
      api.get<{ sources: SourceView[] }>('/admin/sources'),
    ]);
    return {
      reps: reps.reps,
      pools: pools.pools,
      sources: sources.sources,
      nameOf: namer(reps.reps, pools.pools, sources.sources),
    };
  }, []);
}

import { describe, expect, it } from 'vitest';
import { CachedSourceDirectory } from '../../functions/adapters/caching/cached-source-directory';
import type { SourceDirectory } from '../../functions/core/sources/ports';
import type { Source } from '../../functions/core/sources/source';
import { fixedClock } from '../support/builders';
import { aSource } from '../support/memory-stores';

function countingDirectory(sources: Source[]) {
  const calls = { byKey: 0, byId: 0 };
  const directory: SourceDirectory = {
    findByKey: async (key) => {
      calls.byKey++;
      return sources.find((s) => s.key === key);
    },
    get: async (id) => {
      calls.byId++;
      return sources.find((s) => s.id === id);
    },
  };
  return { directory, calls, sources };
}

describe('CachedSourceDirectory', () => {
  it('reads a source once per TTL, then again', async () => {
    const clock = fixedClock();
    const { directory, calls } = countingDirectory([aSource('src_1', 'pool_1', 'k1')]);
    const cached = new CachedSourceDirectory(directory, clock, 60_000);
    await cached.findByKey('k1');
    await cached.findByKey('k1');
    expect(calls.byKey).toBe(1);
    clock.advance(60_001);
    await cached.findByKey('k1');
    expect(calls.byKey).toBe(2);
  });

  it('shares one read among callers asking for the same source at once (a cold batch)', async () => {
    const { directory, calls } = countingDirectory([aSource('src_1', 'pool_1', 'k1')]);
    const cached = new CachedSourceDirectory(directory, fixedClock());
    const found = await Promise.all(Array.from({ length: 10 }, () => cached.get('src_1')));
    expect(found.every((s) => s?.id === 'src_1')).toBe(true);
    expect(calls.byId).toBe(1);
  });

  it('does not remember a miss, so a new source works at once', async () => {
    const { directory, calls, sources } = countingDirectory([]);
    const cached = new CachedSourceDirectory(directory, fixedClock());
    expect(await cached.findByKey('k2')).toBeUndefined();
    sources.push(aSource('src_2', 'pool_1', 'k2'));
    expect(await cached.findByKey('k2')).toMatchObject({ id: 'src_2' });
    expect(calls.byKey).toBe(2);
  });

  it('forgets a deleted source when its entry expires', async () => {
    const clock = fixedClock();
    const { directory, sources } = countingDirectory([aSource('src_3', 'pool_1', 'k3')]);
    const cached = new CachedSourceDirectory(directory, clock, 1_000);
    expect(await cached.get('src_3')).toBeDefined();
    sources.pop();
    expect(await cached.get('src_3')).toBeDefined();
    clock.advance(1_001);
    expect(await cached.get('src_3')).toBeUndefined();
  });
});

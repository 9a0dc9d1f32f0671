import { describe, expect, it } from 'vitest';
import { CachedTableReader } from '../../functions/adapters/caching/cached-table-reader';
import type { PartRef, TableReader } from '../../functions/core/tables/ports';
import type { TableHead } from '../../functions/core/tables/table';
import { fixedClock } from '../support/builders';

function countingReader() {
  const calls = { heads: 0, parts: [] as PartRef[][] };
  let version = 1;
  const reader: TableReader = {
    head: async (name) => {
      calls.heads++;
      return { name, current: { version } } as TableHead;
    },
    parts: async (refs) => {
      calls.parts.push([...refs]);
      return refs.map((r) => (r.part === 'gone' ? undefined : `${r.table}@${r.version}#${r.part}`));
    },
  };
  return { reader, calls, bump: () => version++ };
}

const ref = (part: string, version = 1): PartRef => ({ table: 'zip', version, part });

describe('CachedTableReader', () => {
  it('keeps a head for its TTL, and reads it again when asked for a fresh one', async () => {
    const clock = fixedClock();
    const { reader, calls, bump } = countingReader();
    const cached = new CachedTableReader(reader, clock, 30_000);
    await Promise.all([cached.head('zip'), cached.head('zip')]);
    bump();
    expect((await cached.head('zip'))?.current.version).toBe(1);
    expect(calls.heads).toBe(1);
    expect((await cached.head('zip', true))?.current.version).toBe(2);
    clock.advance(30_001);
    await cached.head('zip');
    expect(calls.heads).toBe(3);
  });

  it('reads each part once, concurrent callers sharing the read, and never remembers a missing one', async () => {
    const { reader, calls } = countingReader();
    const cached = new CachedTableReader(reader, fixedClock(), 30_000, 2);
    const [a, b] = await Promise.all([cached.parts([ref('b1'), ref('b2')]), cached.parts([ref('b2'), ref('gone')])]);
    expect(a).toEqual(['zip@1#b1', 'zip@1#b2']);
    expect(b).toEqual(['zip@1#b2', undefined]);
    expect(calls.parts).toEqual([[ref('b1'), ref('b2')], [ref('gone')]]);
    await cached.parts([ref('b1'), ref('b2'), ref('gone')]);
    expect(calls.parts.at(-1)).toEqual([ref('gone')]);
    // At most two parts are kept: a third pushes out the least recently used.
    await cached.parts([ref('b3')]);
    await cached.parts([ref('b1')]);
    expect(calls.parts.at(-1)).toEqual([ref('b1')]);
  });
});

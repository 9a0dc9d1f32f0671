import { describe, expect, it } from 'vitest';
import MapLruCache from '../../functions/adapters/caching/map-lru-cache';

describe('MapLruCache (stands in for mnemonist/lru-cache in bundles)', () => {
  it('evicts the least recently used entry when a set goes over capacity', () => {
    const cache = new MapLruCache<string, number>(2);
    cache.set('a', 1).set('b', 2);
    cache.get('a');
    cache.set('c', 3);
    expect([cache.has('a'), cache.has('b'), cache.has('c')]).toEqual([true, false, true]);
    expect(cache.size).toBe(2);
  });

  it('does not refresh an entry on peek, but does on get and on set', () => {
    const cache = new MapLruCache<string, number>(2);
    cache.set('a', 1).set('b', 2);
    expect(cache.peek('a')).toBe(1);
    cache.set('c', 3);
    expect(cache.has('a')).toBe(false);
    cache.set('b', 20);
    cache.set('d', 4);
    expect([cache.get('b'), cache.has('c'), cache.get('d')]).toEqual([20, false, 4]);
  });

  it('answers undefined for a missing key and empties on clear', () => {
    const cache = new MapLruCache<string, number[]>(1000);
    expect(cache.get('x')).toBeUndefined();
    cache.set('x', []);
    cache.clear();
    expect([cache.has('x'), cache.size]).toEqual([false, 0]);
  });
});

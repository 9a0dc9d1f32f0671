// Stands in for mnemonist's LRUCache in Lambda bundles (an esbuild alias in lib/bundling.ts).
// Its one user is the DynamoDB client's endpoint-discovery cache (@aws-sdk/endpoint-cache),
// which calls only these five methods and, with discovery off as in leadrouter, keeps the
// cache empty. mnemonist's typed-array LRU and its iterator helpers cost about 7 KB of
// bundle; a Map keeps insertion order, which is all an LRU needs at this size.

/** A least-recently-used cache of at most `capacity` entries. */
export default class MapLruCache<K, V> {
  private readonly entries = new Map<K, V>();

  constructor(readonly capacity: number) {}

  get size(): number {
    return this.entries.size;
  }

  has(key: K): boolean {
    return this.entries.has(key);
  }

  /** The value, without making it the most recently used. */
  peek(key: K): V | undefined {
    return this.entries.get(key);
  }

  /** The value, now the most recently used. */
  get(key: K): V | undefined {
    if (!this.entries.has(key)) return undefined;
    const value = this.entries.get(key) as V;
    this.entries.delete(key);
    this.entries.set(key, value);
    return value;
  }

  /** Stores the value as the most recently used, evicting the least recently used when full. */
  set(key: K, value: V): this {
    this.entries.delete(key);
    this.entries.set(key, value);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value as K);
    return this;
  }

  clear(): void {
    this.entries.clear();
  }
}

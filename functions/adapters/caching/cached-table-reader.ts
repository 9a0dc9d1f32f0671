import type { Clock } from '../../core/shared/ports';
import type { PartRef, TableReader } from '../../core/tables/ports';
import type { TableHead } from '../../core/tables/table';
import MapLruCache from './map-lru-cache';

/**
 * Lookup tables as a warm assigner reads them. A head (which version is current) is kept
 * for `headTtlMs`, so a replacement reaches routing within that time; parts never change
 * once written, so they are kept, least recently used first out, up to `maxParts` (about
 * 2 KB each: two tables of 100,000 rows are some 5,000 parts, about 10 MB). A lead whose parts are all cached costs no request; callers asking for the
 * same part at the same moment share one read.
 */
export class CachedTableReader implements TableReader {
  private readonly heads = new Map<string, { head: Promise<TableHead | undefined>; until: number }>();
  private readonly cached: MapLruCache<string, string>;
  private readonly reading = new Map<string, Promise<string | undefined>>();

  constructor(
    private readonly inner: TableReader,
    private readonly clock: Clock,
    private readonly headTtlMs = 30_000,
    maxParts = 10_000,
  ) {
    this.cached = new MapLruCache(maxParts);
  }

  head(name: string, fresh = false): Promise<TableHead | undefined> {
    const now = this.clock.now().getTime();
    const hit = this.heads.get(name);
    if (!fresh && hit && hit.until > now) return hit.head;
    const head = this.inner.head(name, true);
    this.heads.set(name, { head, until: now + this.headTtlMs });
    // A failed read is not remembered: the next lead tries again.
    head.catch(() => {
      if (this.heads.get(name)?.head === head) this.heads.delete(name);
    });
    return head;
  }

  async parts(refs: readonly PartRef[]): Promise<(string | undefined)[]> {
    const id = (r: PartRef) => `${r.table}@${r.version}#${r.part}`;
    const missing = refs.filter((r) => this.cached.get(id(r)) === undefined && !this.reading.has(id(r)));
    if (missing.length > 0) {
      const read = this.inner.parts(missing);
      for (const [i, ref] of missing.entries()) {
        const key = id(ref);
        const one = read.then((texts) => texts[i]);
        this.reading.set(key, one);
        void one
          .then((text) => {
            if (text !== undefined) this.cached.set(key, text);
          })
          .catch(() => undefined)
          .finally(() => this.reading.delete(key));
      }
    }
    return Promise.all(
      refs.map((r) => this.cached.get(id(r)) ?? this.reading.get(id(r)) ?? Promise.resolve(undefined)),
    );
  }
}

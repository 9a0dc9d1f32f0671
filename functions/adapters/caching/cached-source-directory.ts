import type { Clock } from '../../core/shared/ports';
import type { SourceDirectory } from '../../core/sources/ports';
import type { Source } from '../../core/sources/source';

/**
 * Remembers sources found for `ttlMs`, so a warm ingest function reads a source once a
 * minute rather than once a lead. Misses are not remembered: a new source works at once.
 * A deleted or re-pointed source is seen within `ttlMs`. Callers asking for the same
 * source at the same moment (a batch of leads on a cold start) share one read.
 */
export class CachedSourceDirectory implements SourceDirectory {
  private readonly byKey = new Map<string, { source: Source; until: number }>();
  private readonly byId = new Map<string, { source: Source; until: number }>();
  private readonly reading = new Map<string, Promise<Source | undefined>>();

  constructor(
    private readonly inner: SourceDirectory,
    private readonly clock: Clock,
    private readonly ttlMs = 60_000,
  ) {}

  findByKey(key: string) {
    return this.cached(this.byKey, `key:${key}`, key, () => this.inner.findByKey(key));
  }

  get(id: string) {
    return this.cached(this.byId, `id:${id}`, id, () => this.inner.get(id));
  }

  private async cached(
    cache: Map<string, { source: Source; until: number }>,
    readKey: string,
    key: string,
    load: () => Promise<Source | undefined>,
  ): Promise<Source | undefined> {
    const now = this.clock.now().getTime();
    const hit = cache.get(key);
    if (hit && hit.until > now) return hit.source;
    let read = this.reading.get(readKey);
    if (!read) {
      read = load().finally(() => this.reading.delete(readKey));
      this.reading.set(readKey, read);
    }
    const source = await read;
    if (source) cache.set(key, { source, until: now + this.ttlMs });
    else cache.delete(key);
    return source;
  }
}

interface Entry<V> {
  value: Promise<V>;
  expires: number;
}

/**
 * A small bounded cache of values loaded asynchronously, each kept for `ttlMs`.
 * Concurrent misses for one key share one load; a failed load is not kept. When full, the
 * oldest entry goes (Map keeps insertion order).
 */
export class TtlCache<V> {
  private readonly entries = new Map<string, Entry<V>>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries: number,
  ) {}

  get(key: string, load: () => Promise<V>): Promise<V> {
    const now = Date.now();
    const hit = this.entries.get(key);
    if (hit && hit.expires > now) return hit.value;
    if (hit) this.entries.delete(key);
    const value = load();
    const entry: Entry<V> = { value, expires: now + this.ttlMs };
    this.entries.set(key, entry);
    value.catch(() => {
      if (this.entries.get(key) === entry) this.entries.delete(key);
    });
    if (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    return value;
  }

  delete(key: string): void {
    this.entries.delete(key);
  }

  /** Drop every key that is `prefix` or lies below it (`prefix/...`). */
  deleteTree(prefix: string): void {
    for (const key of this.entries.keys()) {
      if (key === prefix || key.startsWith(`${prefix}/`)) this.entries.delete(key);
    }
  }
}

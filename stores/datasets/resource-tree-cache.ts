import type { Knex } from 'knex';
import { TtlCache } from '../../engine/iam/ttl-cache.ts';
import type { Region } from '../../engine/regions/region.ts';

/**
 * How long a dataset or store row read outside a transaction is reused. Every API request
 * resolves its dataset or store, and on the hot paths that read cost more than the rest
 * of the routing. Changes made by this process are seen at once (the writer forgets the
 * rows it touched, again after its commit); changes made by another engine process on the
 * same database after at most this long, as with IAM policies.
 */
export const RESOURCE_TREE_TTL_MS = 1000;

const caches = new WeakMap<Region, TtlCache<unknown>>();

function cacheOf(region: Region): TtlCache<unknown> {
  let cache = caches.get(region);
  if (!cache) {
    cache = new TtlCache(RESOURCE_TREE_TTL_MS, 10_000);
    caches.set(region, cache);
  }
  return cache;
}

/** The row under `key` (`project/dataset` or `project/dataset/type/store`), loaded when missing or stale. */
export function cachedTreeRow<T>(region: Region, key: string, load: () => Promise<T>): Promise<T> {
  return cacheOf(region).get(key, load) as Promise<T>;
}

/** Forget `key` and everything below it, now and once `trx` has committed. */
export function forgetTreeRows(region: Region, key: string, trx: Knex.Transaction): void {
  const cache = cacheOf(region);
  cache.deleteTree(key);
  trx.executionPromise.then(() => cache.deleteTree(key), () => cache.deleteTree(key));
}

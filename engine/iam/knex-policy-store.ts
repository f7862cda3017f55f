import { randomBytes } from 'node:crypto';
import type { Knex } from 'knex';
import { ApiError, invalidArgument } from '../errors/api-error.ts';
import type { Region } from '../regions/region.ts';
import type { Regions } from '../regions/regions.ts';
import { emptyPolicy, EMPTY_POLICY_ETAG, type IamBinding, type IamPolicy } from './iam-policy.ts';
import type { PolicyUpdate } from './parse-policy-update.ts';
import { policyHolderOf } from './policy-holders.ts';
import type { PolicyStore } from './policy-store.ts';
import { TtlCache } from './ttl-cache.ts';

const TABLE = 'iam_policies';

interface PolicyRow {
  resource: string;
  bindings: unknown;
  etag: string;
  update_time: string;
}

export interface PolicyStoreOptions {
  /** How long a read policy is trusted; other processes' changes show within this. */
  ttlMs?: number;
  maxEntries?: number;
}

export function createPolicyStore(regions: Regions, options: PolicyStoreOptions = {}): PolicyStore {
  return new KnexPolicyStore(regions, options);
}

class KnexPolicyStore implements PolicyStore {
  private readonly cache: TtlCache<IamPolicy>;

  constructor(
    private readonly regions: Regions,
    options: PolicyStoreOptions,
  ) {
    this.cache = new TtlCache(options.ttlMs ?? 1000, options.maxEntries ?? 10_000);
  }

  get(resource: string, options: { fresh?: boolean } = {}): Promise<IamPolicy> {
    const region = this.regionOf(resource);
    if (options.fresh) return readPolicy(region, region.db, resource);
    return this.cache.get(resource, () => readPolicy(region, region.db, resource));
  }

  async set(resource: string, update: PolicyUpdate, db?: Knex): Promise<IamPolicy> {
    const region = this.regionOf(resource);
    const conn = db ?? region.db;
    this.cache.delete(resource);
    // A read racing this write may cache the old policy until the transaction commits.
    afterCommit(conn, () => this.cache.delete(resource));
    if (update.bindings === null) {
      const current = await readPolicy(region, conn, resource);
      if (update.etag !== undefined && update.etag !== current.etag) throw staleEtag(resource);
      return current;
    }
    return writePolicy(region, conn, resource, update.bindings, update.etag);
  }

  async deleteTree(resource: string, db?: Knex): Promise<void> {
    const conn = db ?? this.regionOf(resource).db;
    const prefix = `${resource}/`;
    // substr, not LIKE: IDs may hold '_' and SQLite's LIKE ignores case.
    await conn(TABLE).where('resource', resource).orWhereRaw('substr(resource, 1, ?) = ?', [prefix.length, prefix]).delete();
    this.cache.deleteTree(resource);
    afterCommit(conn, () => this.cache.deleteTree(resource));
  }

  private regionOf(resource: string): Region {
    const holder = policyHolderOf(resource);
    if (!holder) throw invalidArgument(`'${resource}' cannot carry an IAM policy; policies are set on projects, datasets and stores`);
    return holder.location === null ? this.regions.primary : this.regions.get(holder.location);
  }
}

async function readPolicy(region: Region, db: Knex, resource: string): Promise<IamPolicy> {
  const row = await db<PolicyRow>(TABLE).where({ resource }).first();
  if (!row) return emptyPolicy();
  return { version: 1, bindings: region.dialect.fromJson<IamBinding[]>(row.bindings), etag: row.etag };
}

async function writePolicy(region: Region, db: Knex, resource: string, bindings: IamBinding[], etag?: string): Promise<IamPolicy> {
  const policy: IamPolicy = { version: 1, bindings, etag: randomBytes(8).toString('base64') };
  const row: PolicyRow = {
    resource,
    bindings: region.dialect.toJson(bindings),
    etag: policy.etag,
    update_time: new Date().toISOString(),
  };
  if (etag === undefined) {
    await db(TABLE).insert(row).onConflict('resource').merge(['bindings', 'etag', 'update_time']);
  } else if (etag === EMPTY_POLICY_ETAG) {
    const inserted = await db(TABLE).insert(row).onConflict('resource').ignore().returning('resource');
    if (inserted.length === 0) throw staleEtag(resource);
  } else {
    const { resource: _, ...changes } = row;
    const updated = await db(TABLE).where({ resource, etag }).update(changes);
    if (updated === 0) throw staleEtag(resource);
  }
  return policy;
}

function afterCommit(db: Knex, action: () => void): void {
  const { executionPromise } = db as Knex & { executionPromise?: Promise<unknown> };
  if (executionPromise) executionPromise.then(action, action);
}

function staleEtag(resource: string): ApiError {
  return new ApiError(
    'ABORTED',
    `stale etag: the IAM policy of ${resource} changed since it was read; get it again, apply your change and retry`,
  );
}

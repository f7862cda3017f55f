import type { Knex } from 'knex';
import type { IamPolicy } from './iam-policy.ts';
import type { PolicyUpdate } from './parse-policy-update.ts';

/**
 * The IAM policies set on projects, datasets and stores. A dataset's or store's policy
 * lives in its region's database; a project's in the primary region's, since a project
 * spans locations.
 */
export interface PolicyStore {
  /**
   * The policy set on `resource` (a project, dataset or store name), or an empty policy.
   * Served from a short-lived cache unless `fresh`; other processes' writes show within
   * the cache's lifetime, this process's at once.
   */
  get(resource: string, options?: { fresh?: boolean }): Promise<IamPolicy>;
  /**
   * Apply a setIamPolicy. With an etag, only if the policy still has it (ABORTED
   * otherwise); without one, blindly. `db` is a transaction of the resource's region (the
   * primary region for a project) when the write must commit with something else.
   */
  set(resource: string, update: PolicyUpdate, db?: Knex): Promise<IamPolicy>;
  /** Erase the policies of a resource and of everything below it, when it is deleted. */
  deleteTree(resource: string, db?: Knex): Promise<void>;
}

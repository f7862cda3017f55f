import type { Region } from '../regions/region.ts';
import type { Permission } from './permission.ts';
import type { Principal } from './principal.ts';

/**
 * Decides whether a principal holds a permission on a resource, from the IAM policies of
 * the resource and its ancestors (project, dataset, store) and the config's bindings.
 */
export interface Authorizer {
  /** `resource` is a full name such as `projects/p/locations/l/datasets/d/fhirStores/s`. */
  isAllowed(principal: Principal, permission: Permission, resource: string, region: Region | null): Promise<boolean>;
}

import type { AuthMode, IamBindingConfig } from '../../config/server-config.ts';
import type { Authorizer } from './authorizer.ts';
import { isValidMember, MEMBER_FORMS, memberMatches } from './iam-member.ts';
import type { IamBinding } from './iam-policy.ts';
import type { Permission } from './permission.ts';
import { policyHolders } from './policy-holders.ts';
import type { PolicyStore } from './policy-store.ts';
import type { Principal } from './principal.ts';
import { isKnownRole, rolesGranting } from './roles.ts';

export interface AuthorizerOptions {
  policies: PolicyStore;
  /** The config's `iam.bindings`, applied to one project or (`*`) to all. */
  bindings: IamBindingConfig[];
  authMode: AuthMode;
}

/**
 * A principal holds a permission on a resource when a binding on the resource, on one of
 * its ancestors (store, dataset, project) or in the config grants it a role containing the
 * permission. With authentication off (loopback only) everything is allowed.
 */
export function createAuthorizer(options: AuthorizerOptions): Authorizer {
  if (options.authMode === 'none') return { isAllowed: async () => true };
  const configBindings = indexConfigBindings(options.bindings);
  return {
    async isAllowed(principal: Principal, permission: Permission, resource: string): Promise<boolean> {
      const granting = rolesGranting(permission);
      const holders = policyHolders(resource);
      if (granting.size === 0 || holders.length === 0) return false;
      const id = principal.id.toLowerCase();
      const grants = (bindings: IamBinding[]) =>
        bindings.some((b) => granting.has(b.role) && b.members.some((m) => memberMatches(m, principal, id)));
      const project = holders[0].name.slice('projects/'.length);
      if (grants(configBindings.get('*') ?? []) || grants(configBindings.get(project) ?? [])) return true;
      const policies = await Promise.all(holders.map((h) => options.policies.get(h.name)));
      return policies.some((policy) => grants(policy.bindings));
    },
  };
}

/** Config bindings by project, checked once at startup so a typo fails loudly. */
function indexConfigBindings(bindings: IamBindingConfig[]): Map<string, IamBinding[]> {
  const byProject = new Map<string, IamBinding[]>();
  for (const [i, binding] of bindings.entries()) {
    if (!isKnownRole(binding.role)) throw new Error(`iam.bindings[${i}].role '${binding.role}' is not a known role`);
    for (const [j, member] of binding.members.entries()) {
      if (!isValidMember(member)) throw new Error(`iam.bindings[${i}].members[${j}] '${member}' is not a valid member; use ${MEMBER_FORMS}`);
    }
    if (!binding.project) throw new Error(`iam.bindings[${i}].project must be a project ID or '*'`);
    byProject.set(binding.project, [...(byProject.get(binding.project) ?? []), { role: binding.role, members: binding.members }]);
  }
  return byProject;
}

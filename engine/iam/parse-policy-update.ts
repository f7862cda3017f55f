import { invalidArgument } from '../errors/api-error.ts';
import { isValidMember, MEMBER_FORMS } from './iam-member.ts';
import type { IamBinding } from './iam-policy.ts';
import { isKnownRole } from './roles.ts';

/** What a setIamPolicy call changes: the bindings (null keeps them), guarded by the etag if given. */
export interface PolicyUpdate {
  bindings: IamBinding[] | null;
  etag?: string;
}

/** Google's limit on principals in one policy. */
const MAX_MEMBERS = 1500;
const MASK_PATHS = new Set(['bindings', 'etag']);

/**
 * Validate a setIamPolicy body `{policy, updateMask?}` and normalize its bindings (one
 * binding per role, members without duplicates, memberless bindings dropped). Errors name
 * the offending field, as `policy.bindings[2].members[0]`.
 */
export function parsePolicyUpdate(body: unknown): PolicyUpdate {
  if (!isObject(body) || !isObject(body.policy)) throw invalidArgument('the request body must be {"policy": {...}, "updateMask"?: "..."}');
  const policy = body.policy;
  for (const key of Object.keys(policy)) {
    if (!['version', 'bindings', 'etag'].includes(key)) {
      throw invalidArgument(`policy.${key} is not supported; a policy has version, bindings and etag`);
    }
  }
  checkVersion(policy.version);
  if (policy.etag !== undefined && (typeof policy.etag !== 'string' || !/^[A-Za-z0-9+/=_-]{1,128}$/.test(policy.etag))) {
    throw invalidArgument('policy.etag must be the base64 etag returned by getIamPolicy');
  }
  const paths = parseUpdateMask(body.updateMask);
  return {
    bindings: paths.has('bindings') ? parseBindings(policy.bindings) : null,
    ...(policy.etag !== undefined ? { etag: policy.etag as string } : {}),
  };
}

function checkVersion(version: unknown): void {
  if (version === undefined || version === 0 || version === 1 || version === 3) return;
  throw invalidArgument(`policy.version ${JSON.stringify(version)} is not supported; use 1 (or 3 without conditions)`);
}

/** A FieldMask in JSON is a comma-separated string; Google's default is `bindings,etag`. */
function parseUpdateMask(mask: unknown): Set<string> {
  if (mask === undefined || mask === null || mask === '') return new Set(MASK_PATHS);
  if (typeof mask !== 'string') throw invalidArgument('updateMask must be a comma-separated string of field paths');
  const paths = new Set(mask.split(',').map((p) => p.trim()));
  for (const path of paths) {
    if (!MASK_PATHS.has(path)) throw invalidArgument(`updateMask path '${path}' is not supported; use bindings and/or etag`);
  }
  return paths;
}

function parseBindings(bindings: unknown): IamBinding[] {
  if (bindings === undefined) return [];
  if (!Array.isArray(bindings)) throw invalidArgument('policy.bindings must be an array');
  const byRole = new Map<string, Set<string>>();
  let total = 0;
  for (const [i, binding] of bindings.entries()) {
    const where = `policy.bindings[${i}]`;
    if (!isObject(binding)) throw invalidArgument(`${where} must be an object with role and members`);
    if (binding.condition !== undefined) throw invalidArgument(`${where}.condition: conditional role bindings are not supported`);
    if (typeof binding.role !== 'string' || !isKnownRole(binding.role)) {
      throw invalidArgument(`${where}.role ${shown(binding.role)} is not a known role`);
    }
    const members = parseMembers(binding.members, where);
    const kept = byRole.get(binding.role) ?? new Set<string>();
    for (const member of members) kept.add(member);
    byRole.set(binding.role, kept);
    total += members.length;
    if (total > MAX_MEMBERS) throw invalidArgument(`policy has more than ${MAX_MEMBERS} members`);
  }
  return [...byRole].filter(([, members]) => members.size > 0).map(([role, members]) => ({ role, members: [...members] }));
}

function parseMembers(members: unknown, where: string): string[] {
  if (members === undefined) return [];
  if (!Array.isArray(members)) throw invalidArgument(`${where}.members must be an array of strings`);
  for (const [j, member] of members.entries()) {
    if (typeof member !== 'string' || !isValidMember(member)) {
      throw invalidArgument(`${where}.members[${j}] ${shown(member)} is not a valid member; use ${MEMBER_FORMS}`);
    }
  }
  return members as string[];
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function shown(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 100 ? `${text.slice(0, 100)}...` : text;
}

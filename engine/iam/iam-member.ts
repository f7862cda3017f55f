import type { Principal } from './principal.ts';

/**
 * IAM member strings as Google writes them in policy bindings. Groups and domains are
 * left out: Plexus has no directory to resolve them against, so accepting them would grant
 * nothing while looking as if it did. Google wants an e-mail after `user:`; Plexus also
 * takes a token subject there, for identities whose tokens carry no e-mail.
 */
const NAMED_MEMBER = /^(user|serviceAccount):[^\s,]{1,320}$/;
const SPECIAL_MEMBERS = new Set(['allUsers', 'allAuthenticatedUsers']);

export const MEMBER_FORMS = 'user:EMAIL (or user:SUBJECT), serviceAccount:EMAIL, allUsers or allAuthenticatedUsers';

export function isValidMember(member: string): boolean {
  return SPECIAL_MEMBERS.has(member) || NAMED_MEMBER.test(member);
}

/**
 * True when a binding's member covers the principal. E-mail addresses compare without
 * case, as Google's do (token subjects are compared exactly); `principalId` is the
 * principal's id already lower-cased.
 */
export function memberMatches(member: string, principal: Principal, principalId: string): boolean {
  if (member === 'allUsers') return true;
  if (member === 'allAuthenticatedUsers') return principal.authenticated;
  if (!principal.authenticated) return false;
  return member === principal.id || (member.includes('@') && member.toLowerCase() === principalId);
}

import type { ConfigIssues } from './config-issues.ts';
import { EntryReader } from './entry-reader.ts';
import { IAM_ROLE_NAMES } from './iam-role-names.ts';
import { MEMBER, MEMBER_RULE, RESOURCE_ID, RESOURCE_ID_RULE, ROLE, ROLE_RULE } from './id-patterns.ts';
import type { IamBindingConfig } from './server-config.ts';

const PROJECT = { pattern: new RegExp(`^\\*$|${RESOURCE_ID.source}`), message: `must be * (every project) or a project ID that ${RESOURCE_ID_RULE}` };

/** `iam.bindings`: roles granted to members on a project, or on every project (`*`). */
export function readIamBindings(list: unknown[], issues: ConfigIssues): IamBindingConfig[] {
  const bindings: IamBindingConfig[] = [];
  list.forEach((entry, i) => {
    const reader = EntryReader.open(entry, ['iam', 'bindings', i], issues, ['role', 'members', 'project']);
    if (!reader) return;
    const role = readRole(reader);
    const members = readMembers(reader);
    const project = reader.text('project', PROJECT, '*');
    if (role && members && project) bindings.push({ role, members, project });
  });
  return bindings;
}

function readRole(reader: EntryReader): string | null {
  const role = reader.text('role', { pattern: ROLE, message: ROLE_RULE });
  if (role === null || IAM_ROLE_NAMES.includes(role)) return role;
  return reader.problem('role', `'${role}' is not a known role; the roles are ${IAM_ROLE_NAMES.join(', ')}`);
}

function readMembers(reader: EntryReader): string[] | null {
  const members = reader.list('members');
  if (members === null) return null;
  if (members.length === 0) return reader.problem('members', 'must list at least one member');
  const wrong = members.findIndex((member) => typeof member !== 'string' || !MEMBER.test(member));
  return wrong === -1 ? (members as string[]) : reader.problem(['members', wrong], MEMBER_RULE);
}

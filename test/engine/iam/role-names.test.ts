import test from 'ava';
import { IAM_ROLE_NAMES } from '../../../config/iam-role-names.ts';
import { isKnownRole, roles } from '../../../engine/iam/roles.ts';

test('the config knows exactly the roles the engine defines', (t) => {
  t.deepEqual([...IAM_ROLE_NAMES].sort(), Object.keys(roles).sort());
  for (const role of IAM_ROLE_NAMES) t.true(isKnownRole(role), role);
});

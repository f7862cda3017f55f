import test from 'ava';
import { ApiError } from '../../../engine/errors/api-error.ts';
import { parsePolicyUpdate } from '../../../engine/iam/parse-policy-update.ts';

const viewer = 'roles/healthcare.datasetViewer';

test('bindings are normalized: one per role, no duplicate members, none empty', (t) => {
  const update = parsePolicyUpdate({
    policy: {
      version: 1,
      etag: 'BwXzb8u8Aq4=',
      bindings: [
        { role: viewer, members: ['user:a@x.org', 'allUsers'] },
        { role: 'roles/plexus.admin', members: [] },
        { role: viewer, members: ['user:a@x.org', 'serviceAccount:feed@acme.iam'] },
      ],
    },
  });
  t.deepEqual(update, {
    etag: 'BwXzb8u8Aq4=',
    bindings: [{ role: viewer, members: ['user:a@x.org', 'allUsers', 'serviceAccount:feed@acme.iam'] }],
  });
});

test('no bindings clears the policy; an updateMask without bindings keeps them', (t) => {
  t.deepEqual(parsePolicyUpdate({ policy: {} }), { bindings: [] });
  t.deepEqual(parsePolicyUpdate({ policy: { etag: 'ACAB', bindings: [] }, updateMask: 'etag' }), { bindings: null, etag: 'ACAB' });
  t.deepEqual(parsePolicyUpdate({ policy: { version: 3 }, updateMask: 'bindings, etag' }), { bindings: [] });
});

test('an unknown role is INVALID_ARGUMENT naming the binding', (t) => {
  const error = t.throws(() => parsePolicyUpdate({ policy: { bindings: [{ role: viewer, members: ['allUsers'] }, { role: 'roles/owner', members: ['allUsers'] }] } }), { instanceOf: ApiError });
  t.is(error.httpStatus, 400);
  t.regex(error.message, /policy\.bindings\[1\]\.role "roles\/owner" is not a known role/);
});

test('malformed members are INVALID_ARGUMENT naming the member', (t) => {
  for (const member of ['alice@x.org', 'group:admins@x.org', 'user:', 'user:a b', 42]) {
    t.throws(() => parsePolicyUpdate({ policy: { bindings: [{ role: viewer, members: [member] }] } }), { instanceOf: ApiError, message: /policy\.bindings\[0\]\.members\[0\]/ });
  }
});

test('conditions, other versions, other fields and odd masks are refused', (t) => {
  const refuse = (body: unknown, message: RegExp) => t.throws(() => parsePolicyUpdate(body), { instanceOf: ApiError, message });
  refuse({ policy: { version: 3, bindings: [{ role: viewer, members: ['allUsers'], condition: { expression: 'true' } }] } }, /condition/);
  refuse({ policy: { version: 2 } }, /version 2/);
  refuse({ policy: { auditConfigs: [] } }, /auditConfigs/);
  refuse({ policy: {}, updateMask: 'bindings,auditConfigs' }, /auditConfigs/);
  refuse({ policy: { etag: 'not base64!' } }, /etag/);
  refuse({ bindings: [] }, /"policy"/);
  refuse(undefined, /"policy"/);
});

test('a policy with more than 1500 members is refused', (t) => {
  const members = Array.from({ length: 1501 }, (_, i) => `user:u${i}@x.org`);
  t.throws(() => parsePolicyUpdate({ policy: { bindings: [{ role: viewer, members }] } }), { message: /1500/ });
});

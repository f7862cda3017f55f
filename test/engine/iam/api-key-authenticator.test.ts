import { createHash } from 'node:crypto';
import test from 'ava';
import { ApiError } from '../../../engine/errors/api-error.ts';
import { createApiKeyAuthenticator } from '../../../engine/iam/api-key-authenticator.ts';

const sha256 = (key: string) => createHash('sha256').update(key).digest('hex');
const feedKey = 'k-feed-0123456789abcdef';
const adminKey = 'k-admin-fedcba9876543210';
const authenticator = createApiKeyAuthenticator([
  { principal: 'serviceAccount:feed@acme.iam', keySha256: sha256(feedKey) },
  { principal: 'user:admin@acme.org', keySha256: sha256(adminKey).toUpperCase() },
]);

test('a key sent as Authorization: Bearer names its principal', async (t) => {
  t.deepEqual(await authenticator.authenticate({ authorization: `Bearer ${feedKey}` }), { id: 'serviceAccount:feed@acme.iam', authenticated: true });
  t.is((await authenticator.authenticate({ authorization: `bearer   ${adminKey}` })).id, 'user:admin@acme.org');
});

test('a key sent as X-API-Key names its principal', async (t) => {
  t.is((await authenticator.authenticate({ 'x-api-key': adminKey })).id, 'user:admin@acme.org');
});

test('a wrong key is UNAUTHENTICATED and the message does not echo it', async (t) => {
  const error = await t.throwsAsync(authenticator.authenticate({ 'x-api-key': 'k-guess-12345' }), { instanceOf: ApiError });
  t.is(error.code, 'UNAUTHENTICATED');
  t.is(error.httpStatus, 401);
  t.false(error.message.includes('k-guess-12345'));
  await t.throwsAsync(authenticator.authenticate({ authorization: `Bearer ${feedKey}x` }), { message: /not valid/ });
});

test('no key is UNAUTHENTICATED with a hint how to send one', async (t) => {
  const error = await t.throwsAsync(authenticator.authenticate({}), { instanceOf: ApiError });
  t.is(error.code, 'UNAUTHENTICATED');
  t.regex(error.message, /X-API-Key/);
  await t.throwsAsync(authenticator.authenticate({ authorization: 'Basic dXNlcjpwYXNz' }), { message: /missing credentials/ });
});

test('a malformed key digest or principal in the config fails at startup', (t) => {
  t.throws(() => createApiKeyAuthenticator([{ principal: 'user:a@b', keySha256: 'abc' }]), { message: /auth\.apiKeys\[0\]\.keySha256/ });
  t.throws(() => createApiKeyAuthenticator([{ principal: 'alice', keySha256: sha256('x') }]), { message: /auth\.apiKeys\[0\]\.principal/ });
});

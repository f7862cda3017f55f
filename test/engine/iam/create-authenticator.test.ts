import { createHash } from 'node:crypto';
import test from 'ava';
import { createAuthenticator } from '../../../engine/iam/create-authenticator.ts';
import { anonymous } from '../../../engine/iam/principal.ts';
import { createJwtFixture } from '../../helpers/jwt-fixture.ts';

test('mode none makes every caller anonymous, whatever it sends', async (t) => {
  const authenticator = createAuthenticator({ mode: 'none', apiKeys: [], jwt: null });
  t.is(await authenticator.authenticate({}), anonymous);
  t.is(await authenticator.authenticate({ authorization: 'Bearer x' }), anonymous);
});

test('mode apiKey checks API keys', async (t) => {
  const keySha256 = createHash('sha256').update('secret-key').digest('hex');
  const authenticator = createAuthenticator({ mode: 'apiKey', apiKeys: [{ principal: 'user:a@x.org', keySha256 }], jwt: null });
  t.is((await authenticator.authenticate({ 'x-api-key': 'secret-key' })).id, 'user:a@x.org');
  await t.throwsAsync(authenticator.authenticate({}), { message: /missing credentials/ });
});

test('mode jwt verifies bearer tokens, and needs auth.jwt', async (t) => {
  const fixture = await createJwtFixture();
  const jwt = { issuer: fixture.issuer, audience: fixture.audience, jwksUrl: null, jwksFile: fixture.jwksFile };
  const authenticator = createAuthenticator({ mode: 'jwt', apiKeys: [], jwt });
  const token = await fixture.sign({ email: 'a@x.org' });
  t.is((await authenticator.authenticate({ authorization: `Bearer ${token}` })).id, 'user:a@x.org');
  t.throws(() => createAuthenticator({ mode: 'jwt', apiKeys: [], jwt: null }), { message: /auth\.jwt/ });
});

import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import test, { type ExecutionContext } from 'ava';
import { ApiError } from '../../../engine/errors/api-error.ts';
import { createJwtAuthenticator } from '../../../engine/iam/jwt-authenticator.ts';
import { createJwtFixture } from '../../helpers/jwt-fixture.ts';

const fixture = await createJwtFixture();
const authenticator = createJwtAuthenticator({ issuer: fixture.issuer, audience: fixture.audience, jwksUrl: null, jwksFile: fixture.jwksFile });
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

async function refusal(t: ExecutionContext, token: string): Promise<ApiError> {
  const error = await t.throwsAsync(authenticator.authenticate(bearer(token)), { instanceOf: ApiError });
  return error!;
}

for (const alg of ['RS256', 'ES256'] as const) {
  test(`an ${alg} token with an email claim is user:<email>`, async (t) => {
    const token = await fixture.sign({ sub: 'u-1', email: 'alice@example.org' }, { alg });
    t.deepEqual(await authenticator.authenticate(bearer(token)), { id: 'user:alice@example.org', authenticated: true });
    t.is((await authenticator.authenticate(bearer(token))).id, 'user:alice@example.org', 'again, from the verified-token cache');
  });
}

test('a token without email is user:<sub>, and an unverified email is not used', async (t) => {
  t.is((await authenticator.authenticate(bearer(await fixture.sign({ sub: 'client-42' })))).id, 'user:client-42');
  const unverified = await fixture.sign({ sub: 'u-7', email: 'mallory@example.org', email_verified: false }, { alg: 'ES256' });
  t.is((await authenticator.authenticate(bearer(unverified))).id, 'user:u-7');
});

test('expired, wrong issuer and wrong audience tokens are UNAUTHENTICATED', async (t) => {
  const expired = await refusal(t, await fixture.sign({ sub: 'a' }, { expiresAt: Math.floor(Date.now() / 1000) - 3600 }));
  t.is(expired.code, 'UNAUTHENTICATED');
  t.regex(expired.message, /expired/);
  const issuer = await refusal(t, await fixture.sign({ sub: 'a' }, { issuer: 'https://elsewhere.example.org/' }));
  t.is(issuer.httpStatus, 401);
  t.regex(issuer.message, /"iss"/);
  const audience = await refusal(t, await fixture.sign({ sub: 'a' }, { audience: 'someone-else', alg: 'ES256' }));
  t.is(audience.httpStatus, 401);
  t.regex(audience.message, /"aud"/);
});

test('a token signed by a key outside the JWKS, a garbled token and no token are UNAUTHENTICATED', async (t) => {
  const stranger = await createJwtFixture();
  const foreign = await stranger.sign({ sub: 'a' }, { issuer: fixture.issuer, audience: fixture.audience });
  t.is((await refusal(t, foreign)).code, 'UNAUTHENTICATED');
  const garbled = await refusal(t, 'not.a.jwt');
  t.is(garbled.code, 'UNAUTHENTICATED');
  t.false(garbled.message.includes('not.a.jwt'));
  await t.throwsAsync(authenticator.authenticate({ 'x-api-key': 'whatever' }), { instanceOf: ApiError, message: /missing credentials/ });
});

test('keys are fetched from jwksUrl', async (t) => {
  const server = createServer((_req, res) => {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify(fixture.jwks));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(() => server.close());
  const { port } = server.address() as AddressInfo;
  const remote = createJwtAuthenticator({ issuer: fixture.issuer, audience: fixture.audience, jwksUrl: `http://127.0.0.1:${port}/jwks`, jwksFile: null });
  const token = await fixture.sign({ email: 'bob@example.org' }, { alg: 'ES256' });
  t.is((await remote.authenticate(bearer(token))).id, 'user:bob@example.org');
});

test('an unreachable jwksUrl is UNAVAILABLE, not a 401', async (t) => {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  const remote = createJwtAuthenticator({ issuer: fixture.issuer, audience: fixture.audience, jwksUrl: `http://127.0.0.1:${port}/jwks`, jwksFile: null });
  const error = await t.throwsAsync(remote.authenticate(bearer(await fixture.sign({ sub: 'a' }))), { instanceOf: ApiError });
  t.is(error.code, 'UNAVAILABLE');
});

test('a missing jwksFile fails at startup, naming the file', (t) => {
  t.throws(() => createJwtAuthenticator({ issuer: 'i', audience: 'a', jwksUrl: null, jwksFile: '/nonexistent/jwks.json' }), { message: /\/nonexistent\/jwks\.json/ });
});

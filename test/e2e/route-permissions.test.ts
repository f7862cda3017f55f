import test from 'ava';
import type { ApiRoute } from '../../connectors/http/api-route.ts';
import { createJwtFixture } from '../helpers/jwt-fixture.ts';
import { startTestEngine, type TestEngine } from '../helpers/test-engine.ts';

/** A concrete URL for a route pattern, every parameter filled with a valid ID. */
function urlFor(route: ApiRoute): string {
  const path = route.pattern
    .replace('{location}', 'local')
    // A DICOMweb frame list is a number list, not a resource ID.
    .replace('{frames}', '1')
    .replace(/\{(\w+)\*\*\}/g, 'Patient/x')
    .replace(/\{(\w+)\}/g, (_m, name: string) => `${name}-1`);
  return `/v1/${path}`;
}

async function callEveryRoute(engine: TestEngine, credential: (headers: Headers) => void, expected: number, t: import('ava').ExecutionContext) {
  t.true(engine.routes.length > 40, 'the engine registers its routes');
  for (const route of engine.routes) {
    const headers = new Headers({ 'content-type': 'application/json' });
    credential(headers);
    const res = await fetch(`${engine.url}${urlFor(route)}`, {
      method: route.method,
      headers,
      body: ['POST', 'PUT', 'PATCH'].includes(route.method) ? '{}' : undefined,
    });
    t.is(res.status, expected, `${route.method} ${route.pattern}`);
    const body = await res.json();
    if (route.errorFormat === 'fhir') t.is(body.resourceType, 'OperationOutcome', `${route.method} ${route.pattern} answers with an OperationOutcome`);
    else t.is(body.error.code, expected, `${route.method} ${route.pattern} answers in Google's error form`);
  }
}

test('apiKey mode: every route answers 401 without credentials and 403 without its permission', async (t) => {
  const engine = await startTestEngine();
  try {
    await callEveryRoute(engine, () => {}, 401, t);
    await callEveryRoute(engine, (h) => h.set('authorization', 'Bearer not-a-key'), 401, t);
    await callEveryRoute(engine, (h) => h.set('x-api-key', engine.strangerKey), 403, t);
  } finally {
    await engine.stop();
  }
});

test('jwt mode: every route answers 401 without a valid token and 403 without its permission', async (t) => {
  const jwt = await createJwtFixture();
  const engine = await startTestEngine({
    auth: { mode: 'jwt', jwt: { issuer: jwt.issuer, audience: jwt.audience, jwksFile: jwt.jwksFile } },
  });
  try {
    const expired = await jwt.sign({ email: 'stranger@test.example' }, { expiresAt: Math.floor(Date.now() / 1000) - 3600 });
    const stranger = await jwt.sign({ email: 'stranger@test.example' }, { alg: 'ES256' });
    await callEveryRoute(engine, () => {}, 401, t);
    await callEveryRoute(engine, (h) => h.set('authorization', `Bearer ${expired}`), 401, t);
    await callEveryRoute(engine, (h) => h.set('authorization', `Bearer ${stranger}`), 403, t);
  } finally {
    await engine.stop();
  }
});

test('registering a route without a permission fails at startup', async (t) => {
  const { ApiRouter } = await import('../../connectors/http/api-router.ts');
  const router = new ApiRouter();
  t.throws(() => router.add({ method: 'GET', pattern: 'projects/{project}/x', service: 's', logType: 'ADMIN_READ', handler: async () => ({}) } as unknown as ApiRoute), {
    message: /declares no permission/,
  });
});

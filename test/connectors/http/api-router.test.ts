import test from 'ava';
import { ApiError } from '../../../engine/errors/api-error.ts';
import type { ApiRoute, HttpMethod } from '../../../connectors/http/api-route.ts';
import { ApiRouter } from '../../../connectors/http/api-router.ts';

function route(method: HttpMethod, pattern: string, extra: Partial<ApiRoute> = {}): ApiRoute {
  return { method, pattern, permission: 'healthcare.datasets.get', service: 'datasets', logType: 'ADMIN_READ', handler: async () => ({}), ...extra };
}

const DATASET = 'projects/{project}/locations/{location}/datasets/{dataset}';

function router(): ApiRouter {
  const r = new ApiRouter();
  r.add(route('GET', DATASET));
  r.add(route('PATCH', DATASET));
  r.add(route('POST', `${DATASET}:getIamPolicy`));
  r.add(route('POST', `${DATASET}:deidentify`));
  r.add(route('GET', `${DATASET}/hl7V2Stores/{store}/messages/{message}`));
  r.add(route('GET', `${DATASET}/hl7V2Stores/{store}/messages/special`));
  r.add(route('GET', `${DATASET}/dicomStores/{store}/dicomWeb/{path**}`));
  r.add(route('GET', `${DATASET}/dicomStores/{store}/dicomWeb/studies/{study}/frames/{frames}`, { paramPatterns: { frames: /^\d+(,\d+)*$/ } }));
  return r;
}

function notFound(t: import('ava').ExecutionContext, fn: () => unknown, message: RegExp) {
  const error = t.throws(fn, { instanceOf: ApiError, message });
  t.is(error?.code, 'NOT_FOUND');
}

test('params are taken by name; a route is found per method', (t) => {
  const r = router();
  const get = r.match('GET', 'projects/p/locations/us/datasets/d1');
  t.is(get.route.method, 'GET');
  t.deepEqual(get.params, { project: 'p', location: 'us', dataset: 'd1' });
  t.is(r.match('PATCH', 'projects/p/locations/us/datasets/d1').route.method, 'PATCH');
});

test('a custom verb picks its own route and a wrong method on a known path says so', (t) => {
  const r = router();
  t.is(r.match('POST', 'projects/p/locations/us/datasets/d1:getIamPolicy').route.pattern, `${DATASET}:getIamPolicy`);
  t.is(r.match('POST', 'projects/p/locations/us/datasets/d1:deidentify').route.pattern, `${DATASET}:deidentify`);
  notFound(t, () => r.match('DELETE', 'projects/p/locations/us/datasets/d1'), /method DELETE is not supported/);
  notFound(t, () => r.match('POST', 'projects/p/locations/us/datasets/d1:unknownVerb'), /no API resource/);
  notFound(t, () => r.match('GET', 'projects/p/locations/us/datasets/d1/extra'), /no API resource/);
});

test('a literal segment wins over a parameter in the same place', (t) => {
  const r = router();
  t.is(r.match('GET', `projects/p/locations/us/datasets/d/hl7V2Stores/s/messages/special`).route.pattern, `${DATASET}/hl7V2Stores/{store}/messages/special`);
  t.deepEqual(r.match('GET', `projects/p/locations/us/datasets/d/hl7V2Stores/s/messages/m1`).params.message, 'm1');
});

test('{rest**} takes the rest of the path, verb included, and more literal routes win', (t) => {
  const r = router();
  const base = 'projects/p/locations/us/datasets/d/dicomStores/s/dicomWeb';
  t.is(r.match('GET', `${base}/studies/1.2.3/series`).params.path, 'studies/1.2.3/series');
  t.is(r.match('GET', `${base}/studies/1.2:x`).params.path, 'studies/1.2:x');
  t.is(r.match('GET', `${base}/studies/1.2:unknownVerb`).params.path, 'studies/1.2:unknownVerb');
  const frames = r.match('GET', `${base}/studies/1.2/frames/1,2`);
  t.is(frames.route.pattern, `${DATASET}/dicomStores/{store}/dicomWeb/studies/{study}/frames/{frames}`);
  t.is(frames.params.frames, '1,2');
  t.is(r.match('GET', base + '/' + Array.from({ length: 40 }, (_, i) => `s${i}`).join('/')).params.path.split('/').length, 40);
});

test('segments are percent-decoded; bad ids, bad patterns and bad encodings are INVALID_ARGUMENT', (t) => {
  const r = router();
  t.is(r.match('GET', 'projects/p/locations/us/datasets/d%2Dx').params.dataset, 'd-x');
  for (const [path, message] of [
    ['projects/p/locations/us/datasets/d%20x', /invalid dataset ID 'd x'/],
    ['projects/p/locations/us/datasets/..', /invalid dataset ID/],
    ['projects/p/locations/us/datasets/d/dicomStores/s/dicomWeb/studies/1.2/frames/1;2', /invalid frames '1;2'/],
    ['projects/p/locations/us/datasets/d%E0%A4%A', /malformed percent-encoding/],
  ] as const) {
    const error = t.throws(() => r.match('GET', path), { instanceOf: ApiError, message });
    t.is(error?.code, 'INVALID_ARGUMENT', path);
  }
});

test('the same answers after more routes are added (the candidate lists are rebuilt)', (t) => {
  const r = router();
  notFound(t, () => r.match('GET', 'projects/p/locations/us/datasets/d/extra'), /no API resource/);
  r.add(route('GET', `${DATASET}/extra`));
  t.is(r.match('GET', 'projects/p/locations/us/datasets/d/extra').route.pattern, `${DATASET}/extra`);
  t.throws(() => r.add(route('GET', `${DATASET}/extra`)), { message: /registered twice/ });
});

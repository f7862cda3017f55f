import test from 'ava';
import type { Operation } from '../../../engine/operations/operation.ts';
import { toOperationJson } from '../../../engine/operations/operation-json.ts';

const base: Operation = {
  id: '8463215917453981',
  project: 'p',
  location: 'us-central1',
  dataset: 'd',
  name: 'projects/p/locations/us-central1/datasets/d/operations/8463215917453981',
  apiMethodName: 'google.cloud.healthcare.v1.fhir.FhirStoreService.ImportResources',
  kind: 'fhir-import',
  request: { secret: 'never shown' },
  createTime: new Date('2026-01-02T03:04:05.678Z'),
  endTime: null,
  done: false,
  cancelRequested: false,
  counter: null,
  progressPercent: null,
  checkpoint: { line: 12 },
  response: null,
  error: null,
};

test('a running operation has no done, result or defaults, as proto3 JSON', (t) => {
  t.deepEqual(toOperationJson(base), {
    name: base.name,
    metadata: {
      '@type': 'type.googleapis.com/google.cloud.healthcare.v1.OperationMetadata',
      apiMethodName: base.apiMethodName,
      createTime: '2026-01-02T03:04:05.678Z',
    },
  });
});

test('counters are int64 strings with zeros left out; progress and cancelRequested appear when set', (t) => {
  const json = toOperationJson({ ...base, counter: { success: 10, failure: 1, pending: 0 }, progressPercent: 40, cancelRequested: true });
  t.deepEqual(json.metadata.counter, { success: '10', failure: '1' });
  t.is(json.metadata.progressPercent, 40);
  t.true(json.metadata.cancelRequested);
});

test('a done operation carries its response, or its error, and its end time', (t) => {
  const endTime = new Date('2026-01-02T03:05:00.000Z');
  const succeeded = toOperationJson({ ...base, done: true, endTime, response: { '@type': 'x', n: 1 } });
  t.true(succeeded.done);
  t.deepEqual(succeeded.response, { '@type': 'x', n: 1 });
  t.is(succeeded.metadata.endTime, '2026-01-02T03:05:00.000Z');
  t.false('error' in succeeded);
  const failed = toOperationJson({ ...base, done: true, endTime, error: { code: 1, message: 'operation was cancelled' } });
  t.deepEqual(failed.error, { code: 1, message: 'operation was cancelled' });
  t.false('response' in failed);
  const empty = toOperationJson({ ...base, done: true, endTime });
  t.deepEqual(empty.response, { '@type': 'type.googleapis.com/google.protobuf.Empty' });
});

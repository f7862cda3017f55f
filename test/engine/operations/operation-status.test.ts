import test from 'ava';
import { ApiError } from '../../../engine/errors/api-error.ts';
import { cancelledStatus, toOperationStatus } from '../../../engine/operations/operation-status.ts';

test('typed errors keep their message and get the google.rpc.Code number', (t) => {
  t.deepEqual(toOperationStatus(new ApiError('NOT_FOUND', 'no such bucket')), { code: 5, message: 'no such bucket' });
  t.deepEqual(toOperationStatus(new ApiError('INVALID_ARGUMENT', 'bad', [{ line: 3 }])), { code: 3, message: 'bad', details: [{ line: 3 }] });
  t.deepEqual(toOperationStatus(new ApiError('PAYLOAD_TOO_LARGE', 'big')), { code: 3, message: 'big' });
});

test('other errors become INTERNAL without their text', (t) => {
  const status = toOperationStatus(new Error('password=hunter2'));
  t.is(status.code, 13);
  t.notRegex(status.message, /hunter2/);
});

test('cancellation is CANCELLED, code 1', (t) => {
  t.deepEqual(cancelledStatus, { code: 1, message: 'operation was cancelled' });
});

import test from 'ava';
import { decodeOperationPageToken, encodeOperationPageToken } from '../../../engine/operations/operation-page-token.ts';

test('a page token round-trips its position', (t) => {
  const position = { createTimeMs: 1767323045678, id: '8463215917453981' };
  t.deepEqual(decodeOperationPageToken(encodeOperationPageToken(position)), position);
});

test('tampered or foreign tokens are INVALID_ARGUMENT', (t) => {
  const forged = [Buffer.from('[1,"1 OR 1=1"]').toString('base64url'), Buffer.from('{"a":1}').toString('base64url'), '!!', ''];
  for (const token of forged) {
    const error = t.throws(() => decodeOperationPageToken(token), undefined, token);
    t.is((error as { code?: string }).code, 'INVALID_ARGUMENT');
  }
});

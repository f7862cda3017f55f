import test from 'ava';
import { newOperationId } from '../../../engine/operations/operation-id.ts';

test('ids are positive decimals that fit a signed 64-bit integer, and do not repeat', (t) => {
  const ids = new Set<string>();
  for (let i = 0; i < 1000; i++) {
    const id = newOperationId();
    t.regex(id, /^[1-9]\d{0,18}$/);
    t.true(BigInt(id) <= 2n ** 63n - 1n);
    ids.add(id);
  }
  t.is(ids.size, 1000);
});

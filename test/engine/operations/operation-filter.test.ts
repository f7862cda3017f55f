import test from 'ava';
import { parseOperationFilter } from '../../../engine/operations/operation-filter.ts';

test('an absent or blank filter has no terms', (t) => {
  t.deepEqual(parseOperationFilter(undefined), []);
  t.deepEqual(parseOperationFilter('  '), []);
});

test('done and metadata.apiMethodName terms, quoted or bare, = or !=, joined by AND', (t) => {
  t.deepEqual(parseOperationFilter('done=true'), [{ field: 'done', negate: false, value: true }]);
  t.deepEqual(parseOperationFilter('done != false AND metadata.apiMethodName="a.b.C"'), [
    { field: 'done', negate: true, value: false },
    { field: 'apiMethodName', negate: false, value: 'a.b.C' },
  ]);
  t.deepEqual(parseOperationFilter('metadata.api_method_name=a.b.C'), [{ field: 'apiMethodName', negate: false, value: 'a.b.C' }]);
});

test('AND inside a quoted value does not split it, and escapes are undone', (t) => {
  t.deepEqual(parseOperationFilter('metadata.apiMethodName="x AND done=true \\" y"'), [
    { field: 'apiMethodName', negate: false, value: 'x AND done=true " y' },
  ]);
});

test('unknown fields, operators and values are INVALID_ARGUMENT', (t) => {
  for (const filter of ['name="x"', 'done>true', 'done=yes', 'done=true OR done=false', 'done=true AND', 'metadata.apiMethodName="open']) {
    const error = t.throws(() => parseOperationFilter(filter), undefined, filter);
    t.is((error as { code?: string }).code, 'INVALID_ARGUMENT', filter);
  }
});

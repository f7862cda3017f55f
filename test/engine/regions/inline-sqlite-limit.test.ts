import test from 'ava';
import { inlineSqliteLimit } from '../../../engine/regions/inline-sqlite-limit.ts';

test('a trailing limit, or limit and offset, is written into the SQL', (t) => {
  t.deepEqual(inlineSqliteLimit('select * from `t` where `a` = ? limit ?', ['x', 1]), { sql: 'select * from `t` where `a` = ? limit 1', bindings: ['x'] });
  t.deepEqual(inlineSqliteLimit('select * from `t` limit ? offset ?', [101, 200]), { sql: 'select * from `t` limit 101 offset 200', bindings: [] });
  t.deepEqual(inlineSqliteLimit('select * from `t` limit ? offset ?', [-1, 7]), { sql: 'select * from `t` limit -1 offset 7', bindings: [] });
});

test('anything else is left as it is: no trailing limit, a limit inside a subquery, values that are not integers', (t) => {
  const cases: Array<[string, unknown[]]> = [
    ['select * from `t` where `a` = ?', [1]],
    ['select * from `t` where `id` in (select `id` from `u` limit ?)', [3]],
    ['select * from `t` limit ?', ['1; drop table t']],
    ['select * from `t` limit ?', [1.5]],
    ['select * from `t` limit ? offset ?', [10, '5']],
    ['select * from `t` limit ?', []],
  ];
  for (const [sql, bindings] of cases) t.deepEqual(inlineSqliteLimit(sql, bindings), { sql, bindings }, sql);
});

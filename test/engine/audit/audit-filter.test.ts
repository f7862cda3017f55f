import test from 'ava';
import { parseAuditFilter } from '../../../engine/audit/audit-filter.ts';

test('an empty filter is everything', (t) => {
  t.is(parseAuditFilter(''), null);
  t.is(parseAuditFilter('   '), null);
});

test('comparisons take typed values', (t) => {
  t.deepEqual(parseAuditFilter('principal = "user:a@b"'), { kind: 'compare', field: 'principal', op: '=', value: 'user:a@b' });
  t.deepEqual(parseAuditFilter('status>=400'), { kind: 'compare', field: 'status', op: '>=', value: 400 });
  t.deepEqual(parseAuditFilter('time < "2026-01-01T00:00:00Z"'), { kind: 'compare', field: 'time', op: '<', value: Date.parse('2026-01-01T00:00:00Z') });
  t.deepEqual(parseAuditFilter('time >= 2026-01-02'), { kind: 'compare', field: 'time', op: '>=', value: Date.parse('2026-01-02') });
  t.deepEqual(parseAuditFilter('resource:"projects/p/locations/l"'), { kind: 'compare', field: 'resource', op: ':', value: 'projects/p/locations/l' });
  t.deepEqual(parseAuditFilter('logType = DATA_READ'), { kind: 'compare', field: 'logType', op: '=', value: 'DATA_READ' });
  t.deepEqual(parseAuditFilter('peer = "say \\"hi\\" \\\\"'), { kind: 'compare', field: 'peer', op: '=', value: 'say "hi" \\' });
});

test('OR binds tighter than AND (AIP-160); juxtaposition is AND; NOT and parentheses', (t) => {
  const status = (value: number) => ({ kind: 'compare', field: 'status', op: '=', value }) as const;
  t.deepEqual(parseAuditFilter('status = 1 OR status = 2 AND status = 3'), {
    kind: 'and',
    operands: [{ kind: 'or', operands: [status(1), status(2)] }, status(3)],
  });
  t.deepEqual(parseAuditFilter('status = 1 status = 2'), { kind: 'and', operands: [status(1), status(2)] });
  t.deepEqual(parseAuditFilter('NOT (status = 1 OR status = 2) AND status = 3'), {
    kind: 'and',
    operands: [{ kind: 'not', operand: { kind: 'or', operands: [status(1), status(2)] } }, status(3)],
  });
});

test('errors name the position', (t) => {
  const cases: [string, string][] = [
    ['status = 1 )', "invalid filter at position 12: expected AND, OR or the end of the filter, found ')'"],
    ['status', 'invalid filter at position 7: expected an operator (=, !=, <, <=, >, >=, :) after \'status\''],
    ['status =', "invalid filter at position 9: expected a value after 'status ='"],
    ['status : 4', "invalid filter at position 8: ':' applies to text fields, not to status"],
    ['time = "2026-13-45T00:00:00Z"', 'invalid filter at position 8: time takes an RFC 3339 timestamp such as "2026-01-01T00:00:00Z", found \'2026-13-45T00:00:00Z\''],
    ['status = 1 AND !x', "invalid filter at position 16: unexpected character '!'"],
    ['status = 1 AND & = 2', "invalid filter at position 16: unknown field '&'; fields are time, principal, permission, resource, method, status, requestId, peer, logType, service"],
    ['= 1', "invalid filter at position 1: expected a field name, found '='"],
    ['principal = user:x', "invalid filter at position 17: expected AND, OR or the end of the filter, found ':'"],
  ];
  for (const [filter, message] of cases) {
    t.throws(() => parseAuditFilter(filter), { message }, filter);
  }
  t.throws(() => parseAuditFilter('('.repeat(40) + 'status = 1' + ')'.repeat(40)), { message: /nested deeper than 32 levels/ });
  t.throws(() => parseAuditFilter('x'.repeat(2001)), { message: /longer than 2000 characters/ });
});

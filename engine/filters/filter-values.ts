import { filterError } from './filter-error.ts';
import type { FilterOp } from './filter-expression.ts';
import type { FilterToken } from './tokenize-filter.ts';

/** Value checks that several listings' filter grammars share. */

const RFC_3339 = /^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:\d{2}))?$/;

/** A time field: an RFC 3339 timestamp (or a date), as epoch milliseconds; `:` is refused. */
export function checkTimestampValue(field: string, op: FilterOp, token: FilterToken, opPos: number): number {
  if (op === ':') throw filterError(opPos, `':' applies to text fields, not to ${field}`);
  const ms = RFC_3339.test(token.text) ? Date.parse(token.text) : Number.NaN;
  if (!Number.isFinite(ms)) throw filterError(token.pos, `${field} takes an RFC 3339 timestamp such as "2026-01-01T00:00:00Z", found '${token.text}'`);
  return ms;
}

/** A field with a fixed set of values (a status, a log type). */
export function checkOneOfValue(field: string, token: FilterToken, values: readonly string[]): string {
  if (!values.includes(token.text)) throw filterError(token.pos, `${field} is one of ${values.join(', ')}, found '${token.text}'`);
  return token.text;
}

/** Refuse an operator the field does not take, naming those it does. */
export function checkOperator(field: string, op: FilterOp, opPos: number, allowed: readonly FilterOp[]): void {
  if (!allowed.includes(op)) throw filterError(opPos, `'${op}' does not apply to ${field}; ${field} takes ${allowed.join(', ')}`);
}

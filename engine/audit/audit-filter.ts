import { filterError } from '../filters/filter-error.ts';
import { type FilterExpression, type FilterOp, isOrdering } from '../filters/filter-expression.ts';
import { checkOneOfValue, checkTimestampValue } from '../filters/filter-values.ts';
import { parseFilter } from '../filters/parse-filter.ts';
import type { FilterToken } from '../filters/tokenize-filter.ts';

/**
 * A filter over audit entries in Google's filter syntax (AIP-160), e.g.
 * `principal = "user:a@b" AND status >= 400 AND resource:"projects/p/locations/l/datasets/d"`.
 * Parsed once into this tree, then applied to the query.
 */
export type AuditFilter = FilterExpression<AuditFilterField, string | number>;

const AUDIT_FILTER_FIELDS = ['time', 'principal', 'permission', 'resource', 'method', 'status', 'requestId', 'peer', 'logType', 'service'] as const;
export type AuditFilterField = (typeof AUDIT_FILTER_FIELDS)[number];

const LOG_TYPES = ['ADMIN_WRITE', 'ADMIN_READ', 'DATA_READ', 'DATA_WRITE'];

/** Parse a filter; an empty or blank one is null (everything). Errors name the position. */
export function parseAuditFilter(text: string): AuditFilter | null {
  return parseFilter(text, { fields: AUDIT_FILTER_FIELDS, checkValue });
}

/** Type-check a comparison's value: numbers for status, timestamps for time, known names for logType. */
function checkValue(field: AuditFilterField, op: FilterOp, token: FilterToken, opPos: number): string | number {
  if (field === 'status') {
    if (op === ':') throw filterError(opPos, `':' applies to text fields, not to status`);
    if (!/^\d{1,9}$/.test(token.text)) throw filterError(token.pos, `status takes an integer, found '${token.text}'`);
    return Number(token.text);
  }
  if (field === 'time') return checkTimestampValue(field, op, token, opPos);
  if (isOrdering(op)) throw filterError(opPos, `'${op}' applies to time and status; ${field} takes =, != or :`);
  if (field === 'logType' && op !== ':') return checkOneOfValue(field, token, LOG_TYPES);
  return token.text;
}

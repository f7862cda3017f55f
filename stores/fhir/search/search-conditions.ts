import type { Knex } from 'knex';
import { invalidArgument } from '../../../engine/errors/api-error.ts';
import { toDateRange } from './fhir-date-range.ts';
import type { SearchFilter, SearchPrefix } from './fhir-search-request.ts';
import { normalizeSearchString } from './normalize-search-string.ts';
import { parseFhirReference } from './parse-fhir-reference.ts';

type Where = Knex.QueryBuilder;

const PREFIXES = new Set<SearchPrefix>(['eq', 'ne', 'gt', 'lt', 'ge', 'le', 'sa', 'eb', 'ap']);

/** Split `ge2024-01` into its prefix and value; `eq` when none is given. */
export function splitPrefix(value: string): { prefix: SearchPrefix; rest: string } {
  const head = value.slice(0, 2) as SearchPrefix;
  return PREFIXES.has(head) && value.length > 2 ? { prefix: head, rest: value.slice(2) } : { prefix: 'eq', rest: value };
}

/**
 * Add to `q` (inside an OR group) the condition one value of `filter` puts on the rows of its
 * index table (aliased `i`), by the parameter type's default semantics.
 */
export function addValueCondition(q: Where, filter: SearchFilter, value: string): void {
  switch (filter.type) {
    case 'string':
      return addString(q, filter.modifier, value);
    case 'token':
      return addToken(q, value);
    case 'reference':
      return addReference(q, filter.modifier, value);
    case 'date':
      return addRange(q, splitPrefix(value), dateRangeOf(filter.code, splitPrefix(value).rest));
    case 'number':
      return addRange(q, splitPrefix(value), numberRangeOf(filter.code, splitPrefix(value).rest));
    case 'quantity':
      return addQuantity(q, filter.code, value);
    case 'uri':
      q.orWhere('i.value', value);
      return;
    default:
      throw new Error(`no index table for ${filter.type}`);
  }
}

function addString(q: Where, modifier: string | null, value: string): void {
  if (modifier === 'exact') {
    q.orWhere('i.exact', value);
    return;
  }
  const normalized = normalizeSearchString(value);
  if (modifier === 'contains') {
    q.orWhereRaw("i.value LIKE ? ESCAPE '\\'", [`%${normalized.replace(/[\\%_]/g, (c) => `\\${c}`)}%`]);
    return;
  }
  // Starts-with as a range on the byte-ordered column, so the index answers it.
  q.orWhere((w) => w.where('i.value', '>=', normalized).andWhere('i.value', '<', `${normalized}\uffff`));
}

function addToken(q: Where, value: string): void {
  const bar = value.indexOf('|');
  if (bar < 0) {
    q.orWhere('i.value', value);
    return;
  }
  const system = value.slice(0, bar);
  const code = value.slice(bar + 1);
  q.orWhere((w) => {
    if (system === '') w.whereNull('i.system');
    else w.where('i.system', system);
    if (code !== '') w.andWhere('i.value', code);
  });
}

function addReference(q: Where, modifier: string | null, value: string): void {
  if (modifier !== null) {
    q.orWhere((w) => w.where('i.target_type', modifier).andWhere('i.target_id', value));
    return;
  }
  const target = parseFhirReference(value);
  if (target.type !== null && !value.includes(':')) {
    q.orWhere((w) => w.where('i.target_type', target.type).andWhere('i.target_id', target.id));
  } else if (value.includes(':')) {
    q.orWhere((w) => {
      w.where('i.url', value);
      if (target.type !== null) w.orWhere((v) => v.where('i.target_type', target.type).andWhere('i.target_id', target.id));
    });
  } else {
    q.orWhere('i.target_id', value);
  }
}

function dateRangeOf(code: string, value: string): { low: number; high: number } {
  const range = toDateRange(value);
  if (!range) throw invalidArgument(`${code}: '${value.slice(0, 40)}' is not a FHIR date (YYYY, YYYY-MM, YYYY-MM-DD or a dateTime with a time zone)`);
  return range;
}

/** A number's implied range: `100` is [99.5, 100.5], `1e2` likewise, `100.0` is [99.95, 100.05]. */
export function numberRangeOf(code: string, value: string): { low: number; high: number } {
  if (!/^-?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(value)) throw invalidArgument(`${code}: '${value.slice(0, 40)}' is not a number`);
  const n = Number(value);
  const [mantissa, exponent] = value.toLowerCase().split('e');
  const decimals = mantissa.includes('.') ? mantissa.split('.')[1].length : 0;
  const half = 0.5 * 10 ** (Number(exponent ?? 0) - decimals);
  return { low: n - half, high: n + half };
}

/**
 * A range condition with the specification's prefix semantics, the row covering [i.low,
 * i.high] and the search value covering [low, high]: eq means the row lies within the value,
 * gt that the row reaches above it, sa that it starts after it, and so on.
 */
function addRange(q: Where, { prefix }: { prefix: SearchPrefix }, { low, high }: { low: number; high: number }): void {
  q.orWhere((w) => {
    switch (prefix) {
      case 'eq': w.where('i.low', '>=', low).andWhere('i.high', '<=', high); break;
      case 'ne': w.where('i.low', '<', low).orWhere('i.high', '>', high); break;
      case 'gt': w.where('i.high', '>', high); break;
      case 'lt': w.where('i.low', '<', low); break;
      case 'ge': w.where('i.high', '>=', low); break;
      case 'le': w.where('i.low', '<=', high); break;
      case 'sa': w.where('i.low', '>', high); break;
      case 'eb': w.where('i.high', '<', low); break;
      case 'ap': {
        const margin = Math.max(Math.abs(high - low), Math.abs(low) * 0.1, 1);
        w.where('i.high', '>=', low - margin).andWhere('i.low', '<=', high + margin);
        break;
      }
    }
  });
}

/** `[prefix]number|system|code`: the number as for number parameters, then the unit. */
function addQuantity(q: Where, code: string, value: string): void {
  const [number, system, unit] = value.split('|');
  const prefixed = splitPrefix(number);
  q.orWhere((w) => {
    addRange(w, prefixed, numberRangeOf(code, prefixed.rest));
    if (system) w.andWhere('i.system', system);
    if (unit) w.andWhere('i.unit', unit);
  });
}

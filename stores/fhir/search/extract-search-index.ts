import { MAX_INSTANT, MIN_INSTANT, toDateRange } from './fhir-date-range.ts';
import type { SearchParameter } from './fhir-search-parameters.ts';
import { normalizeSearchString } from './normalize-search-string.ts';
import { parseFhirReference } from './parse-fhir-reference.ts';
import { emptySearchIndexRows, SEARCH_INDEX_TABLES, type SearchIndexRows } from './search-index-rows.ts';

type Json = Record<string, unknown>;

/** Longest value an index row keeps; longer strings are cut (the resource itself keeps them whole). */
const MAX_INDEXED = 512;

/**
 * The search index rows of a resource: every parameter of its type evaluated with its
 * FHIRPath, each value turned into rows of its parameter type's table. A parameter whose
 * expression fails on this resource indexes nothing rather than refusing the write.
 */
export function extractSearchIndex(resource: Json, parameters: Iterable<SearchParameter>): SearchIndexRows {
  const rows = emptySearchIndexRows();
  for (const parameter of parameters) {
    let values: unknown[];
    try {
      values = parameter.evaluate(resource);
    } catch {
      continue;
    }
    for (const value of values) addValue(rows, parameter, value);
  }
  return withoutDuplicates(rows);
}

/** A name given twice (official and usual) is one row: duplicates only weigh on the index. */
function withoutDuplicates(rows: SearchIndexRows): SearchIndexRows {
  for (const table of SEARCH_INDEX_TABLES) {
    const seen = new Set<string>();
    (rows[table] as object[]) = (rows[table] as object[]).filter((row) => {
      const key = Object.values(row).join('\u0000');
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
  }
  return rows;
}

function addValue(rows: SearchIndexRows, parameter: SearchParameter, value: unknown): void {
  const code = parameter.code;
  switch (parameter.type) {
    case 'string':
      for (const text of stringsOf(value)) {
        const exact = text.slice(0, MAX_INDEXED);
        rows.string.push({ code, value: normalizeSearchString(exact), exact });
      }
      return;
    case 'token':
      for (const token of tokensOf(value)) rows.token.push({ code, ...token });
      return;
    case 'reference':
      addReference(rows, parameter, value);
      return;
    case 'date': {
      const range = dateRangeOf(value);
      if (range) rows.date.push({ code, ...range });
      return;
    }
    case 'number':
      if (typeof value === 'number' && Number.isFinite(value)) rows.number.push({ code, low: value, high: value });
      return;
    case 'quantity': {
      const quantity = quantityOf(value);
      if (quantity) rows.quantity.push({ code, ...quantity });
      return;
    }
    case 'uri':
      if (typeof value === 'string') rows.uri.push({ code, value: value.slice(0, MAX_INDEXED) });
  }
}

const HUMAN_NAME_PARTS = ['text', 'family', 'given', 'prefix', 'suffix'];
const ADDRESS_PARTS = ['text', 'line', 'city', 'district', 'state', 'postalCode', 'country'];

function stringsOf(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (!isObject(value)) return [];
  const parts = 'family' in value || 'given' in value ? HUMAN_NAME_PARTS : ADDRESS_PARTS.some((p) => p in value) ? ADDRESS_PARTS : ['text', 'display', 'value'];
  return parts.flatMap((part) => {
    const v = value[part];
    return Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string') : typeof v === 'string' ? [v] : [];
  });
}

function tokensOf(value: unknown): Array<{ system: string | null; value: string }> {
  if (typeof value === 'string') return [{ system: null, value: value.slice(0, MAX_INDEXED) }];
  if (typeof value === 'boolean') return [{ system: null, value: String(value) }];
  if (!isObject(value)) return [];
  if (Array.isArray(value.coding)) return value.coding.flatMap(tokensOf);
  const code = typeof value.code === 'string' ? value.code : typeof value.value === 'string' ? value.value : null;
  if (code === null) return [];
  return [{ system: typeof value.system === 'string' ? value.system.slice(0, MAX_INDEXED) : null, value: code.slice(0, MAX_INDEXED) }];
}

function addReference(rows: SearchIndexRows, parameter: SearchParameter, value: unknown): void {
  const url = typeof value === 'string' ? value : isObject(value) && typeof value.reference === 'string' ? value.reference : null;
  if (url === null) return;
  const target = typeof value === 'string' ? { type: null, id: null } : parseFhirReference(url);
  // A parameter narrowed to some targets (`patient` is `subject.where(resolve() is Patient)`) skips the others.
  if (target.type !== null && parameter.targets.length > 0 && !parameter.targets.includes(target.type) && !parameter.targets.includes('Resource')) return;
  rows.reference.push({ code: parameter.code, target_type: target.type, target_id: target.id, url: url.slice(0, MAX_INDEXED) });
}

function dateRangeOf(value: unknown): { low: number; high: number } | null {
  if (typeof value === 'string') return toDateRange(value);
  if (!isObject(value)) return null;
  if ('start' in value || 'end' in value) {
    const start = typeof value.start === 'string' ? toDateRange(value.start) : null;
    const end = typeof value.end === 'string' ? toDateRange(value.end) : null;
    if (!start && !end) return null;
    return { low: start?.low ?? MIN_INSTANT, high: end?.high ?? MAX_INSTANT };
  }
  if (Array.isArray(value.event)) {
    const ranges = value.event.map((e) => (typeof e === 'string' ? toDateRange(e) : null)).filter((r) => r !== null);
    if (ranges.length === 0) return null;
    return { low: Math.min(...ranges.map((r) => r.low)), high: Math.max(...ranges.map((r) => r.high)) };
  }
  return null;
}

function quantityOf(value: unknown): { system: string | null; unit: string | null; low: number; high: number } | null {
  if (!isObject(value)) return null;
  if (isObject(value.low) || isObject(value.high)) {
    const low = isObject(value.low) ? quantityOf(value.low) : null;
    const high = isObject(value.high) ? quantityOf(value.high) : null;
    const unitOf = low ?? high;
    if (!unitOf) return null;
    return { system: unitOf.system, unit: unitOf.unit, low: low?.low ?? -Number.MAX_VALUE, high: high?.high ?? Number.MAX_VALUE };
  }
  if (typeof value.value !== 'number') return null;
  if (typeof value.currency === 'string') return { system: 'urn:iso:std:iso:4217', unit: value.currency, low: value.value, high: value.value };
  const unit = typeof value.code === 'string' ? value.code : typeof value.unit === 'string' ? value.unit : null;
  return { system: typeof value.system === 'string' ? value.system : null, unit, low: value.value, high: value.value };
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

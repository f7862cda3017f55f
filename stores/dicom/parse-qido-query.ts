import { invalidArgument } from '../../engine/errors/api-error.ts';
import { tagOfKeyword } from '../../transforms/dicom/dicom-dictionary.ts';
import { attributesOfLevel, type QidoAttribute, type QidoLevel } from './qido-attributes.ts';

export type QidoFilter =
  | { attribute: QidoAttribute; kind: 'values'; values: string[] }
  | { attribute: QidoAttribute; kind: 'pattern'; pattern: string }
  | { attribute: QidoAttribute; kind: 'range'; from: string | null; to: string | null };

/** A QIDO-RS search (PS3.18 8.3.4), parsed once. */
export interface QidoQuery {
  level: QidoLevel;
  /** The study and series named in the path. */
  studyUid?: string;
  seriesUid?: string;
  filters: QidoFilter[];
  /** Extra tags to return (`includefield`), or all the index knows. */
  includeAll: boolean;
  includeTags: string[];
  limit: number;
  offset: number;
  /** `fuzzymatching=true` was asked for (answered with literal matching and a warning). */
  fuzzyAsked: boolean;
}

const DEFAULT_LIMIT: Record<QidoLevel, number> = { patient: 100, study: 100, series: 100, instance: 1000 };
const MAX_LIMIT = 5000;
const DATE = /^\d{8}$/;
const TIME = /^\d{2}(\d{2}(\d{2}(\.\d{1,6})?)?)?$/;

/** Parse QIDO-RS query parameters; anything that cannot be honored is a 400 naming it. */
export function parseQidoQuery(level: QidoLevel, path: { studyUid?: string; seriesUid?: string }, query: Record<string, string | string[] | undefined>): QidoQuery {
  const parsed: QidoQuery = { level, ...path, filters: [], includeAll: false, includeTags: [], limit: DEFAULT_LIMIT[level], offset: 0, fuzzyAsked: false };
  const attributes = attributesOfLevel(level);
  for (const [key, raw] of Object.entries(query)) {
    if (raw === undefined) continue;
    const values = Array.isArray(raw) ? raw : [raw];
    if (key === 'includefield') {
      for (const field of values.flatMap((v) => v.split(','))) includeField(parsed, field.trim());
    } else if (key === 'limit' || key === 'offset') {
      parsed[key] = count(key, values.at(-1)!, key === 'limit' ? MAX_LIMIT : Number.MAX_SAFE_INTEGER);
    } else if (key === 'fuzzymatching') {
      if (!['true', 'false'].includes(values.at(-1)!)) throw invalidArgument('fuzzymatching must be true or false');
      parsed.fuzzyAsked = values.at(-1) === 'true';
    } else {
      const tag = tagOfKeyword(key);
      if (!tag) throw invalidArgument(`${key} is neither a QIDO-RS parameter nor a DICOM attribute keyword or tag`);
      const attribute = attributes.find((a) => a.tag === tag);
      if (!attribute) throw invalidArgument(`${key} is not an attribute this server matches on at the ${level} level; it matches on ${attributes.map((a) => a.keyword).join(', ')}`);
      const filter = filterOf(attribute, values.at(-1)!);
      if (filter) parsed.filters.push(filter);
    }
  }
  if (parsed.limit === 0) parsed.limit = DEFAULT_LIMIT[level];
  return parsed;
}

function includeField(parsed: QidoQuery, field: string): void {
  if (field === 'all') {
    parsed.includeAll = true;
    return;
  }
  const tag = tagOfKeyword(field);
  if (!tag) throw invalidArgument(`includefield ${field} is neither "all" nor a DICOM attribute keyword or tag`);
  parsed.includeTags.push(tag);
}

function count(name: string, value: string, max: number): number {
  if (!/^\d{1,9}$/.test(value)) throw invalidArgument(`${name} must be a non-negative integer, not "${value.slice(0, 32)}"`);
  return Math.min(Number(value), max);
}

/** A match value by its attribute's kind; an empty value is universal matching (no filter). */
function filterOf(attribute: QidoAttribute, value: string): QidoFilter | null {
  if (value === '' || value === '*') return null;
  switch (attribute.matching) {
    case 'uid':
    case 'modalities':
      return { attribute, kind: 'values', values: value.split(/[,\\]/).filter((v) => v !== '') };
    case 'number':
      if (!/^-?\d{1,9}$/.test(value)) throw invalidArgument(`${attribute.keyword} takes an integer, not "${value.slice(0, 32)}"`);
      return { attribute, kind: 'values', values: [value] };
    case 'date':
    case 'time':
      return rangeOf(attribute, value, attribute.matching === 'date' ? DATE : TIME);
    default:
      return /[*?]/.test(value) ? { attribute, kind: 'pattern', pattern: value } : { attribute, kind: 'values', values: [value] };
  }
}

/** `A`, `A-B`, `-B` or `A-` (PS3.4 C.2.2.2.5). */
function rangeOf(attribute: QidoAttribute, value: string, form: RegExp): QidoFilter {
  const parts = value.split('-');
  const ok = (part: string) => part === '' || form.test(part);
  if (parts.length > 2 || !parts.every(ok) || parts.every((p) => p === '')) {
    throw invalidArgument(`${attribute.keyword} takes a ${attribute.vr} value or range (${attribute.matching === 'date' ? 'YYYYMMDD, YYYYMMDD-YYYYMMDD, -YYYYMMDD or YYYYMMDD-' : 'HHMMSS, HHMMSS-HHMMSS, ...'}), not "${value.slice(0, 40)}"`);
  }
  if (parts.length === 1) return { attribute, kind: 'values', values: [value] };
  return { attribute, kind: 'range', from: parts[0] || null, to: parts[1] || null };
}

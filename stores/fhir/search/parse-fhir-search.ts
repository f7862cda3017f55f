import { invalidArgument } from '../../../engine/errors/api-error.ts';
import type { FhirSearchParameters } from './fhir-search-parameters.ts';
import type { FhirSearchRequest, IncludeRequest, SearchFilter } from './fhir-search-request.ts';

export const DEFAULT_COUNT = 100;
export const MAX_COUNT = 1000;

/** Result parameters, and those core search does not take yet but a client may send. */
const RESULT_PARAMETERS = new Set(['_count', '_sort', '_total', '_summary', '_elements', '_page_token', '_format', '_pretty', '_type', '_include', '_revinclude', '_include:iterate', '_revinclude:iterate', '_include:recurse', '_revinclude:recurse']);

const MODIFIERS: Record<string, readonly string[]> = {
  string: ['exact', 'contains', 'missing'],
  token: ['not', 'missing'],
  reference: ['missing'],
  date: ['missing'],
  number: ['missing'],
  quantity: ['missing'],
  uri: ['missing'],
  id: ['not', 'missing'],
  lastUpdated: [],
};

/**
 * Parse a search's query parameters into a FhirSearchRequest: every parameter must be one
 * the type has (or a result parameter), with a modifier its type allows; an unknown one is
 * a 400 naming it, as with Google's strict handling.
 */
export function parseFhirSearch(resourceType: string | null, query: Record<string, string | string[] | undefined>, parameters: FhirSearchParameters): FhirSearchRequest {
  const request: FhirSearchRequest = {
    resourceType, types: [], filters: [], sort: [], count: DEFAULT_COUNT, offset: 0, total: 'none', summary: null, elements: [], include: [], revinclude: [], snapshot: null,
  };
  for (const [name, raw] of Object.entries(query)) {
    for (const value of Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]) {
      if (RESULT_PARAMETERS.has(name)) applyResultParameter(request, name, value);
      else request.filters.push(parseFilter(resourceType, name, value, parameters));
    }
  }
  return request;
}

function parseFilter(resourceType: string | null, name: string, value: string, parameters: FhirSearchParameters): SearchFilter {
  const colon = name.indexOf(':');
  const code = colon < 0 ? name : name.slice(0, colon);
  const modifier = colon < 0 ? null : name.slice(colon + 1);
  let type: SearchFilter['type'];
  if (code === '_id') type = 'id';
  else if (code === '_lastUpdated') type = 'lastUpdated';
  else {
    const parameter = resourceType ? parameters.of(resourceType).get(code) : SYSTEM_PARAMETERS[code];
    if (!parameter) throw invalidArgument(`unknown search parameter '${code.slice(0, 64)}' for ${resourceType ?? 'a search across types'}`);
    type = parameter.type;
  }
  if (modifier !== null && !MODIFIERS[type].includes(modifier) && !(type === 'reference' && /^[A-Z][A-Za-z]+$/.test(modifier))) {
    throw invalidArgument(`search parameter ${code} (${type}) does not take the modifier :${modifier.slice(0, 32)}`);
  }
  if (modifier === 'missing' && value !== 'true' && value !== 'false') throw invalidArgument(`${code}:missing takes true or false`);
  return { code, type, modifier, values: splitValues(value) };
}

/** Parameters every type has, for searches across types. */
const SYSTEM_PARAMETERS: Record<string, { type: SearchFilter['type'] } | undefined> = {
  _tag: { type: 'token' },
  _security: { type: 'token' },
  _profile: { type: 'uri' },
  _source: { type: 'uri' },
};

/** Values split on commas that are not escaped (`\,` is a literal comma). */
function splitValues(value: string): string[] {
  return value.split(/(?<!\\),/).map((v) => v.replace(/\\([,$|\\])/g, '$1'));
}

function applyResultParameter(request: FhirSearchRequest, name: string, value: string): void {
  switch (name) {
    case '_count': {
      const count = Number(value);
      if (!Number.isInteger(count) || count < 0) throw invalidArgument('_count must be a whole number, 0 or more');
      request.count = Math.min(count, MAX_COUNT);
      return;
    }
    case '_sort':
      request.sort = value.split(',').filter(Boolean).map((key) => ({ code: key.replace(/^-/, ''), descending: key.startsWith('-') }));
      return;
    case '_total':
      if (!['none', 'estimate', 'accurate'].includes(value)) throw invalidArgument('_total must be none, estimate or accurate');
      request.total = value as FhirSearchRequest['total'];
      return;
    case '_summary':
      if (!['true', 'false', 'count', 'text', 'data'].includes(value)) throw invalidArgument('_summary must be true, false, count, text or data');
      request.summary = value as FhirSearchRequest['summary'];
      return;
    case '_elements':
      request.elements = value.split(',').map((e) => e.trim()).filter(Boolean);
      return;
    case '_type':
      request.types.push(...value.split(',').filter(Boolean));
      return;
    case '_page_token':
      applyPageToken(request, value);
      return;
    case '_include':
    case '_include:iterate':
    case '_include:recurse':
    case '_revinclude':
    case '_revinclude:iterate':
    case '_revinclude:recurse': {
      const [kind, modifier] = name.split(':');
      const include = parseInclude(name, value, modifier !== undefined);
      (kind === '_include' ? request.include : request.revinclude).push(include);
      return;
    }
    default:
  }
}

function parseInclude(name: string, value: string, iterate: boolean): IncludeRequest {
  if (value === '*') return { type: '*', code: '*', target: null, iterate };
  const m = /^([A-Z][A-Za-z]+):([a-z][a-z0-9-]*|\*)(?::([A-Z][A-Za-z]+))?$/.exec(value);
  if (!m) throw invalidArgument(`${name} takes Type:parameter or Type:parameter:TargetType, not '${value.slice(0, 64)}'`);
  return { type: m[1], code: m[2], target: m[3] ?? null, iterate };
}

/** `_page_token` is `offset.snapshot`: where the page starts, and the first page's newest resource. */
function applyPageToken(request: FhirSearchRequest, token: string): void {
  const m = /^(\d{1,9})\.(\d{1,15})$/.exec(token);
  if (!m) throw invalidArgument('_page_token is not one this server gave out');
  request.offset = Number(m[1]);
  request.snapshot = Number(m[2]);
}

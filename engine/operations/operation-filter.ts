import { invalidArgument } from '../errors/api-error.ts';

/** One comparison of a list filter, on a field the operations table can answer. */
export type OperationFilterTerm =
  | { field: 'done'; negate: boolean; value: boolean }
  | { field: 'apiMethodName'; negate: boolean; value: string };

const FIELDS: Record<string, OperationFilterTerm['field']> = {
  done: 'done',
  'metadata.apiMethodName': 'apiMethodName',
  'metadata.api_method_name': 'apiMethodName',
};

const TERM = /^\s*([\w.]+)\s*(!=|=)\s*("(?:[^"\\]|\\.)*"|[^\s"]+)\s*$/;

/**
 * Parse the `filter` of an operations list, the subset of Google's filter syntax (AIP-160)
 * that operations are filtered by: `done=true`, `metadata.apiMethodName="..."`, their `!=`
 * forms, joined with AND. Anything else is refused rather than silently ignored.
 */
export function parseOperationFilter(filter: string | undefined): OperationFilterTerm[] {
  if (filter === undefined || filter.trim() === '') return [];
  return splitOnAnd(filter).map(parseTerm);
}

function splitOnAnd(filter: string): string[] {
  const parts: string[] = [];
  let current = '';
  let quoted = false;
  const tokens = filter.split(/(\s+AND\s+|"|\\.)/);
  for (const token of tokens) {
    if (token === '"') quoted = !quoted;
    if (!quoted && /^\s+AND\s+$/.test(token)) {
      parts.push(current);
      current = '';
    } else {
      current += token;
    }
  }
  parts.push(current);
  return parts;
}

function parseTerm(term: string): OperationFilterTerm {
  const match = TERM.exec(term);
  const field = match ? FIELDS[match[1]] : undefined;
  if (!match || !field) {
    throw invalidArgument(`invalid filter term '${term.trim()}': supported are done=true|false and metadata.apiMethodName="...", with = or !=, joined by AND`);
  }
  const negate = match[2] === '!=';
  const raw = match[3];
  if (field === 'apiMethodName') return { field, negate, value: unquote(raw) };
  if (raw !== 'true' && raw !== 'false') throw invalidArgument(`invalid filter term '${term.trim()}': done is true or false`);
  return { field, negate, value: raw === 'true' };
}

function unquote(value: string): string {
  return value.startsWith('"') ? value.slice(1, -1).replace(/\\(.)/g, '$1') : value;
}

import { invalidArgument } from '../../engine/errors/api-error.ts';

export type Labels = Record<string, string>;

const KEY = /^[\p{Ll}\p{Lo}][\p{Ll}\p{Lo}\p{N}_-]{0,62}$/u;
const VALUE = /^[\p{Ll}\p{Lo}\p{N}_-]{0,63}$/u;

/** Google's label rules: at most 64, lowercase keys starting with a letter, short lowercase values. */
export function parseLabels(value: unknown, field = 'labels'): Labels {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) throw invalidArgument(`${field} must be an object of string values`);
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length > 64) throw invalidArgument(`${field} has ${entries.length} labels; at most 64 are allowed`);
  for (const [key, v] of entries) {
    if (!KEY.test(key)) throw invalidArgument(`${field} key '${key.slice(0, 70)}' must start with a lowercase letter and hold at most 63 lowercase letters, digits, '_' or '-'`);
    if (typeof v !== 'string' || !VALUE.test(v)) throw invalidArgument(`${field}.${key} must be a string of at most 63 lowercase letters, digits, '_' or '-'`);
  }
  return Object.fromEntries(entries) as Labels;
}

import { invalidArgument } from '../../engine/errors/api-error.ts';

/** A single query parameter; repeated parameters are a 400 naming it. */
export function singleQuery(query: Record<string, string | string[] | undefined>, name: string): string | undefined {
  const value = query[name];
  if (Array.isArray(value)) throw invalidArgument(`query parameter '${name}' must be given once`);
  return value;
}

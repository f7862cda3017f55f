import { type ApiError, invalidArgument } from '../errors/api-error.ts';

/** A 400 that names where in the filter the problem is (1-based), so a user can find it in a long filter. */
export function filterError(pos: number, message: string): ApiError {
  return invalidArgument(`invalid filter at position ${pos}: ${message}`);
}

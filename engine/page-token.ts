import { invalidArgument } from './errors/api-error.ts';

/** Opaque page tokens: base64url JSON of a keyset position, so pages stay stable under inserts. */
export function encodePageToken(position: unknown): string {
  return Buffer.from(JSON.stringify(position)).toString('base64url');
}

export function decodePageToken<T>(token: string | undefined, isValid: (value: unknown) => value is T): T | null {
  if (token === undefined || token === '') return null;
  try {
    const value: unknown = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
    if (isValid(value)) return value;
  } catch {
    // fall through to the error below
  }
  throw invalidArgument('invalid page token: pass the nextPageToken of a previous response unchanged, with the same filter and order');
}

/** `pageSize` as Google takes it: default when absent, capped at the maximum, positive. */
export function parsePageSize(value: unknown, defaultSize: number, maxSize: number): number {
  if (value === undefined || value === '') return defaultSize;
  const size = Number(value);
  if (!Number.isInteger(size) || size < 0) throw invalidArgument(`pageSize must be a non-negative integer, got '${String(value)}'`);
  return size === 0 ? defaultSize : Math.min(size, maxSize);
}

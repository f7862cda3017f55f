import { invalidArgument } from '../errors/api-error.ts';

/** Where a page of operations ended: lists are ordered newest first, then by id. */
export interface OperationPagePosition {
  createTimeMs: number;
  id: string;
}

/** Opaque to clients; a position rather than an offset, so new operations do not shift pages. */
export function encodeOperationPageToken(position: OperationPagePosition): string {
  return Buffer.from(JSON.stringify([position.createTimeMs, position.id])).toString('base64url');
}

export function decodeOperationPageToken(token: string): OperationPagePosition {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    value = null;
  }
  if (!Array.isArray(value) || !Number.isSafeInteger(value[0]) || typeof value[1] !== 'string' || !/^\d{1,20}$/.test(value[1])) {
    throw invalidArgument('invalid page token; use the nextPageToken of a previous list response');
  }
  return { createTimeMs: value[0], id: value[1] };
}

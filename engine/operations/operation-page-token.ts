import { decodePageToken, encodePageToken } from '../page-token.ts';

/** Where a page of operations ended: lists are ordered newest first, then by id. */
export interface OperationPagePosition {
  createTimeMs: number;
  id: string;
}

/** Opaque to clients; a position rather than an offset, so new operations do not shift pages. */
export function encodeOperationPageToken(position: OperationPagePosition): string {
  return encodePageToken([position.createTimeMs, position.id]);
}

export function decodeOperationPageToken(token: string): OperationPagePosition {
  const isPosition = (value: unknown): value is [number, string] =>
    Array.isArray(value) && Number.isSafeInteger(value[0]) && typeof value[1] === 'string' && /^\d{1,20}$/.test(value[1]);
  // An empty token is no position at all, which is as invalid here as a forged one.
  const [createTimeMs, id] = decodePageToken(token || 'invalid', isPosition)!;
  return { createTimeMs, id };
}

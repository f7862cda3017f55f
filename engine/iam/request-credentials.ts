import type { IncomingHttpHeaders } from 'node:http';

/** The token of `Authorization: Bearer <token>`, or null. */
export function bearerToken(headers: IncomingHttpHeaders): string | null {
  const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(headers.authorization ?? '');
  return match ? match[1] : null;
}

/** An API key from `Authorization: Bearer <key>` or `X-API-Key: <key>`, or null. */
export function apiKeyOf(headers: IncomingHttpHeaders): string | null {
  const header = headers['x-api-key'];
  const value = Array.isArray(header) ? header[0] : header;
  return bearerToken(headers) ?? (value?.trim() || null);
}

import { createHmac } from 'node:crypto';

/**
 * The `X-Plexus-Signature` header of a webhook POST: `sha256=` and the hex HMAC-SHA256 of
 * the exact body bytes under the webhook's secret. Receivers recompute it over the raw
 * body and compare in constant time.
 */
export function signWebhookBody(secret: string, body: string | Buffer): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

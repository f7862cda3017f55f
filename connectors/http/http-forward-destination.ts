import type { HttpDestinationConfig } from '../../config/channel-config.ts';
import type { ForwardDestination, ForwardResult } from '../../engine/channels/forward-destination.ts';

/** Enough of a peer's answer for the journal to say what it was; never a whole echoed message. */
const MAX_RESPONSE_CHARS = 2000;

/**
 * A channel's `http:` destination: the message as the request body (POST or PUT), with the
 * configured headers and `X-Plexus-Delivery-Id`, the same on every attempt. A 2xx is sent;
 * 408, 429, 5xx, a timeout or a network error is tried again; any other answer (a 4xx,
 * or a redirect, which is not followed) refuses the message: dead-lettered at once.
 */
export class HttpForwardDestination implements ForwardDestination {
  constructor(readonly name: string, private readonly config: HttpDestinationConfig) {}

  async send(content: Buffer, deliveryId: string): Promise<ForwardResult> {
    let response: Response;
    try {
      response = await fetch(this.config.url, {
        method: this.config.method,
        headers: { 'content-type': 'application/hl7-v2', ...this.config.headers, 'x-plexus-delivery-id': deliveryId },
        body: new Uint8Array(content),
        redirect: 'manual',
        signal: AbortSignal.timeout(this.config.timeoutMs),
      });
    } catch (error) {
      return { ok: false, retry: true, reason: describeFetchError(error), response: null };
    }
    const text = (await response.text().catch(() => '')).slice(0, MAX_RESPONSE_CHARS);
    const answer = `HTTP ${response.status}${text ? ` ${text}` : ''}`;
    if (response.status >= 200 && response.status < 300) return { ok: true, response: answer };
    const retry = response.status === 408 || response.status === 429 || response.status >= 500;
    return { ok: false, retry, reason: `the peer answered HTTP ${response.status}`, response: answer };
  }

  async close(): Promise<void> {}
}

/** fetch says "fetch failed" and hides the cause (ECONNREFUSED, a timeout) one level down. */
function describeFetchError(error: unknown): string {
  if ((error as Error).name === 'TimeoutError') return 'no answer in time';
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (error as Error).message;
}

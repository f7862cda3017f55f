import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedWebhook {
  headers: IncomingHttpHeaders;
  body: string;
  /** The X-Plexus-Signature header checked as a receiver would: HMAC over the raw body, compared in constant time. */
  signatureValid: boolean;
}

export interface WebhookReceiver {
  url: string;
  received: ReceivedWebhook[];
  /** Resolves once `count` requests were answered 2xx. */
  accepted(count: number): Promise<ReceivedWebhook[]>;
  close(): Promise<void>;
}

/** A real HTTP server on a loopback port that verifies signatures and answers from `statuses` (then 204). */
export async function startWebhookReceiver(secret: string, statuses: number[] = []): Promise<WebhookReceiver> {
  const received: ReceivedWebhook[] = [];
  const acceptedOnes: ReceivedWebhook[] = [];
  const waiters: Array<{ count: number; resolve: (r: ReceivedWebhook[]) => void }> = [];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const raw = Buffer.concat(chunks);
      const expected = Buffer.from(`sha256=${createHmac('sha256', secret).update(raw).digest('hex')}`);
      const given = Buffer.from(String(request.headers['x-plexus-signature'] ?? ''));
      const webhook = { headers: request.headers, body: raw.toString(), signatureValid: given.length === expected.length && timingSafeEqual(given, expected) };
      received.push(webhook);
      const status = statuses.shift() ?? 204;
      if (status < 300) acceptedOnes.push(webhook);
      response.writeHead(status, status >= 300 && status < 400 ? { location: 'http://127.0.0.1:1/elsewhere' } : {}).end(status === 204 ? undefined : 'answer');
      for (const waiter of waiters.filter((w) => acceptedOnes.length >= w.count)) waiter.resolve(acceptedOnes);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    received,
    accepted: (count) => (acceptedOnes.length >= count ? Promise.resolve(acceptedOnes) : new Promise((resolve) => waiters.push({ count, resolve }))),
    close: () => new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

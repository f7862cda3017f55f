import type { WebhookConfig } from '../../config/server-config.ts';
import type { DeliveryResult, NotificationDelivery, NotificationTarget } from '../../engine/notifications/notification-target.ts';
import { signWebhookBody } from './sign-webhook-body.ts';

/**
 * Delivers notifications to the webhooks of plexus.yaml, by name: an HTTP POST of the JSON
 * body, signed (`X-Plexus-Signature`), with the notification id for deduplication
 * (`X-Plexus-Notification-Id`). A 2xx is delivered; network errors, timeouts, 429 and 5xx
 * are retried; any other answer (4xx, a redirect, which is not followed) is a refusal for
 * good. The receiver's answer body is never read: it is not ours to log.
 */
export class WebhookNotificationTarget implements NotificationTarget {
  constructor(private readonly webhooks: Record<string, WebhookConfig>, private readonly timeoutMs: number) {}

  async deliver(delivery: NotificationDelivery): Promise<DeliveryResult> {
    const webhook = Object.hasOwn(this.webhooks, delivery.address) ? this.webhooks[delivery.address] : undefined;
    if (!webhook) return { ok: false, retry: false, reason: `webhook '${delivery.address}' is not in plexus.yaml notifications.webhooks` };
    // Notifications are JSON text; bytes (a channel's) are taken as UTF-8.
    const body = typeof delivery.body === 'string' ? delivery.body : Buffer.from(delivery.body).toString('utf8');
    let response: Response;
    try {
      response = await fetch(webhook.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-plexus-signature': signWebhookBody(webhook.secret, body),
          'x-plexus-notification-id': delivery.notificationId,
        },
        body,
        redirect: 'manual',
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      return { ok: false, retry: true, reason: describeFetchError(error) };
    }
    await response.body?.cancel();
    return resultOf(response.status);
  }

  async close(): Promise<void> {}
}

function resultOf(status: number): DeliveryResult {
  if (status >= 200 && status < 300) return { ok: true };
  return { ok: false, retry: status === 429 || status >= 500, reason: `HTTP ${status}` };
}

/** fetch says "fetch failed" and hides the cause (ECONNREFUSED, a timeout) one level down. */
function describeFetchError(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  if ((error as Error).name === 'TimeoutError') return 'no answer in time';
  return cause?.code ?? cause?.message ?? (error as Error).message;
}

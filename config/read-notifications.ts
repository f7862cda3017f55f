import type { ConfigIssues } from './config-issues.ts';
import { EntryReader, type TextRule } from './entry-reader.ts';
import type { ServerConfigProperties } from './server-config-schema.ts';
import type { NotificationsConfig, WebhookConfig } from './server-config.ts';

/** A webhook's name, as stores' notificationConfigs write it (`webhook: billing-feed`); the API checks the same rule. */
const WEBHOOK_NAME = /^[A-Za-z][A-Za-z0-9_-]{0,62}$/;
const WEBHOOK_NAME_RULE = "a webhook name is 1 to 63 letters, digits, '_' and '-', starting with a letter";

const URL_RULE: TextRule = { pattern: /^https?:\/\/[^\s/]/i, message: 'must be an http:// or https:// URL' };
const SECRET_RULE: TextRule = { pattern: /^.{16,}$/s, message: 'must be at least 16 characters; generate one with: openssl rand -hex 32' };

/**
 * `notifications`: the NATS server that `pubsubTopic` notifications go to, the webhooks
 * stores name, and the delivery settings. Secrets live only here: store configuration,
 * which the API returns to readers, names a webhook and never holds its secret.
 */
export function readNotifications(p: ServerConfigProperties['notifications'], issues: ConfigIssues): NotificationsConfig {
  if (p.retry.maxDelayMs < p.retry.initialDelayMs && !issues.hasIssueAt(['notifications', 'retry'])) {
    issues.add(['notifications', 'retry', 'maxDelayMs'], `must be at least retry.initialDelayMs (${p.retry.initialDelayMs})`);
  }
  return {
    nats: p.nats.url === null ? null : { url: p.nats.url },
    webhooks: readWebhooks(p.webhooks, issues),
    retry: p.retry,
    pollIntervalMs: p.pollIntervalMs,
    deliveryTimeoutMs: p.deliveryTimeoutMs,
  };
}

function readWebhooks(value: Record<string, unknown>, issues: ConfigIssues): Record<string, WebhookConfig> {
  const webhooks: Record<string, WebhookConfig> = {};
  for (const [name, entry] of Object.entries(value)) {
    const path = ['notifications', 'webhooks', name];
    if (!WEBHOOK_NAME.test(name)) issues.add(path, WEBHOOK_NAME_RULE);
    const reader = EntryReader.open(entry, path, issues, ['url', 'secret']);
    const url = reader?.text('url', URL_RULE) ?? null;
    const secret = reader?.text('secret', SECRET_RULE) ?? null;
    if (url !== null && URL.canParse(url) === false) reader!.problem('url', URL_RULE.message);
    else if (url !== null && secret !== null && WEBHOOK_NAME.test(name)) webhooks[name] = { url, secret };
  }
  return webhooks;
}

import test from 'ava';
import { loadServerConfig } from '../../config/load-server-config.ts';
import { maskSecrets } from '../../config/mask-secrets.ts';
import { issueAt, issuesOf, REGION, writeConfig } from './config-fixture.ts';

const SECRET = 'x'.repeat(32);

test('by default: no NATS, no webhooks, and the delivery defaults', (t) => {
  const config = loadServerConfig(writeConfig(REGION), {});
  t.deepEqual(config.notifications, {
    nats: null,
    webhooks: {},
    retry: { initialDelayMs: 1000, maxDelayMs: 300000 },
    pollIntervalMs: 1000,
    deliveryTimeoutMs: 10000,
  });
});

test('NATS, webhooks and delivery settings are read; the NATS URL may come from the environment', (t) => {
  const text = `${REGION}notifications:
  nats: {url: "nats://127.0.0.1:4222"}
  webhooks:
    billing: {url: "https://hooks.example/plexus", secret: "${SECRET}"}
    ward-7_feed: {url: "http://127.0.0.1:9000/in", secret: "${SECRET}"}
  retry: {initialDelayMs: 50, maxDelayMs: 500}
  pollIntervalMs: 200
`;
  const config = loadServerConfig(writeConfig(text), {});
  t.deepEqual(config.notifications.nats, { url: 'nats://127.0.0.1:4222' });
  t.deepEqual(Object.keys(config.notifications.webhooks), ['billing', 'ward-7_feed']);
  t.deepEqual(config.notifications.webhooks.billing, { url: 'https://hooks.example/plexus', secret: SECRET });
  t.deepEqual(config.notifications.retry, { initialDelayMs: 50, maxDelayMs: 500 });
  t.is(config.notifications.pollIntervalMs, 200);
  const fromEnv = loadServerConfig(writeConfig(REGION), { PLEXUS_NOTIFICATIONS_NATS_URL: 'nats://nats.internal:4222' });
  t.deepEqual(fromEnv.notifications.nats, { url: 'nats://nats.internal:4222' });
});

test('each problem is reported at its key and line', (t) => {
  const issues = issuesOf(`${REGION}notifications:
  nats: {url: "http://127.0.0.1:4222"}
  webhooks:
    "bad name": {url: "https://a.example", secret: "${SECRET}"}
    short: {url: "https://a.example", secret: "abc"}
    nourl: {secret: "${SECRET}"}
    ftp: {url: "ftp://a.example", secret: "${SECRET}", extra: 1}
  retry: {initialDelayMs: 500, maxDelayMs: 100}
`);
  t.regex(issueAt(issues, 'notifications.nats.url')!.message, /nats:\/\/ or tls:\/\//);
  t.is(issueAt(issues, 'notifications.nats.url')!.line, 4);
  t.regex(issueAt(issues, 'notifications.webhooks.bad name')!.message, /webhook name/);
  t.regex(issueAt(issues, 'notifications.webhooks.short.secret')!.message, /at least 16 characters/);
  t.is(issueAt(issues, 'notifications.webhooks.short.secret')!.line, 7);
  t.is(issueAt(issues, 'notifications.webhooks.nourl.url')!.message, 'required');
  t.regex(issueAt(issues, 'notifications.webhooks.ftp.url')!.message, /http:\/\/ or https:\/\//);
  t.regex(issueAt(issues, 'notifications.webhooks.ftp.extra')!.message, /unknown key/);
  t.regex(issueAt(issues, 'notifications.retry.maxDelayMs')!.message, /at least retry.initialDelayMs/);
});

test('plexus config print masks webhook secrets and a password in the NATS URL', (t) => {
  const config = loadServerConfig(writeConfig(`${REGION}notifications:
  nats: {url: "nats://plexus:hunter2@nats.example:4222"}
  webhooks:
    billing: {url: "https://hooks.example/plexus", secret: "${SECRET}"}
`), {});
  const masked = maskSecrets(config);
  t.is(masked.notifications.webhooks.billing.secret, '********');
  t.is(masked.notifications.webhooks.billing.url, 'https://hooks.example/plexus');
  t.is(masked.notifications.nats!.url, 'nats://plexus:********@nats.example:4222');
  t.false(JSON.stringify(masked).includes(SECRET));
});

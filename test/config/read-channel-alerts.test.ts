import test from 'ava';
import { loadChannelConfig } from '../../config/load-channel-config.ts';
import { channelIssuesOf, CONTEXT, described, MINIMAL, writeChannel } from './channel-fixture.ts';

test('alerts: each condition with its defaults, and where they go', (t) => {
  const config = loadChannelConfig(writeChannel(`${MINIMAL}alerts:\n  notify: {nats: plexus.alerts}\n  errorRate: {threshold: 0.05}\n  queueDepth: {threshold: 500}\n  idle: {minutes: 30}\n`), CONTEXT);
  t.deepEqual(config.alerts, {
    notify: { nats: 'plexus.alerts' },
    errorRate: { threshold: 0.05, minutes: 5, minMessages: 10 },
    queueDepth: { threshold: 500 },
    idle: { minutes: 30 },
    checkIntervalSeconds: 60,
  });
  t.is(loadChannelConfig(writeChannel(MINIMAL), CONTEXT).alerts, null);
});

test('wrong alert settings are reported at their keys', (t) => {
  const issues = channelIssuesOf(`${MINIMAL}alerts:\n  notify: {webhook: ops, nats: x}\n  errorRate: {threshold: 5}\n  idle: {minutes: 0}\n  loud: true\n`);
  t.deepEqual(described(issues).map(([key, , message]) => [key, message]), [
    ['alerts.notify', 'needs one of webhook (a name in plexus.yaml notifications.webhooks) and nats (a subject)'],
    ['alerts.errorRate.threshold', 'must be a share of the messages received, above 0 and at most 1 (0.05 for 5%) (got 5)'],
    ['alerts.idle.minutes', 'must be a whole number of minutes from 1 to 10080 (got 0)'],
    ['alerts.loud', 'unknown key; known keys here: notify, errorRate, queueDepth, idle, checkIntervalSeconds'],
  ]);
});

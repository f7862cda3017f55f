import test from 'ava';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebhookNotificationTarget } from '../../../connectors/webhook/webhook-notification-target.ts';
import { startWebhookReceiver } from './webhook-receiver.ts';

const SECRET = 'a-secret-of-some-length';
const delivery = { address: 'hook', body: '{"name":"projects/p/locations/l/datasets/d/hl7V2Stores/s/messages/1","attributes":{"msgType":"ADT"}}', notificationId: 'abc123' };

test('POSTs the body signed with HMAC-SHA256, with the notification id; a 2xx is delivered', async (t) => {
  const receiver = await startWebhookReceiver(SECRET);
  const target = new WebhookNotificationTarget({ hook: { url: receiver.url, secret: SECRET } }, 2000);
  t.deepEqual(await target.deliver(delivery), { ok: true });
  const [received] = receiver.received;
  t.true(received.signatureValid);
  t.is(received.body, delivery.body);
  t.is(received.headers['content-type'], 'application/json');
  t.is(received.headers['x-plexus-notification-id'], 'abc123');
  await receiver.close();
});

test('a receiver with another secret sees a signature that does not verify', async (t) => {
  const receiver = await startWebhookReceiver('the-receivers-own-secret');
  const target = new WebhookNotificationTarget({ hook: { url: receiver.url, secret: SECRET } }, 2000);
  await target.deliver(delivery);
  t.false(receiver.received[0].signatureValid);
  await receiver.close();
});

test('5xx and 429 are retried; other 4xx and redirects are refused for good', async (t) => {
  const statuses = [500, 503, 429, 400, 404, 410, 302];
  const receiver = await startWebhookReceiver(SECRET, [...statuses]);
  const target = new WebhookNotificationTarget({ hook: { url: receiver.url, secret: SECRET } }, 2000);
  const results = [];
  for (const _ of statuses) results.push(await target.deliver(delivery));
  t.deepEqual(results.map((r) => (r.ok ? 'ok' : r.retry)), [true, true, true, false, false, false, false]);
  t.deepEqual(results.map((r) => (r.ok ? '' : r.reason)), statuses.map((s) => `HTTP ${s}`));
  t.is(receiver.received.length, statuses.length, 'the redirect is not followed');
  await receiver.close();
});

test('a refused connection and a receiver that does not answer in time are retried', async (t) => {
  const closed = await startWebhookReceiver(SECRET);
  await closed.close();
  const silent = createServer(() => {});
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  const target = new WebhookNotificationTarget({
    gone: { url: closed.url, secret: SECRET },
    silent: { url: `http://127.0.0.1:${(silent.address() as AddressInfo).port}/`, secret: SECRET },
  }, 200);
  t.deepEqual(await target.deliver({ ...delivery, address: 'gone' }), { ok: false, retry: true, reason: 'ECONNREFUSED' });
  t.deepEqual(await target.deliver({ ...delivery, address: 'silent' }), { ok: false, retry: true, reason: 'no answer in time' });
  silent.closeAllConnections();
  silent.close();
});

test('a webhook name the config does not define is refused for good', async (t) => {
  const target = new WebhookNotificationTarget({}, 2000);
  const result = await target.deliver({ ...delivery, address: 'toString' });
  t.like(result, { ok: false, retry: false });
  t.regex((result as { reason: string }).reason, /webhook 'toString' is not in plexus.yaml/);
});

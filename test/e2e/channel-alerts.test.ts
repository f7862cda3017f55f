import test from 'ava';
import { createHmac, randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { MllpSender } from '../../connectors/mllp/mllp-sender.ts';
import type { ChannelAlert } from '../../engine/channels/channel-alerts.ts';
import { createLogger } from '../../engine/logger.ts';
import { startTestEngine, type TestEngine } from '../helpers/test-engine.ts';

const SECRET = 'alerts-secret-0123456789abcdef';
const alerts: Array<{ alert: ChannelAlert; headers: IncomingHttpHeaders; raw: string }> = [];
const ops = createServer((request, response) => {
  let raw = '';
  request.on('data', (chunk) => (raw += chunk));
  request.on('end', () => {
    alerts.push({ alert: JSON.parse(raw), headers: request.headers, raw });
    response.end();
  });
});

let engine: TestEngine;
test.before(async () => {
  await new Promise<void>((resolve) => ops.listen(0, '127.0.0.1', resolve));
  const dir = mkdtempSync(join(tmpdir(), 'plexus-alerts-'));
  const file = join(dir, 'watched.yaml');
  writeFileSync(file, stringify({
    name: 'watched',
    region: 'local',
    project: 'alerts',
    alerts: {
      notify: { webhook: 'ops' },
      errorRate: { threshold: 0.5, minutes: 5, minMessages: 2 },
      // A peer that is down: its queue grows.
      queueDepth: { threshold: 2 },
      checkIntervalSeconds: 1,
    },
    source: { mllp: { port: 0 } },
    stages: [{ parse: 'hl7v2' }],
    destinations: [{ name: 'down', mllp: { host: '127.0.0.1', port: 1, ackTimeoutMs: 500, retry: { maxAttempts: 1000, initialDelayMs: 60000, maxDelayMs: 60000 } } }],
  }));
  engine = await startTestEngine({
    channels: [file],
    notifications: { webhooks: { ops: { url: `http://127.0.0.1:${(ops.address() as AddressInfo).port}/alerts`, secret: SECRET } } },
  });
});
test.after.always(async () => {
  await engine?.stop();
  ops.close();
});

async function send(messages: string[]): Promise<void> {
  const sender = new MllpSender({ host: '127.0.0.1', port: engine.channelPort('watched'), ackTimeoutMs: 10_000, logger: createLogger('silent') });
  for (const message of messages) await sender.send(Buffer.from(message, 'latin1'));
  await sender.close();
}

async function waitForAlert(name: string): Promise<(typeof alerts)[number] | undefined> {
  for (let i = 0; i < 200 && !alerts.some((a) => a.alert.alert === name); i++) await new Promise((r) => setTimeout(r, 25));
  return alerts.find((a) => a.alert.alert === name);
}

test('a high error rate and a deep forward queue are announced once each, signed, to the webhook', async (t) => {
  const good = () => `MSH|^~\\&|A|B|C|D|20260101||ADT^A01|${randomBytes(4).toString('hex')}|P|2.5\rPID|1`;
  await send(['garbage one', 'garbage two', good(), good()]);
  const errorRate = await waitForAlert('errorRate');
  t.like(errorRate?.alert, { channel: 'projects/alerts/locations/local/channels/watched', state: 'FIRING', value: 0.5, threshold: 0.5 });
  t.is(errorRate?.headers['x-plexus-signature'], `sha256=${createHmac('sha256', SECRET).update(errorRate!.raw).digest('hex')}`);
  const queue = await waitForAlert('queueDepth:down');
  t.like(queue?.alert, { state: 'FIRING', value: 2, threshold: 2 });
  await new Promise((r) => setTimeout(r, 1500));
  t.is(alerts.filter((a) => a.alert.alert === 'errorRate').length, 1, 'a condition that lasts is announced once');
});

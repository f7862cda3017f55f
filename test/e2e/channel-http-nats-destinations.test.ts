import test from 'ava';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { MllpSender } from '../../connectors/mllp/mllp-sender.ts';
import { createLogger } from '../../engine/logger.ts';
import { startTestEngine, type TestEngine } from '../helpers/test-engine.ts';
import { connectTestNats, NATS_URL, natsSerialTest } from '../helpers/test-nats.ts';

const dir = mkdtempSync(join(tmpdir(), 'plexus-destinations-'));
const subject = `plexus.test.${randomBytes(6).toString('hex')}`;
const stream = `PLEXUS_TEST_${randomBytes(6).toString('hex').toUpperCase()}`;
const retry = { maxAttempts: 3, initialDelayMs: 20, maxDelayMs: 50 };

interface Received {
  body: Buffer;
  headers: IncomingMessage['headers'];
}
const received: Received[] = [];
/** Control ids the peer answers 503 to, how many more times; those starting with BAD get a 400. */
const failures = new Map<string, number>();
const peer = createServer((request, response) => {
  const chunks: Buffer[] = [];
  request.on('data', (chunk: Buffer) => chunks.push(chunk));
  request.on('end', () => {
    const body = Buffer.concat(chunks);
    received.push({ body, headers: request.headers });
    const controlId = body.toString('latin1').split('\r')[0].split('|')[9];
    const left = failures.get(controlId) ?? 0;
    failures.set(controlId, left - 1);
    response.statusCode = controlId.startsWith('BAD') ? 400 : left > 0 ? 503 : 202;
    response.end('noted');
  });
});

let engine: TestEngine;
test.before(async () => {
  await new Promise<void>((resolve) => peer.listen(0, '127.0.0.1', resolve));
  const port = (peer.address() as AddressInfo).port;
  const file = join(dir, 'fan-out.yaml');
  writeFileSync(file, stringify({
    name: 'fan-out',
    region: 'local',
    project: 'dest',
    source: { mllp: { port: 0 } },
    stages: [{ parse: 'hl7v2' }],
    destinations: [
      { name: 'api', http: { url: `http://127.0.0.1:${port}/inbound`, headers: { Authorization: 'Bearer token-1' }, retry } },
      { name: 'bus', nats: { url: NATS_URL, subject, jetstream: true, retry: { maxAttempts: 50, initialDelayMs: 20, maxDelayMs: 100 } } },
    ],
  }));
  engine = await startTestEngine({ channels: [file] });
});
test.after.always(async () => {
  await engine?.stop();
  peer.close();
});

const message = (controlId: string) => Buffer.from(`MSH|^~\\&|A|B|C|D|20260101||ADT^A01|${controlId}|P|2.5\rPID|1||1^^^H^MR||M\xdcLLER`, 'latin1');

async function send(controlId: string): Promise<void> {
  const sender = new MllpSender({ host: '127.0.0.1', port: engine.channelPort('fan-out'), ackTimeoutMs: 10_000, logger: createLogger('silent') });
  await sender.send(message(controlId));
  await sender.close();
}

async function delivery(controlId: string, destination: string, status: string) {
  const db = engine.regions.get('local').db;
  for (let i = 0; i < 250; i++) {
    const row = await db('channel_deliveries').join('channel_messages', 'channel_messages.id', 'channel_deliveries.message_pk')
      .where({ control_id: controlId, destination }).select('channel_deliveries.*').first();
    if (row?.status === status) return row;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`${controlId} never reached ${status} at ${destination}`);
}

test.serial('the HTTP destination posts the message bytes with the configured headers and a stable delivery id', async (t) => {
  const id = `OK${randomBytes(4).toString('hex')}`;
  await send(id);
  const row = await delivery(id, 'api', 'SENT');
  t.is(row.response, 'HTTP 202 noted');
  const got = received.find((r) => r.body.equals(message(id)));
  t.truthy(got, 'the body is the message, byte for byte (latin1 included)');
  t.is(got!.headers.authorization, 'Bearer token-1');
  t.is(got!.headers['content-type'], 'application/hl7-v2');
  t.regex(String(got!.headers['x-plexus-delivery-id']), /^local\/fan-out\/\d+\/api$/);
});

test.serial('a 503 is retried with the same delivery id; a 400 is dead-lettered at once', async (t) => {
  const flaky = `FLAKY${randomBytes(4).toString('hex')}`;
  failures.set(flaky, 2);
  await send(flaky);
  t.is((await delivery(flaky, 'api', 'SENT')).attempts, 3);
  const ids = new Set(received.filter((r) => r.body.equals(message(flaky))).map((r) => r.headers['x-plexus-delivery-id']));
  t.is(ids.size, 1);
  const bad = `BAD${randomBytes(4).toString('hex')}`;
  await send(bad);
  const dead = await delivery(bad, 'api', 'ERROR');
  t.is(dead.attempts, 1);
  t.is(dead.error, 'the peer answered HTTP 400');
});

natsSerialTest('the NATS destination with jetstream waits for a stream, then publishes the bytes through it', async (t) => {
  const nats = await connectTestNats();
  try {
    const id = `JS${randomBytes(4).toString('hex')}`;
    await send(id);
    // No stream covers the subject yet: with jetstream: true that is not "sent", and the
    // queue (every message so far, in order) waits at its head.
    const head = () => engine.regions.get('local').db('channel_deliveries').where({ channel: 'fan-out', destination: 'bus' }).orderBy('message_pk').first();
    for (let i = 0; i < 250 && !(await head())?.error; i++) await new Promise((r) => setTimeout(r, 20));
    const waiting = await head();
    t.is(waiting.status, 'QUEUED');
    t.regex(waiting.error, /no JetStream stream covers the subject/);
    t.is((await delivery(id, 'bus', 'QUEUED')).attempts, 0, 'the messages behind the head wait their turn');
    const manager = await nats.jetstreamManager();
    await manager.streams.add({ name: stream, subjects: [subject] });
    try {
      t.is((await delivery(id, 'bus', 'SENT')).response, `published to ${subject}`);
      const stored = await manager.streams.getMessage(stream, { last_by_subj: subject });
      t.true(Buffer.from(stored.data).equals(message(id)));
      t.regex(stored.header?.get('Nats-Msg-Id') ?? '', /^local\/fan-out\/\d+\/bus$/);
    } finally {
      await manager.streams.delete(stream);
    }
  } finally {
    await nats.close();
  }
});

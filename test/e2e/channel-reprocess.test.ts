import test from 'ava';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { MllpListener } from '../../connectors/mllp/mllp-listener.ts';
import { createLogger } from '../../engine/logger.ts';
import { buildAck } from '../../transforms/hl7v2/build-ack.ts';
import { parseHl7v2Message } from '../../transforms/hl7v2/parse-hl7v2-message.ts';
import { startTestEngine, type TestEngine } from '../helpers/test-engine.ts';

const PROJECT = 'rp';
const DATASET = `projects/${PROJECT}/locations/local/datasets/feeds`;
const CHANNELS = `/v1/projects/${PROJECT}/locations/local/channels`;
const dir = mkdtempSync(join(tmpdir(), 'plexus-channel-reprocess-'));
const logger = createLogger('silent');

/** A peer that answers AE to `REFUSE...` and AR to `SLOW...` while told to, AA otherwise, recording what it got. */
async function startPeer() {
  const state = { refusing: true, slow: true, received: [] as string[] };
  const listener = new MllpListener({
    host: '127.0.0.1', port: 0, maxConnections: 10, idleTimeoutMs: 30_000, maxFrameBytes: 1 << 20, logger,
    async handleMessage(frame) {
      const message = parseHl7v2Message(frame);
      const id = message.controlId!;
      state.received.push(id);
      const refuse = (id.startsWith('REFUSE') && state.refusing) || (id.startsWith('SLOW') && state.slow);
      return buildAck(message, refuse ? [{ kind: id.startsWith('SLOW') ? 'system' : 'content', code: 207, text: 'peer says no' }] : []).toBuffer();
    },
    answerOversized: () => Buffer.from('MSH|^~\\&'),
  });
  const { port } = await listener.start();
  return { port, state, stop: () => listener.stop() };
}

function channelFile(name: string, body: Record<string, unknown>): string {
  const file = join(dir, `${name}.yaml`);
  writeFileSync(file, stringify({ name, region: 'local', source: { http: {} }, ...body }));
  return file;
}

let peer: Awaited<ReturnType<typeof startPeer>>;
let engine: TestEngine;
test.before(async () => {
  peer = await startPeer();
  const stores = ['single', 'bulk'].map((id) => ({ type: 'hl7v2', id, config: {} }));
  engine = await startTestEngine({
    bootstrap: { datasets: [{ project: PROJECT, location: 'local', id: 'feeds', stores }] },
    channels: [
      // No parse stage: the store's own parser decides, and it refuses a message without MSH until allowNullHeader is set.
      channelFile('single', { destinations: [{ store: `${DATASET}/hl7V2Stores/single` }] }),
      channelFile('bulk', { destinations: [{ store: `${DATASET}/hl7V2Stores/bulk` }] }),
      channelFile('forward', {
        project: PROJECT,
        stages: [{ parse: 'hl7v2' }],
        destinations: [{ mllp: { host: '127.0.0.1', port: peer.port, ackTimeoutMs: 5000, retry: { maxAttempts: 1000, initialDelayMs: 10, maxDelayMs: 30 } }, name: 'lab' }],
      }),
    ],
  });
});
test.after.always(async () => {
  await engine?.stop();
  await peer?.stop();
});

const headerless = (tag: string) => Buffer.from(`PID|1||${tag}^^^HOSP^MR||DOE^JOHN`, 'latin1');
const hl7 = (controlId: string) => Buffer.from(`MSH|^~\\&|LAB|HOSP|PLEXUS|HOSP|20260101120000||ADT^A01|${controlId}|P|2.5\rPID|1||42^^^HOSP^MR||DOE^JOHN`, 'latin1');

async function send(channel: string, body: Buffer<ArrayBuffer>): Promise<{ status: number; message: string }> {
  const res = await engine.api(`${CHANNELS}/${channel}:send`, { method: 'POST', body, headers: { 'content-type': 'application/hl7-v2' } });
  const json = await res.json();
  return { status: res.status, message: res.ok ? json.message : json.error.details[0].message };
}

/** A message of the API, bulk counts, or an error: what the tests read of them. */
interface AnswerJson {
  name: string;
  status: string;
  reprocessOf?: string;
  destinations: Array<{ destination: string; status: string; attempts: number; error?: string }>;
  error: { message: string };
  [field: string]: unknown;
}

async function post(path: string, body?: unknown): Promise<{ status: number; body: AnswerJson }> {
  const res = await engine.api(path, { method: 'POST', ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  return { status: res.status, body: await res.json() };
}

async function list(channel: string, filter: string): Promise<AnswerJson[]> {
  const res = await engine.api(`${CHANNELS}/${channel}/messages?${new URLSearchParams({ filter })}`);
  return (await res.json()).messages;
}

async function storeMessageCount(store: string): Promise<number> {
  const res = await engine.api(`/v1/${DATASET}/hl7V2Stores/${store}/messages`);
  return ((await res.json()).hl7V2Messages ?? []).length;
}

/** Let the store take messages without MSH; channel destinations see store changes within a second. */
async function allowNullHeader(store: string): Promise<void> {
  const res = await engine.api(`/v1/${DATASET}/hl7V2Stores/${store}?updateMask=parserConfig.allowNullHeader`, {
    method: 'PATCH',
    body: JSON.stringify({ parserConfig: { allowNullHeader: true } }),
  });
  if (res.status !== 200) throw new Error(`PATCH answered ${res.status}`);
  await new Promise((resolve) => setTimeout(resolve, 1100));
}

test('an ERROR message is reprocessed once its cause is fixed, as a new message naming the original; landing never duplicates', async (t) => {
  const original = await send('single', headerless('A1'));
  t.is(original.status, 400);
  const again = await post(`/v1/${original.message}:reprocess`);
  t.is(again.status, 200);
  t.like(again.body, { status: 'ERROR', reprocessOf: original.message });
  t.not(again.body.name, original.message);
  await allowNullHeader('single');
  const fixed = await post(`/v1/${original.message}:reprocess`);
  t.is(fixed.status, 200);
  t.like(fixed.body, { status: 'TRANSFORMED', reprocessOf: original.message, rawSize: headerless('A1').length });
  t.deepEqual(fixed.body.destinations, [{ destination: 'store', status: 'SENT', attempts: 1 }]);
  t.is(await storeMessageCount('single'), 1);
  const replay = await post(`/v1/${fixed.body.name}:reprocess`);
  t.is(replay.body.status, 'TRANSFORMED');
  t.is(await storeMessageCount('single'), 1, 'the store keeps one copy of identical bytes');
  const originalNow = await (await engine.api(`/v1/${original.message}`)).json();
  t.is(originalNow.status, 'ERROR', 'the original stays as it was');
  const audit = await engine.api(`/v1/projects/${PROJECT}/locations/local/auditLogs?${new URLSearchParams({ filter: 'method = "reprocess" AND principal = "user:admin@test.example"' })}`);
  t.true(((await audit.json()).auditLogs ?? []).length >= 1, 'the new messages are audited as the caller\'s reprocessing');
  t.is((await post(`${CHANNELS}/single/messages/${'0'.repeat(32)}:reprocess`)).status, 404);
});

test('bulk reprocess runs every message the filter matches, in arrival order, and answers with counts', async (t) => {
  const since = new Date().toISOString();
  const originals = [];
  for (const tag of ['B1', 'B2', 'B3']) originals.push((await send('bulk', headerless(tag))).message);
  t.is((await send('bulk', hl7(`OK-${randomBytes(3).toString('hex')}`))).status, 200);
  await allowNullHeader('bulk');
  const filter = `status = "ERROR" AND receiveTime >= "${since}"`;
  const result = await post(`${CHANNELS}/bulk/messages:reprocess`, { filter });
  t.is(result.status, 200);
  t.deepEqual(result.body, { matched: 3, reprocessed: 3, failed: 0 });
  t.is(await storeMessageCount('bulk'), 4);
  const reprocessed = await list('bulk', `receiveTime >= "${since}" AND status = TRANSFORMED AND NOT content:"MSH|"`);
  t.deepEqual(reprocessed.map((m) => m.reprocessOf).reverse(), originals);
  const empty = await post(`${CHANNELS}/bulk/messages:reprocess`, { filter: `status = ERROR AND receiveTime > "2999-01-01T00:00:00Z"` });
  t.deepEqual(empty.body, { matched: 0, reprocessed: 0, failed: 0 });
  t.regex((await post(`${CHANNELS}/bulk/messages:reprocess`, {})).body.error.message, /filter is required/);
  t.regex((await post(`${CHANNELS}/bulk/messages:reprocess`, { filter: 'status = ERROR', dryRun: true })).body.error.message, /\{"filter": "\.\.\."\}/);
  const bad = await post(`${CHANNELS}/bulk/messages:reprocess`, { filter: 'status = ERROR AND' });
  t.is(bad.status, 400);
  t.regex(bad.body.error.message, /^invalid filter at position 19/);
});

async function waitForDelivery(controlId: string, status: string): Promise<AnswerJson | undefined> {
  for (let i = 0; i < 250; i++) {
    const [found] = await list('forward', `controlId = "${controlId}" AND destinationStatus = ${status}`);
    if (found) return found;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return undefined;
}

test('a dead-lettered forward delivery is retried alone with fresh attempts', async (t) => {
  const slow = `SLOW-${randomBytes(3).toString('hex')}`;
  const refused = `REFUSE-${randomBytes(3).toString('hex')}`;
  t.is((await send('forward', hl7(slow))).status, 200);
  t.is((await send('forward', hl7(refused))).status, 200);
  t.truthy(await waitForDelivery(slow, 'QUEUED'), 'a delivery being retried is QUEUED');
  peer.state.slow = false;
  const dead = await waitForDelivery(refused, 'ERROR');
  t.like(dead?.destinations[0], { destination: 'lab', status: 'ERROR', attempts: 1 });
  t.regex(dead?.destinations[0].error ?? '', /AE/);
  const path = `/v1/${dead!.name}:retryDelivery`;
  t.regex((await post(path)).body.error.message, /destination is required/);
  t.regex((await post(`${path}?destination=nope`)).body.error.message, /no forward destination 'nope'/);
  peer.state.refusing = false;
  const retried = await post(`${path}?destination=lab`);
  t.is(retried.status, 200);
  t.true(['QUEUED', 'SENT'].includes(retried.body.destinations[0].status));
  const sent = await waitForDelivery(refused, 'SENT');
  t.like(sent?.destinations[0], { status: 'SENT', attempts: 1 });
  t.deepEqual(peer.state.received.filter((id) => id === refused), [refused, refused]);
  const twice = await post(`${path}?destination=lab`);
  t.is(twice.status, 400);
  t.regex(twice.body.error.message, /not dead-lettered \(status SENT\)/);
});

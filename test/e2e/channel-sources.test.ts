import test from 'ava';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { MllpSender } from '../../connectors/mllp/mllp-sender.ts';
import { createLogger } from '../../engine/logger.ts';
import { parseHl7v2Message } from '../../transforms/hl7v2/parse-hl7v2-message.ts';
import { startTestEngine, type TestEngine } from '../helpers/test-engine.ts';

const DATASET = 'projects/src/locations/local/datasets/feeds';
const CHANNELS = '/v1/projects/src/locations/local/channels';
const dir = mkdtempSync(join(tmpdir(), 'plexus-channel-sources-'));
const inbox = join(dir, 'inbox');
mkdirSync(inbox);

function channelFile(name: string, body: Record<string, unknown>): string {
  const file = join(dir, `${name}.yaml`);
  writeFileSync(file, stringify({ name, region: 'local', ...body }));
  return file;
}

let engine: TestEngine;
test.before(async () => {
  engine = await startTestEngine({
    bootstrap: { datasets: [{ project: 'src', location: 'local', id: 'feeds', stores: [{ type: 'hl7v2', id: 'inbound', config: {} }] }] },
    channels: [
      channelFile('http-in', { source: { http: {} }, stages: [{ parse: 'hl7v2' }], destinations: [{ store: `${DATASET}/hl7V2Stores/inbound` }] }),
      channelFile('drop', { source: { directory: { path: inbox, pollIntervalMs: 50, minAgeMs: 0 } }, stages: [{ parse: 'hl7v2' }], destinations: [{ store: `${DATASET}/hl7V2Stores/inbound` }] }),
      channelFile('pausable', { source: { mllp: { port: 0 } }, stages: [{ parse: 'hl7v2' }], destinations: [{ store: `${DATASET}/hl7V2Stores/inbound` }] }),
    ],
  });
});
test.after.always(async () => {
  await engine?.stop();
});

const message = (controlId = `M${randomBytes(6).toString('hex')}`) =>
  Buffer.from(`MSH|^~\\&|LAB|HOSP|PLEXUS|HOSP|20260101120000||ADT^A01|${controlId}|P|2.5\rPID|1||42^^^HOSP^MR||DOE^JOHN`, 'latin1');

test(':send takes the body as a message and answers with its journal name, status and the HL7 ACK', async (t) => {
  const sent = message();
  const res = await engine.api(`${CHANNELS}/http-in:send`, { method: 'POST', body: sent, headers: { 'content-type': 'application/hl7-v2' } });
  t.is(res.status, 200);
  const body = await res.json();
  t.regex(body.message, /^projects\/src\/locations\/local\/channels\/http-in\/messages\/[0-9a-f]{32}$/);
  t.is(body.status, 'TRANSFORMED');
  const ack = parseHl7v2Message(Buffer.from(body.hl7Ack, 'base64'));
  t.is(ack.get('MSA-1'), 'AA');
  t.is(ack.get('MSA-2'), parseHl7v2Message(sent).controlId);
});

test(':send of unparseable content is a 400 naming the stage, with the NAK in the details', async (t) => {
  const res = await engine.api(`${CHANNELS}/http-in:send`, { method: 'POST', body: 'nonsense', headers: { 'content-type': 'text/plain' } });
  t.is(res.status, 400);
  const { error } = await res.json();
  t.is(error.status, 'INVALID_ARGUMENT');
  t.regex(error.message, /^stages\[0\]\.parse: the message cannot be parsed/);
  t.is(error.details[0].status, 'ERROR');
  t.is(parseHl7v2Message(Buffer.from(error.details[0].hl7Ack, 'base64')).get('MSA-1'), 'AR');
});

test(':send needs plexus.channels.send, and only works on a channel whose source is http', async (t) => {
  t.is((await engine.api(`${CHANNELS}/http-in:send`, { method: 'POST', body: message(), key: engine.strangerKey })).status, 403);
  const wrong = await engine.api(`${CHANNELS}/pausable:send`, { method: 'POST', body: message() });
  t.is(wrong.status, 400);
  t.regex((await wrong.json()).error.message, /takes messages by mllp/);
  t.is((await engine.api(`${CHANNELS}/nope:send`, { method: 'POST', body: message() })).status, 404);
});

test('a dropped file is committed, then moved to done/; unparseable files go to error/', async (t) => {
  const good = message();
  writeFileSync(join(inbox, 'a-good.hl7'), good);
  writeFileSync(join(inbox, 'b-bad.hl7'), 'not HL7 at all');
  const past = new Date(Date.now() - 10_000);
  utimesSync(join(inbox, 'a-good.hl7'), past, past);
  for (let i = 0; i < 200 && !(existsSync(join(inbox, 'done', 'a-good.hl7')) && existsSync(join(inbox, 'error', 'b-bad.hl7'))); i++) {
    await new Promise((r) => setTimeout(r, 25));
  }
  t.true(existsSync(join(inbox, 'done', 'a-good.hl7')));
  t.true(existsSync(join(inbox, 'error', 'b-bad.hl7')));
  t.deepEqual(readdirSync(inbox).sort(), ['done', 'error']);
  const row = await engine.regions.get('local').db('channel_messages').where({ channel: 'drop', control_id: parseHl7v2Message(good).controlId }).first();
  t.is(row.status, 'TRANSFORMED');
  t.is(row.peer, join(inbox, 'a-good.hl7'));
});

test('pause closes the source and is kept in the database; resume reopens it; statistics count the journal', async (t) => {
  const paused = await engine.api(`${CHANNELS}/pausable:pause`, { method: 'POST' });
  t.is(paused.status, 200);
  t.is((await paused.json()).state, 'PAUSED');
  t.is((await engine.regions.get('local').db('channel_states').where({ channel: 'pausable' }).first()).state, 'PAUSED');
  const refused = new MllpSender({ host: '127.0.0.1', port: engine.channelPort('pausable'), ackTimeoutMs: 1000, connectTimeoutMs: 500, logger: createLogger('silent') });
  t.is((await refused.send(message())).outcome, 'connection-error');
  await refused.close();
  const resumed = await (await engine.api(`${CHANNELS}/pausable:resume`, { method: 'POST' })).json();
  t.is(resumed.state, 'RUNNING');
  const sender = new MllpSender({ host: '127.0.0.1', port: engine.channelPort('pausable'), ackTimeoutMs: 5000, logger: createLogger('silent') });
  t.is((await sender.send(message())).outcome, 'AA');
  await sender.close();
  const channel = await (await engine.api(`${CHANNELS}/pausable`)).json();
  t.is(channel.name, 'projects/src/locations/local/channels/pausable');
  t.deepEqual(channel.source.type, 'mllp');
  t.is(channel.statistics.transformed, 1);
  t.deepEqual(channel.statistics.destinations, { store: { sent: 1, queued: 0, errored: 0 } });
  t.deepEqual(channel.destinations, [{ name: 'store', type: 'store', target: `${DATASET}/hl7V2Stores/inbound` }]);
  const full = await (await engine.api(`${CHANNELS}/pausable?view=FULL`)).json();
  t.is(full.minuteCounters.length, 1);
  t.like(full.minuteCounters[0], { received: 1, transformed: 1, filtered: 0, errored: 0 });
  t.regex(full.minuteCounters[0].minute, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/);
  t.is((await engine.api(`${CHANNELS}/pausable?view=ALL`)).status, 400);
});

test('the channel list shows the project and location channels, and needs plexus.channels.list', async (t) => {
  const { channels } = await (await engine.api(CHANNELS)).json();
  t.deepEqual(channels.map((c: { name: string }) => c.name.split('/').at(-1)), ['drop', 'http-in', 'pausable']);
  t.is((await engine.api(CHANNELS, { key: engine.strangerKey })).status, 403);
});

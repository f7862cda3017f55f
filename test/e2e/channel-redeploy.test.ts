import test from 'ava';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { MllpSender } from '../../connectors/mllp/mllp-sender.ts';
import { createLogger } from '../../engine/logger.ts';
import { parseHl7v2Message } from '../../transforms/hl7v2/parse-hl7v2-message.ts';
import { startTestEngine, type TestEngine } from '../helpers/test-engine.ts';

const file = join(mkdtempSync(join(tmpdir(), 'plexus-redeploy-')), 'feed.yaml');
const STORE = 'projects/redo/locations/local/datasets/d/hl7V2Stores/s';
const CHANNEL = '/v1/projects/redo/locations/local/channels/feed';
const writeChannel = (types: string[], name = 'feed') =>
  writeFileSync(file, stringify({ name, region: 'local', source: { mllp: { port: 0 } }, stages: [{ parse: 'hl7v2' }, { filter: { messageType: types } }], destinations: [{ store: STORE }] }));

let engine: TestEngine;
test.before(async () => {
  writeChannel(['ADT^A01']);
  engine = await startTestEngine({
    bootstrap: { datasets: [{ project: 'redo', location: 'local', id: 'd', stores: [{ type: 'hl7v2', id: 's', config: {} }] }] },
    channels: [file],
  });
});
test.after.always(async () => {
  await engine?.stop();
});

async function statusOf(type: string): Promise<string> {
  const controlId = `R${randomBytes(5).toString('hex')}`;
  const sender = new MllpSender({ host: '127.0.0.1', port: engine.channelPort('feed'), ackTimeoutMs: 10_000, logger: createLogger('silent') });
  const result = await sender.send(Buffer.from(`MSH|^~\\&|A|B|C|D|20260101||${type}|${controlId}|P|2.5\rPID|1`, 'latin1'));
  await sender.close();
  if (parseHl7v2Message(result.ack!).get('MSA-1') !== 'AA') throw new Error('not AA');
  return (await engine.regions.get('local').db('channel_messages').where({ control_id: controlId }).first()).status;
}

test.serial(':redeploy reads the channel file again and runs the new stages; the journal carries on', async (t) => {
  t.is(await statusOf('ADT^A08'), 'FILTERED');
  writeChannel(['ADT^A01', 'ADT^A08']);
  const res = await engine.api(`${CHANNEL}:redeploy`, { method: 'POST' });
  t.is(res.status, 200);
  t.is((await res.json()).statistics.filtered, 1);
  t.is(await statusOf('ADT^A08'), 'TRANSFORMED');
});

test.serial('a file that no longer loads, or renames the channel, is refused and the running channel stays', async (t) => {
  writeFileSync(file, 'name: feed\nregion: local\nsource: nonsense\n');
  const broken = await engine.api(`${CHANNEL}:redeploy`, { method: 'POST' });
  t.is(broken.status, 400);
  t.regex((await broken.json()).error.message, /^the channel file does not load, so the running channel stays: /);
  writeChannel(['ADT'], 'other');
  const renamed = await engine.api(`${CHANNEL}:redeploy`, { method: 'POST' });
  t.is(renamed.status, 400);
  t.regex((await renamed.json()).error.message, /keeps the name and region/);
  t.is(await statusOf('ADT^A08'), 'TRANSFORMED');
  t.is((await engine.api(`${CHANNEL}:redeploy`, { method: 'POST', key: engine.strangerKey })).status, 403);
});

test.serial('a message handed to a runtime that has stopped is answered as a system failure, not left waiting', async (t) => {
  const channel = [...engine.channels.values()][0];
  await channel.runtime.stop();
  const envelope = await channel.runtime.receive({
    raw: Buffer.from('MSH|^~\\&|A|B|C|D|20260101||ADT^A01|LATE|P|2.5', 'latin1'),
    contentType: 'application/hl7-v2',
    origin: { connectionId: 'late', peer: '127.0.0.1', principal: 'mllp:127.0.0.1', method: 'MLLP receive' },
  });
  t.is(envelope.status, 'ERROR');
  t.is(envelope.error?.kind, 'system');
});

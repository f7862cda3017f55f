import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import test from 'ava';
import { stringify } from 'yaml';
import { readFixture } from '../helpers/dicom-fixtures.ts';
import { freePort } from '../../bench/harness/command-process.ts';
import { startTestEngine, type TestEngine } from '../helpers/test-engine.ts';

/** dcmtk's storescp is the peer: a heavy test, run once in CI's PostgreSQL pass (PLEXUS_HEAVY_TESTS). */
const heavy = process.env.PLEXUS_HEAVY_TESTS ? test.serial : test.serial.skip;
const CHANNELS = '/v1/projects/dimsefwd/locations/local/channels';

let engine: TestEngine;
let storescp: ChildProcess;
const received = mkdtempSync(join(tmpdir(), 'plexus-forward-'));

test.before(async () => {
  if (!process.env.PLEXUS_HEAVY_TESTS) return;
  const port = await freePort();
  storescp = spawn('storescp', ['--aetitle', 'RECEIVER', '--output-directory', received, String(port)], { env: { ...process.env, TCP_NODELAY: '1' }, stdio: 'ignore' });
  const file = join(mkdtempSync(join(tmpdir(), 'plexus-channel-')), 'to-pacs.yaml');
  writeFileSync(file, stringify({
    name: 'to-pacs',
    region: 'local',
    project: 'dimsefwd',
    source: { http: { contentType: 'application/dicom' } },
    destinations: [{ name: 'pacs', dimse: { aet: 'RECEIVER', host: '127.0.0.1', port, retry: { maxAttempts: 3, initialDelayMs: 20, maxDelayMs: 50 } } }],
  }));
  engine = await startTestEngine({ channels: [file] });
});
test.after.always(async () => {
  storescp?.kill();
  await engine?.stop();
});

async function delivery(message: string) {
  const db = engine.regions.get('local').db;
  for (let i = 0; i < 250; i++) {
    const row = await db('channel_deliveries').join('channel_messages', 'channel_messages.id', 'channel_deliveries.message_pk')
      .where({ 'channel_messages.message_id': message, destination: 'pacs' }).select('channel_deliveries.*').first();
    if (row && row.status !== 'QUEUED') return row;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`${message} was never delivered`);
}

async function send(body: Buffer): Promise<string> {
  const res = await engine.api(`${CHANNELS}/to-pacs:send`, { method: 'POST', headers: { 'content-type': 'application/dicom' }, body: new Uint8Array(body) });
  const answer = await res.json();
  return String(answer.message).split('/').pop()!;
}

heavy('a channel forwards a DICOM instance to an SCP by C-STORE', async (t) => {
  const ct = readFixture('CT_small.dcm');
  const row = await delivery(await send(ct));
  t.is(row.status, 'SENT', String(row.error));
  t.regex(row.response, /^C-STORE status 0x0000/);
  const files = readdirSync(received);
  t.is(files.length, 1);
  t.true(readFileSync(join(received, files[0])).includes(ct.subarray(1000, 4000)), 'the data set arrives as sent');
});

heavy('what is no DICOM file is dead-lettered at once with the reason', async (t) => {
  const row = await delivery(await send(Buffer.from('MSH|^~\\&|not dicom')));
  t.is(row.status, 'ERROR');
  t.is(row.attempts, 1);
  t.regex(row.error, /not a DICOM Part-10 file/);
});

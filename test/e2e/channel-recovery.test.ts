import test from 'ava';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { loadServerConfig } from '../../config/load-server-config.ts';
import { createLogger } from '../../engine/logger.ts';
import { allMigrations, startEngine } from '../../engine/main.ts';
import { closeRegion, openRegion } from '../../engine/regions/open-region.ts';
import { testRegionConfig } from '../helpers/test-region.ts';

const STORE = 'projects/rec/locations/local/datasets/d/hl7V2Stores/s';

test('a message journaled on receipt whose commit a crash prevented is finished when the engine starts again', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'plexus-recovery-'));
  const channel = join(dir, 'receipt.yaml');
  writeFileSync(channel, stringify({ name: 'receipt', region: 'local', source: { mllp: { port: 0, ack: 'on-receipt' } }, stages: [{ parse: 'hl7v2' }], destinations: [{ store: STORE }] }));
  const file = join(dir, 'plexus.yaml');
  writeFileSync(file, stringify({
    http: { port: 0 },
    regions: { local: testRegionConfig() },
    bootstrap: { datasets: [{ project: 'rec', location: 'local', id: 'd', stores: [{ type: 'hl7v2', id: 's', config: {} }] }] },
    channels: [channel],
    log: { level: 'silent' },
  }));
  const logger = createLogger('silent');
  const first = await startEngine(loadServerConfig(file, {}), { logger });
  await first.stop();

  // What a crash right after the on-receipt ACK leaves: the journal row alone, RECEIVED, with its raw bytes.
  const controlId = `R${randomBytes(6).toString('hex')}`;
  const raw = Buffer.from(`MSH|^~\\&|A|B|C|D|20260101||ADT^A01|${controlId}|P|2.5\rPID|1||9^^^H^MR`, 'latin1');
  const config = loadServerConfig(file, {});
  const region = await openRegion('local', config.regions.local, allMigrations());
  const now = new Date().toISOString();
  await region.db('channel_messages').insert({
    channel: 'receipt', message_id: randomBytes(16).toString('hex'), received_time: now, updated_time: now, connection_id: 'c1', peer: '127.0.0.1',
    status: 'RECEIVED', content_type: 'application/hl7-v2', message_type: '', control_id: '', raw, raw_size: raw.length,
  });
  await closeRegion(region);

  const second = await startEngine(loadServerConfig(file, {}), { logger });
  try {
    const row = await second.regions.get('local').db('channel_messages').where({ channel: 'receipt' }).first();
    t.is(row.status, 'TRANSFORMED');
    t.is(row.control_id, controlId);
    const page = await (await fetch(`${second.url}/v1/${STORE}/messages?view=RAW_ONLY`)).json();
    t.deepEqual(page.hl7V2Messages.map((m: { data: string }) => Buffer.from(m.data, 'base64')), [raw]);
  } finally {
    await second.stop();
  }
});

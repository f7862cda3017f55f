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

const DATASET = 'projects/edits/locations/local/datasets/lab';
const dir = mkdtempSync(join(tmpdir(), 'plexus-edit-stages-'));

/** A lab feed that names the receiver, maps local codes to LOINC, drops next of kin and lets a script fix names and refuse tests. */
function writeChannel(): string {
  writeFileSync(join(dir, 'loinc.csv'), 'from,to\nGLU,2345-7\nNA,2951-2\n');
  writeFileSync(join(dir, 'fix-names.ts'), `import type { ScriptMessage } from '../../transforms/scripts/script-message.ts';
export default function (message: ScriptMessage): false | void {
  if (message.get('MSH-11') === 'T') return false;
  message.set('PID-5.1', (message.get('PID-5.1') ?? '').toUpperCase());
  if (message.get('PID-5.2') === 'boom') throw new Error('no name like that');
}
`);
  const file = join(dir, 'lab-feed.yaml');
  writeFileSync(file, stringify({
    name: 'lab-feed',
    region: 'local',
    source: { mllp: { host: '127.0.0.1', port: 0 } },
    stages: [
      { parse: 'hl7v2' },
      { set: { 'MSH-5': 'PLEXUS', 'MSH-6': '${MSH-4}', 'OBX-3.3': 'LN' } },
      { remove: ['NK1'] },
      { lookup: { field: 'OBX-3.1', table: 'loinc.csv', default: 'error' } },
      { script: 'fix-names.ts' },
    ],
    destinations: [{ store: `${DATASET}/hl7V2Stores/results` }],
  }));
  return file;
}

let engine: TestEngine;
test.before(async () => {
  engine = await startTestEngine({
    bootstrap: { datasets: [{ project: 'edits', location: 'local', id: 'lab', stores: [{ type: 'hl7v2', id: 'results' }] }] },
    channels: [writeChannel()],
  });
});
test.after.always(async () => {
  await engine?.stop();
});

function oru(controlId: string, { code = 'GLU', given = 'jane', processing = 'P' } = {}): Buffer {
  return Buffer.from([
    `MSH|^~\\&|LAB|HOSP_EU|EHR|HOSP|20260101120000||ORU^R01|${controlId}|${processing}|2.5`,
    `PID|1||${controlId}^^^HOSP^MR||doe^${given}`,
    'NK1|1|DOE^JOHN|SPO',
    `OBX|1|NM|${code}^Glucose||5.5|mmol/L`,
    '',
  ].join('\r'), 'latin1');
}

async function send(message: Buffer): Promise<string | undefined> {
  const sender = new MllpSender({ host: '127.0.0.1', port: engine.channelPort('lab-feed'), ackTimeoutMs: 10_000, logger: createLogger('silent') });
  try {
    const result = await sender.send(message);
    if (!result.ack) throw new Error(`no ACK: ${result.outcome}`);
    return parseHl7v2Message(result.ack).get('MSA-1');
  } finally {
    await sender.close();
  }
}

const db = () => engine.regions.get('local').db;
const journalRow = (controlId: string) => db()('channel_messages').where({ channel: 'lab-feed', control_id: controlId }).first();

async function storedMessages(): Promise<string[]> {
  const res = await engine.api(`/v1/${DATASET}/hl7V2Stores/results/messages?view=RAW_ONLY&pageSize=1000`);
  return ((await res.json()).hl7V2Messages ?? []).map((m: { data: string }) => Buffer.from(m.data, 'base64').toString('latin1'));
}

test('set, remove, lookup and script edits land in the store, each stage\'s content in the journal', async (t) => {
  const controlId = `E${randomBytes(5).toString('hex')}`;
  t.is(await send(oru(controlId)), 'AA');
  const edited = [
    `MSH|^~\\&|LAB|HOSP_EU|PLEXUS|HOSP_EU|20260101120000||ORU^R01|${controlId}|P|2.5`,
    `PID|1||${controlId}^^^HOSP^MR||DOE^jane`,
    'OBX|1|NM|2345-7^Glucose^LN||5.5|mmol/L',
    '',
  ].join('\r');
  t.true((await storedMessages()).includes(edited));
  const row = await journalRow(controlId);
  t.is(row.status, 'TRANSFORMED');
  t.true(Buffer.from(row.raw).equals(oru(controlId)));
  const outputs = await db()('channel_message_outputs').where({ message_pk: row.id }).orderBy('seq');
  t.deepEqual(outputs.map((o) => o.stage), ['stages[1].set', 'stages[2].remove', 'stages[3].lookup', 'stages[4].script']);
  t.is(Buffer.from(outputs[3].content).toString('latin1'), edited);
});

test('a code the table lacks, or a script that throws, is answered AE and kept as ERROR; a script\'s false filters', async (t) => {
  const unknown = `U${randomBytes(5).toString('hex')}`;
  t.is(await send(oru(unknown, { code: 'XYZ' })), 'AE');
  t.like(await journalRow(unknown), { status: 'ERROR', error: 'stages[3].lookup: OBX-3.1 "XYZ" is not in the table loinc.csv' });
  const thrown = `T${randomBytes(5).toString('hex')}`;
  t.is(await send(oru(thrown, { given: 'boom' })), 'AE');
  t.like(await journalRow(thrown), { status: 'ERROR', error: 'stages[4].script: the script threw Error: no name like that' });
  const testMessage = `F${randomBytes(5).toString('hex')}`;
  t.is(await send(oru(testMessage, { processing: 'T' })), 'AA');
  t.like(await journalRow(testMessage), { status: 'FILTERED', filtered_by: 'stages[4].script: the script returned false' });
  const stored = await storedMessages();
  t.false(stored.some((m) => m.includes(unknown) || m.includes(thrown) || m.includes(testMessage)));
});

import test from 'ava';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { channelTestCommand } from '../../../cli/commands/channel-test.ts';
import { UsageError } from '../../../cli/commands/usage-error.ts';
import { TYPESCRIPT_IMPORT } from '../../../cli/typescript-import.ts';

const STORE = 'projects/acme/locations/local/datasets/main/hl7V2Stores/lab';
const ORU = 'MSH|^~\\&|LAB|HOSP_EU|EHR|HOSP|20260101120000||ORU^R01|C1|P|2.5\rPID|1||123||doe^jane\rNK1|1|DOE^JOHN\rOBX|1|NM|GLU^Glucose||5.5\r';
const STAGES = `stages:
  - parse: hl7v2
  - filter: {messageType: [ORU]}
  - set: {MSH-5: PLEXUS, MSH-6: "\${MSH-4}"}
  - remove: NK1
  - lookup: {field: OBX-3.1, table: loinc.csv, default: error}
  - script: fix.ts
`;

interface Files {
  folder: string;
  server: string;
  channel: string;
  input: string;
}

/** A folder with a server config of one region, a channel with `stages`, its table and script, and the message `message`. */
function writeFiles(stages = STAGES, message = ORU, script = "export default (m: any) => { m.set('PID-5.1', m.get('PID-5.1').toUpperCase()); };\n"): Files {
  const folder = mkdtempSync(join(tmpdir(), 'plexus-channel-test-'));
  const server = join(folder, 'plexus.yaml');
  writeFileSync(server, 'regions:\n  local: {database: local.db, blobs: blobs}\n');
  const channel = join(folder, 'lab.yaml');
  writeFileSync(channel, `name: lab-feed\nregion: local\nsource:\n  mllp: {port: 2575}\n${stages}destinations:\n  - store: ${STORE}\n  - mllp: {host: 127.0.0.1, port: 2576}\n`);
  writeFileSync(join(folder, 'loinc.csv'), 'from,to\nGLU,2345-7\n');
  writeFileSync(join(folder, 'fix.ts'), script);
  const input = join(folder, 'message.hl7');
  writeFileSync(input, message, 'latin1');
  return { folder, server, channel, input };
}

/** Run the command with console.log and console.error captured (the tests of this file run one at a time). */
async function runCommand(args: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const { log, error } = console;
  console.log = (line: string) => void out.push(...line.split('\n'));
  console.error = (line: string) => void err.push(line);
  try {
    return { code: await channelTestCommand(args), out, err };
  } finally {
    Object.assign(console, { log, error });
  }
}

const run = (files: Files) => runCommand([files.channel, '--input', files.input, '--config', files.server]);

test.serial('each stage, the answer and what each destination would get; no database is opened', async (t) => {
  const files = writeFiles();
  const { code, out, err } = await run(files);
  t.is(code, 0);
  t.deepEqual(err, []);
  const edited = [
    '    MSH|^~\\&|LAB|HOSP_EU|PLEXUS|HOSP_EU|20260101120000||ORU^R01|C1|P|2.5',
    '    PID|1||123||DOE^jane',
    '    OBX|1|NM|2345-7^Glucose||5.5',
  ];
  t.deepEqual(out.slice(0, 2), [`channel lab-feed: dry run of ${files.input} (${ORU.length} bytes); nothing is stored or sent`, '']);
  t.deepEqual(out.slice(2, 8), [
    'stages[0].parse: ok ORU^R01, control id C1',
    'stages[1].filter: ok',
    'stages[2].set: ok, content now:',
    '    MSH|^~\\&|LAB|HOSP_EU|PLEXUS|HOSP_EU|20260101120000||ORU^R01|C1|P|2.5',
    '    PID|1||123||doe^jane',
    '    NK1|1|DOE^JOHN',
  ]);
  t.true(out.includes('stages[5].script: ok, content now:'));
  const result = out.indexOf('result: TRANSFORMED');
  t.deepEqual(out.slice(result - 4, result), [...edited, '']);
  t.is(out[result + 1], 'answer (MLLP, ack on-commit): AA');
  t.regex(out[result + 3], /^ {4}MSA\|AA\|C1$/);
  t.deepEqual(out.slice(result + 4), [
    'destinations:',
    `  store: would land in ${STORE}`,
    '  mllp: would be sent over MLLP to 127.0.0.1:2576',
    `content the destinations would get (${`${edited.map((line) => line.slice(4)).join('\r')}\r`.length} bytes):`,
    ...edited,
  ]);
  t.false(existsSync(join(files.folder, 'local.db')));
  t.false(existsSync(join(files.folder, 'blobs')));
});

test.serial('a filtered message says which filter stopped it, the later stages are skipped, nothing goes anywhere', async (t) => {
  const { code, out } = await run(writeFiles(undefined, ORU.replace('ORU^R01', 'ADT^A01')));
  t.is(code, 0);
  t.true(out.includes('stages[1].filter: FILTERED: stages[1].filter: message type in [ORU]'));
  t.true(out.includes('stages[2].set: skipped (the message is FILTERED)'));
  t.true(out.includes('result: FILTERED (stages[1].filter: message type in [ORU])'));
  t.true(out.includes('answer (MLLP, ack on-commit): AA'));
  t.true(out.includes('  store: would land in projects/acme/locations/local/datasets/main/hl7V2Stores/lab - nothing (the message is FILTERED)'));
  t.false(out.some((line) => line.startsWith('content the destinations')));
});

test.serial('a stage error is printed with its reason and the AE the sender would get; exit 1', async (t) => {
  const { code, out } = await run(writeFiles(undefined, ORU, "export default () => { throw new Error('cannot map'); };\n"));
  t.is(code, 1);
  t.true(out.includes('stages[5].script: ERROR (content error, code 207): the script threw Error: cannot map'));
  t.true(out.includes('result: ERROR'));
  t.true(out.includes('answer (MLLP, ack on-commit): AE'));
  const lookupError = await run(writeFiles(undefined, ORU.replace('GLU^', 'K^')));
  t.is(lookupError.code, 1);
  t.true(lookupError.out.includes('stages[4].lookup: ERROR (content error, code 103): OBX-3.1 "K" is not in the table loinc.csv'));
});

test.serial('an invalid channel, a script without a default function or an unreadable message exits 2', async (t) => {
  const invalid = writeFiles(STAGES.replace('table: loinc.csv', 'table: none.csv'));
  const bad = await run(invalid);
  t.is(bad.code, 2);
  t.deepEqual(bad.err, [`${invalid.channel}:10: stages[4].lookup.table: cannot read the table ${join(invalid.folder, 'none.csv')}: no such file`]);
  const noFunction = writeFiles(undefined, ORU, 'export default 5;\n');
  t.deepEqual(await run(noFunction), {
    code: 2,
    out: [],
    err: [`${noFunction.channel}: stages[5].script (${join(noFunction.folder, 'fix.ts')}): must export a default function, export default function (message, context) {...}; its default export is number`],
  });
  const files = writeFiles();
  const missing = join(files.folder, 'none.hl7');
  t.deepEqual(await runCommand([files.channel, '--input', missing, '--config', files.server]), { code: 2, out: [], err: [`${missing}: cannot read the message: no such file`] });
});

test.serial('FILE and --input are required', async (t) => {
  await t.throwsAsync(channelTestCommand(['--input', 'm.hl7']), { instanceOf: UsageError, message: 'missing the channel FILE' });
  await t.throwsAsync(channelTestCommand(['c.yaml']), { instanceOf: UsageError, message: 'missing --input MESSAGE_FILE' });
});

test('plexus channel test runs the command and lists it in the usage', async (t) => {
  const files = writeFiles();
  const root = fileURLToPath(new URL('../../../', import.meta.url));
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('PLEXUS_')));
  const plexus = (...args: string[]) =>
    new Promise<{ code: number; stdout: string }>((resolve) => {
      execFile(process.execPath, [TYPESCRIPT_IMPORT, 'cli/plexus.ts', ...args], { cwd: root, env }, (error, stdout) => resolve({ code: error ? (error.code as number) : 0, stdout }));
    });
  const result = await plexus('channel', 'test', files.channel, '--input', files.input, '--config', files.server);
  t.is(result.code, 0);
  t.regex(result.stdout, /result: TRANSFORMED/);
  t.regex((await plexus('channel', '--help')).stdout, /plexus channel test +run one message through a channel dry: nothing stored or sent/);
});

test.serial('a DICOM channel runs dry on a Part-10 file: the parse names the instance, the content is not printed as text', async (t) => {
  const files = writeFiles();
  const channel = join(files.folder, 'modality.yaml');
  writeFileSync(channel, `name: modality-in\nregion: local\nsource:\n  dimse: {aeTitle: CT_IN, port: 11113}\nstages:\n  - parse: dicom\n  - filter: {field: Modality, equals: MR}\ndestinations:\n  - store: projects/acme/locations/local/datasets/main/dicomStores/pacs\n  - dimse: {aet: AI, host: 127.0.0.1, port: 104}\n`);
  const ct = fileURLToPath(new URL('../../../../shared/fixtures/dicom/CT_small.dcm', import.meta.url));
  const filtered = await runCommand([channel, '--input', ct, '--config', files.server]);
  t.is(filtered.code, 0);
  t.true(filtered.out.includes('stages[0].parse: ok CT Image Storage, control id 1.3.6.1.4.1.5962.1.1.1.1.1.20040119072730.12322'));
  t.true(filtered.out.includes('stages[1].filter: FILTERED: stages[1].filter: Modality = "MR"'));
  writeFileSync(channel, `name: modality-in\nregion: local\nsource:\n  dimse: {aeTitle: CT_IN, port: 11113}\nstages:\n  - parse: dicom\ndestinations:\n  - dimse: {aet: AI, host: 127.0.0.1, port: 104}\nproject: acme\n`);
  const sent = await runCommand([channel, '--input', ct, '--config', files.server]);
  t.true(sent.out.includes('  dimse: would be sent by C-STORE to AI at 127.0.0.1:104'));
  t.true(sent.out.includes('    (a DICOM file, SOP Instance 1.3.6.1.4.1.5962.1.1.1.1.1.20040119072730.12322)'));
  t.false(sent.out.some((line) => line.includes('DICM')), 'no bytes printed');
});

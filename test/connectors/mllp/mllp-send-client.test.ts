import test from 'ava';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { encodeMllpFrame } from '../../../connectors/mllp/encode-mllp-frame.ts';
import { MllpFrameReader } from '../../../connectors/mllp/mllp-frame-reader.ts';
import { readAckFields } from '../../../connectors/mllp/read-ack-fields.ts';
import type { MllpMessageContext } from '../../../connectors/mllp/mllp-server-connection.ts';
import { startTestListener } from './start-test-listener.ts';
import { buildTestAck, readControlId } from './test-hl7-messages.ts';

/*
 * Debian's mllp_send (python3-hl7) as an independent client, sending every fixture message.
 * Its stdin mode is broken in hl7 0.4.5 (it joins bytes and str), and `--loose` rewrites the
 * bytes (LF to CR, trailing whitespace stripped, a leading byte order mark sent as a message
 * of its own). So the byte-exact test frames the fixtures into a temporary file and sends it
 * with `--file`: mllp_send splits it at FS and frames each message again itself.
 */
const FIXTURES = fileURLToPath(new URL('../../../../shared/fixtures/hl7v2/', import.meta.url));
const hasMllpSend = spawnSync('mllp_send', ['--version']).status === 0;
const hasFixtures = existsSync(FIXTURES);
const skipReason = !hasMllpSend ? 'mllp_send is not installed (apt install python3-hl7)' : 'no ../shared/fixtures/hl7v2';
const mllpSendTest = hasMllpSend && hasFixtures ? test : (title: string) => test.skip(`${title} (skipped: ${skipReason})`, () => undefined);

function readFixtures(): Array<{ name: string; bytes: Buffer }> {
  return readdirSync(FIXTURES)
    .filter((name) => name.endsWith('.hl7'))
    .sort()
    .map((name) => ({ name, bytes: readFileSync(join(FIXTURES, name)) }));
}

/** Run mllp_send against the port; resolves with the ACK frames it printed. */
async function runMllpSend(port: number, args: string[]): Promise<Buffer[]> {
  const child = spawn('mllp_send', ['--port', String(port), ...args, '127.0.0.1'], { stdio: ['ignore', 'pipe', 'pipe'] });
  const stdout: Buffer[] = [];
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const status = await new Promise<number | null>((resolve) => child.on('close', resolve));
  if (status !== 0) throw new Error(`mllp_send exited with ${status}: ${stderr}`);
  const events = new MllpFrameReader({ maxFrameBytes: 1 << 20 }).push(Buffer.concat(stdout));
  return events.flatMap((event) => (event.type === 'frame' ? [event.frame] : []));
}

/** What `mllp_send --loose` makes of a file (hl7/client.py read_loose), to know what must arrive. */
function expectLooseMessages(file: Buffer): Buffer[] {
  const header = 'MSH|^~\\&|';
  const separators = [0x0b, 0x0c, 0x1c];
  const text = Buffer.from(file.filter((byte) => !separators.includes(byte))).toString('latin1').replace(/\r\n|\n/g, '\r');
  return text
    .split(header)
    .filter((part) => part !== '')
    .map((part) => Buffer.from(header + part.replace(/^[\r\n ]+|[\r\n ]+$/g, ''), 'latin1'));
}

mllpSendTest('mllp_send: every fixture arrives byte for byte on one connection and gets its ACK', async (t) => {
  const fixtures = readFixtures();
  t.is(fixtures.length, 75);
  const received: Array<{ frame: Buffer; context: MllpMessageContext }> = [];
  const { port } = await startTestListener(t, {
    handleMessage: async (frame, context) => {
      received.push({ frame, context });
      return buildTestAck(frame);
    },
  });
  const file = join(mkdtempSync(join(tmpdir(), 'plexus-mllp-send-')), 'fixtures.mllp');
  writeFileSync(file, Buffer.concat(fixtures.map((fixture) => encodeMllpFrame(fixture.bytes))));
  const acks = await runMllpSend(port, ['--file', file]);
  t.is(received.length, fixtures.length);
  fixtures.forEach((fixture, i) => t.deepEqual(received[i].frame, fixture.bytes, fixture.name));
  t.is(new Set(received.map((entry) => entry.context.connectionId)).size, 1);
  t.deepEqual(
    acks.map((ack) => readAckFields(ack)),
    fixtures.map((fixture) => ({ code: 'AA', controlId: readControlId(fixture.bytes) })),
  );
});

/** A final LF, none, and a byte order mark: the three shapes of fixture file. */
const LOOSE_SAMPLES = ['ADT-A01-01.hl7', 'ADT-A02-01.hl7', 'VXU.hl7'];

mllpSendTest('mllp_send --loose: fixture files read in place arrive as it rewrites them (LF to CR), each ACKed', async (t) => {
  for (const name of LOOSE_SAMPLES) {
    const received: Buffer[] = [];
    const { port } = await startTestListener(t, {
      handleMessage: async (frame) => {
        received.push(frame);
        return buildTestAck(frame);
      },
    });
    const expected = expectLooseMessages(readFileSync(join(FIXTURES, name)));
    const acks = await runMllpSend(port, ['--file', join(FIXTURES, name), '--loose']);
    t.deepEqual(received, expected, name);
    t.deepEqual(acks.map((ack) => readAckFields(ack)?.code), expected.map(() => 'AA'), name);
    t.false(received.some((frame) => frame.includes('\n')), name);
  }
});

import test from 'ava';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeMllpFrame } from '../../connectors/mllp/encode-mllp-frame.ts';
import { MllpFrameReader } from '../../connectors/mllp/mllp-frame-reader.ts';
import { MllpSender } from '../../connectors/mllp/mllp-sender.ts';
import { createLogger } from '../../engine/logger.ts';
import { parseHl7v2Message } from '../../transforms/hl7v2/parse-hl7v2-message.ts';
import { startTestEngine, type TestEngine } from '../helpers/test-engine.ts';
import { FIXTURE_DIR, readFixtures } from '../transforms/hl7v2/hl7v2-fixtures.ts';

const STORE = 'projects/mllp/locations/local/datasets/feeds/hl7V2Stores/adt';
let engine: TestEngine;
test.before(async () => {
  engine = await startTestEngine({
    bootstrap: { datasets: [{ project: 'mllp', location: 'local', id: 'feeds', stores: [{ type: 'hl7v2', id: 'adt', config: {} }] }] },
    mllp: [{ host: '127.0.0.1', port: 0, store: STORE, maxFrameBytes: '64KB' }],
  });
});
test.after.always(async () => {
  await engine?.stop();
});

const sender = () => new MllpSender({ host: '127.0.0.1', port: engine.mllpPorts[0], ackTimeoutMs: 10_000, logger: createLogger('silent') });

async function storedMessages(filter = ''): Promise<Array<{ name: string; data: string }>> {
  const all: Array<{ name: string; data: string }> = [];
  let token = '';
  do {
    const res = await engine.api(`/v1/${STORE}/messages?view=RAW_ONLY&pageSize=1000${filter ? `&filter=${encodeURIComponent(filter)}` : ''}${token ? `&pageToken=${token}` : ''}`);
    const page = await res.json();
    all.push(...(page.hl7V2Messages ?? []));
    token = page.nextPageToken ?? '';
  } while (token);
  return all;
}

const hasMllpSend = spawnSync('mllp_send', ['--version']).status === 0 && existsSync(FIXTURE_DIR);
(hasMllpSend ? test.serial : test.serial.skip)('mllp_send delivers every fixture into the store, each ACKed after commit, exactly once', async (t) => {
  const fixtures = readFixtures();
  const file = join(mkdtempSync(join(tmpdir(), 'plexus-e2e-mllp-')), 'fixtures.mllp');
  writeFileSync(file, Buffer.concat(fixtures.map((f) => encodeMllpFrame(f.bytes))));
  const send = async () => {
    const child = spawn('mllp_send', ['--port', String(engine.mllpPorts[0]), '--file', file, '127.0.0.1'], { stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    t.is(await new Promise((resolve) => child.on('close', resolve)), 0);
    return new MllpFrameReader({ maxFrameBytes: 1 << 20 }).push(Buffer.concat(out)).flatMap((e) => (e.type === 'frame' ? [e.frame] : []));
  };
  const acks = await send();
  t.is(acks.length, fixtures.length);
  acks.forEach((ack, i) => {
    const parsed = parseHl7v2Message(ack);
    t.true(['AA', 'CA'].includes(parsed.get('MSA-1') ?? ''), fixtures[i].name);
    t.is(parsed.get('MSA-2'), parseHl7v2Message(fixtures[i].bytes).controlId, fixtures[i].name);
  });
  const stored = await storedMessages();
  t.is(stored.length, fixtures.length);
  const bodies = new Set(stored.map((m) => Buffer.from(m.data, 'base64').toString('latin1')));
  for (const f of fixtures) t.true(bodies.has(f.bytes.toString('latin1')), f.name);

  const again = await send();
  t.deepEqual(again.map((a) => a.toString('latin1')), acks.map((a) => a.toString('latin1')), 'a resent message gets the ACK it got the first time');
  t.is((await storedMessages()).length, fixtures.length, 'and is not stored twice');
});

test.serial('ten connections at once: every message stored exactly once, in order per connection', async (t) => {
  const senders = Array.from({ length: 10 }, sender);
  const outcomes = await Promise.all(senders.map(async (s, c) => {
    const results: string[] = [];
    for (let i = 0; i < 50; i++) {
      const result = await s.send(Buffer.from(`MSH|^~\\&|FEED${c}|CONN|EHR|HOSP|20240301101010||ADT^A08|C${c}-${i}|P|2.5\rPID|1||${c}-${i}^^^H^MR\r`));
      results.push(result.outcome);
    }
    await s.close();
    return results;
  }));
  t.true(outcomes.flat().every((o) => o === 'AA'));
  const stored = await storedMessages('send_facility = "CONN"');
  t.is(stored.length, 500);
  const ids = stored.map((m) => parseHl7v2Message(Buffer.from(m.data, 'base64')).controlId!);
  t.is(new Set(ids).size, 500);
  for (let c = 0; c < 10; c++) {
    const mine = ids.filter((id) => id.startsWith(`C${c}-`)).map((id) => Number(id.split('-')[1]));
    t.deepEqual(mine, [...mine].sort((a, b) => a - b), `connection ${c} kept its order`);
  }
});

test.serial('bad input gets its answer in HL7: AR for garbage and oversized frames', async (t) => {
  const s = sender();
  const garbage = await s.send(Buffer.from('hello, this is not HL7'));
  t.is(garbage.outcome, 'AR');
  await s.close();
  const big = sender();
  const oversized = await big.send(Buffer.from(`MSH|^~\\&|A|BIG|C|D|2024||ADT^A01|BIG1|P|2.5\rNTE|1||${'x'.repeat(70 * 1024)}\r`));
  t.is(oversized.outcome, 'AR');
  await big.close();
  t.is((await storedMessages('send_facility = "BIG"')).length, 0);
});

test.serial('a store that is gone answers AR with ERR 207, so the sender retries', async (t) => {
  const other = await startTestEngine({
    mllp: [{ host: '127.0.0.1', port: 0, store: 'projects/mllp/locations/local/datasets/missing/hl7V2Stores/none' }],
  });
  try {
    const s = new MllpSender({ host: '127.0.0.1', port: other.mllpPorts[0], ackTimeoutMs: 10_000, logger: createLogger('silent') });
    const result = await s.send(Buffer.from('MSH|^~\\&|A|B|C|D|2024||ADT^A01|GONE1|P|2.5\rPID|1\r'));
    t.is(result.outcome, 'AR');
    const ack = parseHl7v2Message(result.ack!);
    t.is(ack.get('ERR-3.1'), '207');
    t.regex(ack.get('ERR-8') ?? '', /does not exist/);
    await s.close();
  } finally {
    await other.stop();
  }
});

test.serial('an engine whose MLLP port is taken fails to start, and closes what it had opened', async (t) => {
  await t.throwsAsync(startTestEngine({ mllp: [{ host: '127.0.0.1', port: engine.mllpPorts[0], store: STORE }] }), { code: 'EADDRINUSE' });
});

import test from 'ava';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { MllpListener } from '../../connectors/mllp/mllp-listener.ts';
import { MllpSender } from '../../connectors/mllp/mllp-sender.ts';
import { createLogger } from '../../engine/logger.ts';
import { buildAck } from '../../transforms/hl7v2/build-ack.ts';
import { parseHl7v2Message } from '../../transforms/hl7v2/parse-hl7v2-message.ts';
import { startTestEngine, type TestEngine } from '../helpers/test-engine.ts';

const logger = createLogger('silent');
const dir = mkdtempSync(join(tmpdir(), 'plexus-forward-'));

/** A peer that answers each message with what `answer` says (by control id), recording what it got. */
async function startPeer(answer: (controlId: string) => 'AA' | 'AE' | 'AR') {
  const received: string[] = [];
  const listener = new MllpListener({
    host: '127.0.0.1', port: 0, maxConnections: 10, idleTimeoutMs: 30_000, maxFrameBytes: 1 << 20, logger,
    async handleMessage(frame) {
      const message = parseHl7v2Message(frame);
      received.push(message.controlId!);
      const code = answer(message.controlId!);
      return buildAck(message, code === 'AA' ? [] : [{ kind: code === 'AR' ? 'system' : 'content', code: 207, text: 'peer says no' }]).toBuffer();
    },
    answerOversized: () => Buffer.from('MSH|^~\\&'),
  });
  const { port } = await listener.start();
  return { port, received, stop: () => listener.stop() };
}

const failuresLeft = new Map<string, number>();
let peer: Awaited<ReturnType<typeof startPeer>>;
let engine: TestEngine;

test.before(async () => {
  peer = await startPeer((controlId) => {
    if (controlId.startsWith('REFUSE')) return 'AE';
    const left = failuresLeft.get(controlId) ?? 0;
    failuresLeft.set(controlId, left - 1);
    return left > 0 ? 'AR' : 'AA';
  });
  const file = join(dir, 'forward.yaml');
  writeFileSync(file, stringify({
    name: 'forward',
    region: 'local',
    project: 'fwd',
    source: { mllp: { host: '127.0.0.1', port: 0 } },
    stages: [{ parse: 'hl7v2' }],
    destinations: [{ mllp: { host: '127.0.0.1', port: peer.port, ackTimeoutMs: 5000, retry: { maxAttempts: 3, initialDelayMs: 20, maxDelayMs: 100 } }, name: 'lab' }],
  }));
  engine = await startTestEngine({ channels: [file] });
});
test.after.always(async () => {
  await engine?.stop();
  await peer?.stop();
});

const message = (controlId: string) => Buffer.from(`MSH|^~\\&|A|B|C|D|20260101||ADT^A01|${controlId}|P|2.5\rPID|1||1`, 'latin1');

async function send(controlIds: string[]): Promise<void> {
  const sender = new MllpSender({ host: '127.0.0.1', port: engine.channelPort('forward'), ackTimeoutMs: 10_000, logger });
  for (const id of controlIds) assertAa(await sender.send(message(id)));
  await sender.close();
}

function assertAa(result: { ack: Buffer | null }): void {
  if (parseHl7v2Message(result.ack!).get('MSA-1') !== 'AA') throw new Error('the channel did not answer AA');
}

const db = () => engine.regions.get('local').db;

async function deliveryOf(controlId: string) {
  return db()('channel_deliveries').join('channel_messages', 'channel_messages.id', 'channel_deliveries.message_pk')
    .where({ 'channel_messages.channel': 'forward', control_id: controlId }).select('channel_deliveries.*').first();
}

async function waitFor(controlId: string, status: string) {
  for (let i = 0; i < 250; i++) {
    const row = await deliveryOf(controlId);
    if (row?.status === status) return row;
    await new Promise((r) => setTimeout(r, 20));
  }
  return deliveryOf(controlId);
}

test.serial('committed messages are forwarded after the commit, in order, and marked SENT with the peer ACK', async (t) => {
  const ids = Array.from({ length: 10 }, (_, i) => `OK${i}-${randomBytes(3).toString('hex')}`);
  await send(ids);
  const last = await waitFor(ids.at(-1)!, 'SENT');
  t.is(last.status, 'SENT');
  t.is(last.attempts, 1);
  t.is(last.content, null);
  t.is(parseHl7v2Message(last.response).get('MSA-1'), 'AA');
  t.deepEqual(peer.received.filter((id) => ids.includes(id)), ids);
});

test.serial('an AR is retried with backoff until the peer accepts, and the messages behind it wait', async (t) => {
  const slow = `SLOW-${randomBytes(3).toString('hex')}`;
  const after = `AFTER-${randomBytes(3).toString('hex')}`;
  failuresLeft.set(slow, 2);
  await send([slow, after]);
  const row = await waitFor(after, 'SENT');
  t.is(row.status, 'SENT');
  t.is((await deliveryOf(slow)).attempts, 3);
  const order = peer.received.filter((id) => id === slow || id === after);
  t.deepEqual(order, [slow, slow, slow, after]);
});

test.serial('an AE is dead-lettered at once with the reason and its content kept; the queue moves on', async (t) => {
  const refused = `REFUSE-${randomBytes(3).toString('hex')}`;
  const next = `NEXT-${randomBytes(3).toString('hex')}`;
  await send([refused, next]);
  t.is((await waitFor(next, 'SENT')).status, 'SENT');
  const dead = await deliveryOf(refused);
  t.is(dead.status, 'ERROR');
  t.is(dead.attempts, 1);
  t.regex(dead.error, /AE/);
  t.deepEqual(Buffer.from(dead.content), message(refused));
});

test.serial('a peer that keeps answering AR is dead-lettered after maxAttempts', async (t) => {
  const hopeless = `HOPELESS-${randomBytes(3).toString('hex')}`;
  failuresLeft.set(hopeless, 100);
  await send([hopeless]);
  const row = await waitFor(hopeless, 'ERROR');
  t.is(row.status, 'ERROR');
  t.is(row.attempts, 3);
});

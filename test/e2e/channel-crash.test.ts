import test from 'ava';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import knex from 'knex';
import { stringify } from 'yaml';
import { MllpListener } from '../../connectors/mllp/mllp-listener.ts';
import { MllpSender } from '../../connectors/mllp/mllp-sender.ts';
import { createLogger } from '../../engine/logger.ts';
import { buildAck } from '../../transforms/hl7v2/build-ack.ts';
import { parseHl7v2Message } from '../../transforms/hl7v2/parse-hl7v2-message.ts';
import { storedControlIds } from '../helpers/stored-control-ids.ts';
import { startEngineProcess, stopEngineProcess } from './start-engine-process.ts';

/*
 * The crash test: kill -9 the engine while 2,000 messages stream over 5
 * connections into a channel (store destination in the commit, MLLP forward after it),
 * restart it: every ACKed message is in the store exactly once, and every message the
 * journal holds reaches the forward peer. Heavy (two engine processes): CI's PostgreSQL
 * pass only (PLEXUS_HEAVY_TESTS); the journal here is SQLite, synced before each ACK.
 */
const heavy = process.env.PLEXUS_HEAVY_TESTS ? test : test.skip;
const STORE = 'projects/crash/locations/local/datasets/d/hl7V2Stores/s';
const logger = createLogger('silent');

heavy('after kill -9 every ACKed message is stored exactly once and every journaled one is forwarded', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'plexus-channel-crash-'));
  const forwarded = new Set<string>();
  const peer = new MllpListener({
    host: '127.0.0.1', port: 0, maxConnections: 10, idleTimeoutMs: 60_000, maxFrameBytes: 1 << 20, logger,
    async handleMessage(frame) {
      const message = parseHl7v2Message(frame);
      forwarded.add(message.controlId!);
      return buildAck(message).toBuffer();
    },
    answerOversized: () => Buffer.alloc(0),
  });
  const peerPort = (await peer.start()).port;
  const channel = join(dir, 'crash.yaml');
  writeFileSync(channel, stringify({
    name: 'crash',
    region: 'local',
    source: { mllp: { host: '127.0.0.1', port: 0 } },
    stages: [{ parse: 'hl7v2' }],
    destinations: [{ store: STORE }, { mllp: { host: '127.0.0.1', port: peerPort, retry: { maxAttempts: 100, initialDelayMs: 50, maxDelayMs: 500 } } }],
  }));
  const database = join(dir, 'local.db');
  const config = join(dir, 'plexus.yaml');
  writeFileSync(config, stringify({
    http: { port: 0 },
    regions: { local: { database, blobs: join(dir, 'blobs') } },
    bootstrap: { datasets: [{ project: 'crash', location: 'local', id: 'd', stores: [{ type: 'hl7v2', id: 's', config: {} }] }] },
    channels: [channel],
    log: { level: 'warn' },
  }));

  const first = await startEngineProcess(config);
  const acked: string[] = [];
  const senders = Array.from({ length: 5 }, () => new MllpSender({ host: '127.0.0.1', port: first.mllpPort, ackTimeoutMs: 5000, connectTimeoutMs: 1000, backoff: { initialMs: 50, maxMs: 200 }, logger }));
  const streams = senders.map(async (sender, c) => {
    for (let i = 0; i < 400; i++) {
      const id = `K${c}-${i}`;
      const result = await sender.send(Buffer.from(`MSH|^~\\&|A|CRASH|C|D|20240101||ADT^A01|${id}|P|2.5\rPID|1||${id}^^^H^MR\r`));
      if (result.outcome !== 'AA') break;
      acked.push(id);
    }
  });
  while (acked.length < 300) await new Promise((resolve) => setTimeout(resolve, 10));
  first.child.kill('SIGKILL');
  await new Promise((resolve) => first.child.once('exit', resolve));
  await Promise.all(streams);
  await Promise.all(senders.map((s) => s.close()));
  t.true(acked.length < 2000, `the kill came mid-stream (${acked.length} of 2,000 ACKed)`);

  const second = await startEngineProcess(config);
  try {
    const stored = await storedControlIds(second.url, STORE);
    t.is(new Set(stored).size, stored.length, 'no message is stored twice');
    t.deepEqual(acked.filter((id) => !stored.includes(id)), [], 'no ACKed message is lost');

    const journal = knex({ client: 'better-sqlite3', connection: { filename: database }, useNullAsDefault: true });
    try {
      const journaled = (await journal('channel_messages').where({ channel: 'crash', status: 'TRANSFORMED' }).select('control_id')).map((r) => r.control_id as string);
      t.true(journaled.length >= acked.length);
      for (let i = 0; i < 500 && journaled.some((id) => !forwarded.has(id)); i++) await new Promise((resolve) => setTimeout(resolve, 20));
      t.deepEqual(journaled.filter((id) => !forwarded.has(id)), [], 'every journaled message reaches the forward peer');
    } finally {
      await journal.destroy();
    }
  } finally {
    await stopEngineProcess(second);
    await peer.stop();
  }
});

import test from 'ava';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { MllpSender } from '../../connectors/mllp/mllp-sender.ts';
import { createLogger } from '../../engine/logger.ts';
import { storedControlIds } from '../helpers/stored-control-ids.ts';
import { startEngineProcess, stopEngineProcess } from './start-engine-process.ts';

/*
 * kill -9 while five connections stream messages: every message that was ACKed must be in
 * the store after a restart, exactly once. On SQLite, where a commit is made durable by an
 * explicit WAL sync before the ACK. Heavy (two engine processes): run once, in CI's
 * PostgreSQL pass (PLEXUS_HEAVY_TESTS).
 */
const heavy = process.env.PLEXUS_HEAVY_TESTS ? test : test.skip;
const STORE = 'projects/crash/locations/local/datasets/d/hl7V2Stores/s';

heavy('every ACKed message survives kill -9, exactly once', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'plexus-crash-'));
  const config = join(dir, 'plexus.yaml');
  writeFileSync(config, stringify({
    http: { port: 0 },
    regions: { local: { database: join(dir, 'local.db'), blobs: join(dir, 'blobs') } },
    bootstrap: { datasets: [{ project: 'crash', location: 'local', id: 'd', stores: [{ type: 'hl7v2', id: 's', config: {} }] }] },
    mllp: [{ port: 0, store: STORE }],
    log: { level: 'warn' },
  }));
  const first = await startEngineProcess(config);
  const acked: string[] = [];
  const senders = Array.from({ length: 5 }, () => new MllpSender({ host: '127.0.0.1', port: first.mllpPort, ackTimeoutMs: 5000, connectTimeoutMs: 1000, backoff: { initialMs: 50, maxMs: 200 }, logger: createLogger('silent') }));
  let stop = false;
  const streams = senders.map(async (sender, c) => {
    for (let i = 0; !stop; i++) {
      const id = `K${c}-${i}`;
      const result = await sender.send(Buffer.from(`MSH|^~\\&|A|CRASH|C|D|20240101||ADT^A01|${id}|P|2.5\rPID|1||${id}^^^H^MR\r`));
      if (result.outcome === 'AA') acked.push(id);
      else break;
    }
  });
  await new Promise((resolve) => setTimeout(resolve, 1500));
  first.child.kill('SIGKILL');
  await new Promise((resolve) => first.child.once('exit', resolve));
  stop = true;
  await Promise.all(streams);
  await Promise.all(senders.map((s) => s.close()));
  t.true(acked.length > 50, `${acked.length} messages were ACKed before the kill`);

  const second = await startEngineProcess(config);
  try {
    const stored = await storedControlIds(second.url, STORE);
    const storedSet = new Set(stored);
    t.is(storedSet.size, stored.length, 'no message is stored twice');
    const lost = acked.filter((id) => !storedSet.has(id));
    t.deepEqual(lost, [], 'no ACKed message is lost');
  } finally {
    await stopEngineProcess(second);
  }
});

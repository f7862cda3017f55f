import test from 'ava';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { connectTestNats, NATS_URL, natsTest } from '../helpers/test-nats.ts';
import { testRegionConfig, uniqueId } from '../helpers/test-region.ts';
import { startEngineProcess, stopEngineProcess } from './start-engine-process.ts';

/*
 * kill -9 between commit and publish: the engine stores messages while NATS cannot be
 * reached (its URL points at a closed port), so their notifications sit in the outbox;
 * the process is killed, restarted with the right URL, and every notification arrives.
 * Heavy (two engine processes): run in CI's PostgreSQL pass (PLEXUS_HEAVY_TESTS), on the
 * test dialect.
 */
const heavy = process.env.PLEXUS_HEAVY_TESTS ? natsTest : test.skip;
const MESSAGES = 200;

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

heavy('notifications committed before a kill -9 are delivered after the restart', async (t) => {
  const project = uniqueId('crash');
  const store = `projects/${project}/locations/local/datasets/d/hl7V2Stores/s`;
  const file = join(mkdtempSync(join(tmpdir(), 'plexus-notify-crash-')), 'plexus.yaml');
  // One database for both runs (a SQLite file, or a PostgreSQL schema on the test database).
  const region = testRegionConfig();
  const writeConfig = (natsUrl: string) => writeFileSync(file, stringify({
    http: { port: 0 },
    regions: { local: region },
    bootstrap: { datasets: [{ project, location: 'local', id: 'd', stores: [{ type: 'hl7v2', id: 's', config: { notificationConfigs: [{ pubsubTopic: `projects/${project}/topics/adt` }] } }] }] },
    notifications: { nats: { url: natsUrl }, retry: { initialDelayMs: 100, maxDelayMs: 400 }, pollIntervalMs: 100 },
    log: { level: 'error' },
  }));
  writeConfig(`nats://127.0.0.1:${await closedPort()}`);

  const nats = await connectTestNats();
  const subscription = nats.subscribe(`projects.${project}.topics.adt`);
  await nats.flush();
  const first = await startEngineProcess(file);
  const names: string[] = [];
  for (let i = 0; i < MESSAGES; i += 20) {
    const batch = Array.from({ length: 20 }, async (_, j) => {
      const data = Buffer.from(`MSH|^~\\&|A|B|C|D|20240101||ADT^A01|K${i + j}|P|2.5\rPID|1||${i + j}^^^H^MR\r`).toString('base64');
      const response = await fetch(`${first.url}/v1/${store}/messages:ingest`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ message: { data } }) });
      t.is(response.status, 200);
      return ((await response.json()) as { message: { name: string } }).message.name;
    });
    names.push(...(await Promise.all(batch)));
  }
  // Every ingest answered: committed, with its outbox row; the publishes fail meanwhile.
  await new Promise((resolve) => setTimeout(resolve, 300));
  first.child.kill('SIGKILL');
  await new Promise((resolve) => first.child.once('exit', resolve));

  t.is(subscription.getReceived(), 0, 'nothing was published before the kill');
  writeConfig(NATS_URL);
  const second = await startEngineProcess(file);
  try {
    const arrived = new Set<string>();
    const timer = setTimeout(() => subscription.unsubscribe(), 30_000);
    for await (const message of subscription) {
      arrived.add(message.json<{ name: string }>().name);
      if (arrived.size === MESSAGES) break;
    }
    clearTimeout(timer);
    t.deepEqual(names.filter((name) => !arrived.has(name)), [], 'every notification arrives after the restart');
    t.is(arrived.size, MESSAGES);
  } finally {
    await stopEngineProcess(second);
    await nats.close();
  }
});

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { allMigrations } from '../../engine/main.ts';
import { closeRegion, openRegion } from '../../engine/regions/open-region.ts';
import { runTransaction } from '../../engine/regions/run-transaction.ts';
import { KnexDatasetRepository } from '../../stores/datasets/dataset-repository.ts';
import { KnexStoreRepository } from '../../stores/datasets/store-repository.ts';
import { Hl7v2MessageStore } from '../../stores/hl7v2/hl7v2-message-store.ts';
import { prepareHl7v2Message } from '../../stores/hl7v2/prepare-hl7v2-message.ts';
import { measureServer } from '../harness/measure-server.ts';
import { printReport, type Measured } from '../harness/report.ts';
import { startServerProcess } from '../harness/server-process.ts';

const TYPES = ['ADT', 'ORU', 'ORM', 'SIU', 'MDM', 'DFT', 'VXU', 'RDE'];
const STORE_PATH = '/v1/projects/bench/locations/local/datasets/main/hl7V2Stores/feed/messages';

function syntheticMessage(i: number): Buffer {
  const day = String(1 + (i % 28)).padStart(2, '0');
  const hour = String(i % 24).padStart(2, '0');
  return Buffer.from(`MSH|^~\\&|APP|FAC${i % 50}|EHR|HOSP|202403${day}${hour}0000||${TYPES[i % TYPES.length]}^A01|L${i}|P|2.5\rPID|1||MRN${i % 20000}^^^H^MR||Doe^Pat${i}\r`);
}

/** A store of `count` messages, written straight through the store layer in large transactions. */
async function populate(database: string, blobs: string, count: number): Promise<void> {
  const region = await openRegion('local', { database, blobs }, allMigrations());
  await region.db.transaction(async (trx) => {
    await new KnexDatasetRepository(region).create(trx, { project: 'bench', datasetId: 'main', timeZone: 'UTC', labels: {} });
    await new KnexStoreRepository(region).create(trx, { project: 'bench', datasetId: 'main', type: 'hl7v2', storeId: 'feed', config: {}, labels: {} });
  });
  const store = (await new KnexStoreRepository(region).get('bench', 'main', 'hl7v2', 'feed'))!;
  const messages = new Hl7v2MessageStore(region);
  for (let start = 0; start < count; start += 2000) {
    await runTransaction(region, async (tx) => {
      for (let i = start; i < Math.min(count, start + 2000); i++) {
        await messages.store(tx, store, prepareHl7v2Message(syntheticMessage(i), {}, 'UTC'), i % 100 === 0 ? { priority: 'high' } : {}, null);
      }
    });
  }
  await closeRegion(region);
}

/**
 * messages.list with indexed filters over a store of 100,000 messages: latency one request
 * at a time, beside the unfiltered first page (the ceiling) from the same server.
 */
export async function hl7v2ListScenario(options: { durationSec: number }): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'plexus-bench-list-'));
  const database = join(dir, 'list.db');
  const count = Number(process.env.BENCH_MESSAGES ?? 100_000);
  const started = performance.now();
  await populate(database, join(dir, 'blobs'), count);
  console.log(`stored ${count} messages in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  const config = join(dir, 'plexus.yaml');
  writeFileSync(config, stringify({ http: { port: 0 }, regions: { local: { database, blobs: join(dir, 'blobs') } }, log: { level: 'warn' } }));
  const server = await startServerProcess('bench/servers/engine-server.ts', { BENCH_CONFIG: config });
  const filters: Record<string, string> = {
    'message type': 'message_type = "ORU"',
    'send time range': 'send_time >= "2024-03-10T00:00:00Z" AND send_time < "2024-03-11T00:00:00Z"',
    facility: 'send_facility = "FAC7"',
    'patient id': 'PatientId("MRN1234", "MR")',
    label: 'labels.priority = "high"',
  };
  try {
    const load = { durationSec: options.durationSec, concurrency: 1 };
    const ceiling = await measureServer('first page, no filter (ceiling)', server, { path: `${STORE_PATH}?pageSize=10`, ...load });
    const subjects: Measured[] = [];
    for (const [name, filter] of Object.entries(filters)) {
      subjects.push(await measureServer(`filter: ${name}`, server, { path: `${STORE_PATH}?pageSize=10&filter=${encodeURIComponent(filter)}`, ...load }));
    }
    printReport(`HL7v2 messages.list over ${count} messages, one request at a time (goal: p99 under 5 ms)`, ceiling, subjects);
  } finally {
    await server.stop();
  }
}

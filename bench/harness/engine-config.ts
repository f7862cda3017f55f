import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';

/** The dataset every MLLP scenario writes into, and its HL7v2 store. */
export const BENCH_DATASET = 'projects/bench/locations/local/datasets/main';
export const BENCH_STORE = `${BENCH_DATASET}/hl7V2Stores/adt`;

/**
 * A plexus.yaml in `dir` for one engine on `database` (region `local`): loopback HTTP on a
 * free port, data-access audit on, the bench dataset with its HL7v2 store, and `extra`
 * top-level keys (`mllp`, `channels`). Returns the file.
 */
export function writeEngineConfig(dir: string, database: string, extra: Record<string, unknown>): string {
  const file = join(dir, `plexus-${randomBytes(3).toString('hex')}.yaml`);
  writeFileSync(file, stringify({
    http: { host: '127.0.0.1', port: 0 },
    regions: { local: { database, blobs: join(dir, 'blobs') } },
    audit: { dataAccess: true },
    bootstrap: { datasets: [{ project: 'bench', location: 'local', id: 'main', stores: [{ type: 'hl7v2', id: 'adt', config: {} }] }] },
    log: { level: 'warn' },
    ...extra,
  }));
  return file;
}

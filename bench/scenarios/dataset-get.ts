import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { measureInterleaved, median, printInterleavedReport } from '../harness/interleaved-rounds.ts';
import { startServerProcess } from '../harness/server-process.ts';

export interface ScenarioOptions {
  durationSec: number;
  concurrency: number;
  /** Interleaved rounds (each subject measured once per round). */
  rounds: number;
}

const DATASET_PATH = '/v1/projects/bench/locations/local/datasets/main';

/** An engine config with API-key auth, data-access auditing on or off. */
function writeEngineConfig(dir: string, key: string, dataAccess: boolean): string {
  const file = join(dir, `plexus-${dataAccess ? 'audit' : 'noaudit'}.yaml`);
  writeFileSync(file, stringify({
    http: { host: '127.0.0.1', port: 0 },
    regions: { local: { database: join(dir, `${dataAccess}.db`), blobs: join(dir, 'blobs') } },
    auth: { mode: 'apiKey', apiKeys: [{ principal: 'user:bench@example.org', keySha256: createHash('sha256').update(key).digest('hex') }] },
    iam: { bindings: [{ role: 'roles/healthcare.datasetViewer', members: ['user:bench@example.org'], project: 'bench' }] },
    audit: { dataAccess },
    bootstrap: { datasets: [{ project: 'bench', location: 'local', id: 'main', stores: [] }] },
    log: { level: 'warn' },
  }));
  return file;
}

/**
 * GET a dataset through routing, API-key authentication, IAM and audit, against a bare
 * fastify route returning the same JSON (the ceiling), in the same run.
 */
export async function datasetGetScenario(options: ScenarioOptions): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'plexus-bench-'));
  const key = randomBytes(24).toString('base64url');
  const body = { name: 'projects/bench/locations/local/datasets/main', timeZone: 'UTC' };
  const load = { path: DATASET_PATH, durationSec: options.durationSec, concurrency: options.concurrency };
  const engineLoad = { ...load, headers: { authorization: `Bearer ${key}` } };
  const servers = await Promise.all([
    startServerProcess('bench/servers/bare-fastify.ts', { BENCH_BODY: JSON.stringify(body) }),
    startServerProcess('bench/servers/engine-server.ts', { BENCH_CONFIG: writeEngineConfig(dir, key, true) }),
    startServerProcess('bench/servers/engine-server.ts', { BENCH_CONFIG: writeEngineConfig(dir, key, false) }),
  ]);
  try {
    const rounds = await measureInterleaved([
      { name: 'bare fastify (ceiling)', server: servers[0], load },
      { name: 'engine, audit on', server: servers[1], load: engineLoad },
      { name: 'engine, data-access audit off', server: servers[2], load: engineLoad },
    ], options.rounds);
    printInterleavedReport(`dataset GET, ${options.concurrency} connections, ${options.durationSec} s each`, rounds, { 'engine, audit on': 0.5 });
    const auditRatios = rounds.map(([, on, off]) => on.result.requestsPerSec / off.result.requestsPerSec);
    console.log(`audit on / data-access audit off: ${median(auditRatios).toFixed(2)} (per round ${auditRatios.map((r) => r.toFixed(2)).join(', ')}; goal >= 0.8)`);
  } finally {
    await Promise.all(servers.map((s) => s.stop()));
  }
}

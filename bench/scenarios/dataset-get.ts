import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { measureServer } from '../harness/measure-server.ts';
import { printReport, type Measured } from '../harness/report.ts';
import { startServerProcess } from '../harness/server-process.ts';

export interface ScenarioOptions {
  durationSec: number;
  concurrency: number;
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

async function measureEngine(name: string, configFile: string, key: string, options: ScenarioOptions): Promise<Measured> {
  const server = await startServerProcess('bench/servers/engine-server.ts', { BENCH_CONFIG: configFile });
  try {
    return await measureServer(name, server, { path: DATASET_PATH, headers: { authorization: `Bearer ${key}` }, ...options });
  } finally {
    await server.stop();
  }
}

/**
 * GET a dataset through routing, API-key authentication, IAM and audit, against a bare
 * fastify route returning the same JSON (the ceiling), in the same run.
 */
export async function datasetGetScenario(options: ScenarioOptions): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'plexus-bench-'));
  const key = randomBytes(24).toString('base64url');
  const body = { name: 'projects/bench/locations/local/datasets/main', timeZone: 'UTC' };
  const bare = await startServerProcess('bench/servers/bare-fastify.ts', { BENCH_BODY: JSON.stringify(body) });
  let ceiling: Measured;
  try {
    ceiling = await measureServer('bare fastify (ceiling)', bare, { path: DATASET_PATH, ...options });
  } finally {
    await bare.stop();
  }
  const audited = await measureEngine('engine, audit on', writeEngineConfig(dir, key, true), key, options);
  const unaudited = await measureEngine('engine, data-access audit off', writeEngineConfig(dir, key, false), key, options);
  printReport(`dataset GET, ${options.concurrency} connections, ${options.durationSec} s each`, ceiling, [audited, unaudited], {
    'engine, audit on': 0.5,
  });
  const ratio = audited.result.requestsPerSec / unaudited.result.requestsPerSec;
  console.log(`audit on / data-access audit off: ${ratio.toFixed(2)} (goal >= 0.8)`);
}

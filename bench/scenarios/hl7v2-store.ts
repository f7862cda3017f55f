import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { runMllpLoad, type MllpLoadResult } from '../harness/mllp-load.ts';
import { startServerProcess, type ServerProcess } from '../harness/server-process.ts';

const FIXTURES = new URL('../../../shared/fixtures/hl7v2/', import.meta.url);
const STORE = 'projects/bench/locations/local/datasets/main/hl7V2Stores/adt';

/** The ADT fixtures, each sent with a control id of its own so no two messages are byte-identical. */
function messageSource(): (connection: number, i: number) => Buffer {
  const texts = readdirSync(FIXTURES).filter((n) => n.startsWith('ADT')).map((n) => readFileSync(new URL(n, FIXTURES), 'latin1').replace(/^\uFEFF|^\xef\xbb\xbf/, ''));
  const run = randomBytes(3).toString('hex');
  return (connection, i) => {
    const text = texts[i % texts.length];
    const fields = text.slice(0, text.search(/[\r\n]/)).split('|');
    fields[9] = `B${run}${connection}x${i}`;
    return Buffer.from(fields.join('|') + text.slice(text.search(/[\r\n]/)), 'latin1');
  };
}

function writeConfig(dir: string, database: string): string {
  const file = join(dir, `plexus-${randomBytes(3).toString('hex')}.yaml`);
  writeFileSync(file, stringify({
    http: { host: '127.0.0.1', port: 0 },
    regions: { local: { database, blobs: join(dir, 'blobs') } },
    audit: { dataAccess: true },
    bootstrap: { datasets: [{ project: 'bench', location: 'local', id: 'main', stores: [{ type: 'hl7v2', id: 'adt', config: {} }] }] },
    mllp: [{ host: '127.0.0.1', port: 0, store: STORE }],
    log: { level: 'warn' },
  }));
  return file;
}

interface Row {
  scenario: string;
  result: MllpLoadResult;
  rssMb: number;
  cpuUsPerMessage: number;
  commitsPerMessage: number | null;
}

async function commitCount(server: ServerProcess): Promise<number | null> {
  const http = server.url.split(' ')[1];
  if (!http) return null;
  const text = await (await fetch(`${http}/metrics`)).text();
  return Number(/^plexus_group_commit_transactions_total (\d+)/m.exec(text)?.[1] ?? NaN);
}

async function measure(name: string, server: ServerProcess, connections: number, durationSec: number, message: (c: number, i: number) => Buffer): Promise<Row> {
  const port = Number(/mllp:\/\/[^:]+:(\d+)/.exec(server.url)![1]);
  await runMllpLoad({ host: '127.0.0.1', port, connections, durationSec: 1, message: (c, i) => message(c + 100, i) });
  const cpu0 = server.cpuSeconds();
  const commits0 = await commitCount(server);
  const result = await runMllpLoad({ host: '127.0.0.1', port, connections, durationSec, message });
  const commits1 = await commitCount(server);
  const cpuUsPerMessage = ((server.cpuSeconds() - cpu0) * 1e6) / result.total;
  const commitsPerMessage = commits0 === null || commits1 === null ? null : (commits1 - commits0) / result.total;
  return { scenario: name, result, rssMb: server.peakRssMb(), cpuUsPerMessage, commitsPerMessage };
}

/**
 * MLLP messages committed to an HL7v2 store per second, ACK after commit, for 1 and 10
 * connections, beside a bare MLLP echo server (the ceiling) in the same run. SQLite, and
 * PostgreSQL when PLEXUS_BENCH_DATABASE_URL is set.
 */
export async function hl7v2StoreScenario(options: { durationSec: number }): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'plexus-bench-hl7v2-'));
  const message = messageSource();
  const rows: Row[] = [];
  const echo = await startServerProcess('bench/servers/mllp-echo.ts');
  try {
    for (const c of [1, 10]) rows.push(await measure(`echo ceiling, ${c} conn`, echo, c, options.durationSec, message));
  } finally {
    await echo.stop();
  }
  const databases: Array<[string, string]> = [['sqlite', join(dir, 'bench.db')]];
  const pg = process.env.PLEXUS_BENCH_DATABASE_URL;
  if (pg) databases.push(['postgres', `${pg}${pg.includes('?') ? '&' : '?'}schema=bench_${randomBytes(4).toString('hex')}`]);
  for (const [dialect, database] of databases) {
    const engine = await startServerProcess('bench/servers/engine-with-mllp.ts', { BENCH_CONFIG: writeConfig(dir, database) });
    try {
      for (const c of [1, 10]) rows.push(await measure(`engine ${dialect}, ${c} conn`, engine, c, options.durationSec, message));
    } finally {
      await engine.stop();
    }
  }
  console.log(`\nHL7v2 over MLLP into the store, ACK after commit, ${options.durationSec} s each`);
  console.table(rows.map((r) => {
    const ceiling = rows.find((x) => x.scenario.startsWith('echo') && x.scenario.endsWith(r.scenario.slice(-6)));
    return {
      scenario: r.scenario,
      'msg/s': Math.round(r.result.messagesPerSec),
      'ACK p50 ms': r.result.p50Ms,
      'ACK p99 ms': r.result.p99Ms,
      'peak RSS MB': r.rssMb,
      'server CPU us/msg': Math.round(r.cpuUsPerMessage),
      'commits/msg': r.commitsPerMessage === null ? '' : r.commitsPerMessage.toFixed(2),
      'not AA': r.result.errors,
      'ratio to ceiling': ceiling && ceiling !== r ? (r.result.messagesPerSec / ceiling.result.messagesPerSec).toFixed(2) : '1.00 (ceiling)',
    };
  }));
}

import { BENCH_STORE, writeEngineConfig } from '../harness/engine-config.ts';
import { runMllpEngineScenario } from '../harness/run-mllp-engine-scenario.ts';

/**
 * MLLP messages committed to an HL7v2 store per second by a plain `mllp` listener, ACK
 * after commit, for 1 and 10 connections, beside a bare MLLP echo server (the ceiling) in
 * the same run. SQLite, and PostgreSQL when PLEXUS_BENCH_DATABASE_URL is set.
 */
export async function hl7v2StoreScenario(options: { durationSec: number; connections?: number[] }): Promise<void> {
  await runMllpEngineScenario({
    title: 'HL7v2 over MLLP into the store, ACK after commit',
    serverScript: 'bench/servers/engine-with-mllp.ts',
    engineEnv: (dir, database) => ({ BENCH_CONFIG: writeEngineConfig(dir, database, { mllp: [{ host: '127.0.0.1', port: 0, store: BENCH_STORE }] }) }),
    durationSec: options.durationSec,
    connections: options.connections ?? [1, 10],
  });
}

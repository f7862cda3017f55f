import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { adtMessageSource } from './adt-message-source.ts';
import { benchDatabases } from './bench-databases.ts';
import { measureMllp, type MllpMeasured } from './measure-mllp.ts';
import { printMllpReport } from './mllp-report.ts';
import { startServerProcess } from './server-process.ts';

export interface MllpEngineScenario {
  title: string;
  /** A server script printing `listening mllp://HOST:PORT http://HOST:PORT`. */
  serverScript: string;
  /** The environment of one engine on `database`, with its config files written to `dir`. */
  engineEnv(dir: string, database: string): Record<string, string>;
  durationSec: number;
  connections: number[];
}

/**
 * The ADT fixtures over MLLP into an engine, on each bench database and number of
 * connections, beside the bare MLLP echo server (the ceiling) measured first in the same run.
 */
export async function runMllpEngineScenario(scenario: MllpEngineScenario): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'plexus-bench-mllp-'));
  const message = adtMessageSource();
  const ceilings: MllpMeasured[] = [];
  const subjects: MllpMeasured[] = [];
  const echo = await startServerProcess('bench/servers/mllp-echo.ts');
  try {
    for (const c of scenario.connections) ceilings.push(await measureMllp(`echo ceiling, ${c} conn`, echo, c, scenario.durationSec, message));
  } finally {
    await echo.stop();
  }
  for (const { dialect, database } of benchDatabases(dir)) {
    const engine = await startServerProcess(scenario.serverScript, scenario.engineEnv(dir, database));
    try {
      for (const c of scenario.connections) subjects.push(await measureMllp(`engine ${dialect}, ${c} conn`, engine, c, scenario.durationSec, message));
    } finally {
      await engine.stop();
    }
  }
  printMllpReport(`${scenario.title}, ${scenario.durationSec} s each`, ceilings, subjects);
}

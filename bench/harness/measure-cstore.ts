import type { ServerProcess } from './server-process.ts';
import { runStorescu, type CStoreLoadResult } from './storescu-load.ts';

export interface CStoreMeasured {
  name: string;
  result: CStoreLoadResult;
  peakRssMb: number;
  cpuUsPerInstance: number;
}

export interface CStoreTarget {
  port: number;
  aeTitle: string;
}

/**
 * Warm an SCP up with `warm` (other instances than the measured ones: a store answers a
 * repeated instance more cheaply), then send `files` on one association with storescu and
 * take instances per second, store latency, RSS and server CPU per instance.
 */
export async function measureCStore(name: string, server: ServerProcess, target: CStoreTarget, warm: string[], files: string[]): Promise<CStoreMeasured> {
  const load = (list: string[]) => runStorescu({ host: '127.0.0.1', port: target.port, calledAeTitle: target.aeTitle, files: list });
  await load(warm);
  const cpu0 = server.cpuSeconds();
  const result = await load(files);
  const cpuUsPerInstance = ((server.cpuSeconds() - cpu0) * 1e6) / Math.max(1, result.stored);
  return { name, result, peakRssMb: server.peakRssMb(), cpuUsPerInstance };
}

import type { MessageSource } from './adt-message-source.ts';
import { runMllpLoad, type MllpLoadResult } from './mllp-load.ts';
import { readCommitCount } from './read-commit-count.ts';
import type { ServerProcess } from './server-process.ts';

export interface MllpMeasured {
  name: string;
  connections: number;
  result: MllpLoadResult;
  peakRssMb: number;
  cpuUsPerMessage: number;
  /** Group-commit transactions per message; null for a server without /metrics. */
  commitsPerMessage: number | null;
}

/**
 * Warm an MLLP server up for a second, then load it on
 * `connections` connections and take throughput, ACK latency, RSS, CPU and commits per message.
 */
export async function measureMllp(name: string, server: ServerProcess, connections: number, durationSec: number, message: MessageSource): Promise<MllpMeasured> {
  const port = Number(/mllp:\/\/[^:]+:(\d+)/.exec(server.url)![1]);
  await runMllpLoad({ host: '127.0.0.1', port, connections, durationSec: 1, message });
  const cpu0 = server.cpuSeconds();
  const commits0 = await readCommitCount(server);
  const result = await runMllpLoad({ host: '127.0.0.1', port, connections, durationSec, message });
  const commits1 = await readCommitCount(server);
  const cpuUsPerMessage = ((server.cpuSeconds() - cpu0) * 1e6) / result.total;
  const commitsPerMessage = commits0 === null || commits1 === null ? null : (commits1 - commits0) / result.total;
  return { name, connections, result, peakRssMb: server.peakRssMb(), cpuUsPerMessage, commitsPerMessage };
}

import { type LoadOptions, runLoad } from './load.ts';
import type { Measured } from './report.ts';
import type { ServerProcess } from './server-process.ts';

/** Warm a server up for a second, then load it and take throughput, latency, RSS and CPU per request. */
export async function measureServer(name: string, server: ServerProcess, load: Omit<LoadOptions, 'url'> & { path: string }): Promise<Measured> {
  const { path, ...options } = load;
  const url = `${server.url}${path}`;
  await runLoad({ ...options, url, durationSec: 1 });
  const cpuBefore = server.cpuSeconds();
  const result = await runLoad({ ...options, url });
  const cpu = server.cpuSeconds() - cpuBefore;
  return { name, result, peakRssMb: server.peakRssMb(), cpuUsPerRequest: result.total > 0 ? (cpu * 1e6) / result.total : undefined };
}

import type { LoadResult } from './load.ts';

export interface Measured {
  name: string;
  result: LoadResult;
  peakRssMb: number;
  /** Server CPU per request, microseconds, when measured. */
  cpuUsPerRequest?: number;
}

/** Print each subject next to the ceiling measured in the same run, with the throughput ratio. */
export function printReport(title: string, ceiling: Measured, subjects: Measured[], goals: Record<string, number> = {}): void {
  console.log(`\n${title}`);
  const rows = [ceiling, ...subjects].map((m) => ({
    scenario: m.name,
    'req/s': Math.round(m.result.requestsPerSec),
    'p50 ms': m.result.p50Ms,
    'p99 ms': m.result.p99Ms,
    'peak RSS MB': m.peakRssMb,
    'server CPU us/req': m.cpuUsPerRequest === undefined ? '' : Math.round(m.cpuUsPerRequest),
    errors: m.result.errors + m.result.non2xx,
    'ratio to ceiling': m === ceiling ? '1.00 (ceiling)' : (m.result.requestsPerSec / ceiling.result.requestsPerSec).toFixed(2),
    goal: goals[m.name] !== undefined ? `>= ${goals[m.name]}` : '',
  }));
  console.table(rows);
}

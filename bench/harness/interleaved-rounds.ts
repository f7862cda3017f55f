import type { LoadOptions } from './load.ts';
import { measureServer } from './measure-server.ts';
import type { Measured } from './report.ts';
import type { ServerProcess } from './server-process.ts';

export interface RoundSubject {
  name: string;
  server: ServerProcess;
  load: Omit<LoadOptions, 'url'> & { path: string };
}

/**
 * Measure every subject once per round, rounds after each other, all servers started
 * beforehand: a slow spell of this noisy machine then falls on one round of all of them,
 * not on one subject, and each round's ratios compare like with like.
 */
export async function measureInterleaved(subjects: RoundSubject[], rounds: number): Promise<Measured[][]> {
  const measured: Measured[][] = [];
  for (let round = 0; round < rounds; round++) {
    const row: Measured[] = [];
    for (const subject of subjects) row.push(await measureServer(subject.name, subject.server, subject.load));
    measured.push(row);
  }
  return measured;
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * One row per subject: the median over rounds of its throughput, latency and CPU per request,
 * and the median of its per-round throughput ratio to the ceiling (the first subject), with
 * the ratio's spread.
 */
export function printInterleavedReport(title: string, rounds: Measured[][], goals: Record<string, number> = {}): void {
  console.log(`\n${title} (${rounds.length} interleaved rounds; medians)`);
  const names = rounds[0].map((m) => m.name);
  const rows = names.map((name, i) => {
    const runs = rounds.map((row) => row[i]);
    const ratios = rounds.map((row) => row[i].result.requestsPerSec / row[0].result.requestsPerSec);
    const cpu = runs.map((m) => m.cpuUsPerRequest).filter((v): v is number => v !== undefined);
    return {
      scenario: name,
      'req/s': Math.round(median(runs.map((m) => m.result.requestsPerSec))),
      'p50 ms': median(runs.map((m) => m.result.p50Ms)),
      'p99 ms': median(runs.map((m) => m.result.p99Ms)),
      'peak RSS MB': Math.max(...runs.map((m) => m.peakRssMb)),
      'server CPU us/req': cpu.length > 0 ? Math.round(median(cpu)) : '',
      errors: runs.reduce((sum, m) => sum + m.result.errors + m.result.non2xx, 0),
      'ratio to ceiling': i === 0 ? '1.00 (ceiling)' : `${median(ratios).toFixed(2)} (${Math.min(...ratios).toFixed(2)}-${Math.max(...ratios).toFixed(2)})`,
      goal: goals[name] !== undefined ? `>= ${goals[name]}` : '',
    };
  });
  console.table(rows);
  for (const [i, row] of rounds.entries()) {
    console.log(`round ${i + 1}: ${row.map((m) => `${m.name} ${Math.round(m.result.requestsPerSec)}/s, ${m.cpuUsPerRequest === undefined ? '?' : Math.round(m.cpuUsPerRequest)} us CPU`).join('; ')}`);
  }
}

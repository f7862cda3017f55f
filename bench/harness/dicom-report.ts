import type { CStoreMeasured } from './measure-cstore.ts';
import type { DicomWebMeasured } from './measure-dicomweb.ts';

/** A ratio and whether it meets its goal; blank when there is no goal. */
function goalCell(ratio: number, goal: number | undefined): string {
  return goal === undefined ? '' : `>= ${goal} (${ratio >= goal ? 'met' : 'not met'})`;
}

export interface CStoreReferences {
  /** The row the product is compared to. */
  peer: string;
  /** The bare SCP of the same library. */
  bare: string;
  /** Goals per row name: minimum ratio to the peer and to the bare SCP. */
  goals: Record<string, { peer: number; bare: number }>;
}

/** One row per SCP: instances per second, store latency, RSS, CPU, and ratios to the peer and to the bare SCP. */
export function printCStoreReport(title: string, rows: CStoreMeasured[], references: CStoreReferences): void {
  const rate = (name: string) => rows.find((r) => r.name === name)?.result.instancesPerSec ?? NaN;
  const peer = rate(references.peer);
  const bare = rate(references.bare);
  console.log(`\n${title}`);
  console.table(rows.map((m) => {
    const goal = references.goals[m.name];
    return {
      SCP: m.name,
      'instances/s': Math.round(m.result.instancesPerSec),
      'store p50 ms': m.result.p50Ms,
      'store p99 ms': m.result.p99Ms,
      'peak RSS MB': m.peakRssMb,
      'server CPU us/inst': Math.round(m.cpuUsPerInstance),
      failed: m.result.failed,
      [`x ${references.peer}`]: (m.result.instancesPerSec / peer).toFixed(2),
      [`x ${references.bare}`]: (m.result.instancesPerSec / bare).toFixed(2),
      [`goal x ${references.peer}`]: goalCell(m.result.instancesPerSec / peer, goal?.peer),
      [`goal x ${references.bare}`]: goalCell(m.result.instancesPerSec / bare, goal?.bare),
    };
  }));
}

/**
 * One row per operation and server, with the throughput ratio to the `peer` row of the same
 * operation and the goal of that ratio for the product's rows (`goalOf(operation)`).
 */
export function printDicomWebReport(title: string, rows: DicomWebMeasured[], peer: string, goalOf: (operation: string) => number | undefined): void {
  console.log(`\n${title}`);
  console.table(rows.map((m) => {
    const reference = rows.find((r) => r.operation === m.operation && r.name === peer);
    const ratio = reference ? m.result.requestsPerSec / reference.result.requestsPerSec : NaN;
    return {
      operation: m.operation,
      server: m.name,
      'req/s': Math.round(m.result.requestsPerSec * 10) / 10,
      'p50 ms': m.result.p50Ms,
      'p99 ms': m.result.p99Ms,
      'peak RSS MB': m.peakRssMb,
      'server CPU us/req': m.cpuUsPerRequest === undefined ? '' : Math.round(m.cpuUsPerRequest),
      requests: m.result.total,
      errors: m.result.errors + m.result.non2xx,
      [`x ${peer}`]: m === reference ? '1.00 (peer)' : ratio.toFixed(2),
      goal: m === reference ? '' : goalCell(ratio, goalOf(m.operation)),
    };
  }));
}

import type { MllpMeasured } from './measure-mllp.ts';

/**
 * One row per measurement, each with its throughput ratio to the ceiling row measured on
 * the same number of connections (`ceilings`).
 */
export function printMllpReport(title: string, ceilings: MllpMeasured[], subjects: MllpMeasured[]): void {
  console.log(`\n${title}`);
  console.table([...ceilings, ...subjects].map((m) => {
    const ceiling = ceilings.find((c) => c.connections === m.connections);
    return {
      scenario: m.name,
      'msg/s': Math.round(m.result.messagesPerSec),
      'ACK p50 ms': m.result.p50Ms,
      'ACK p99 ms': m.result.p99Ms,
      'peak RSS MB': m.peakRssMb,
      'server CPU us/msg': Math.round(m.cpuUsPerMessage),
      'commits/msg': m.commitsPerMessage === null ? '' : m.commitsPerMessage.toFixed(2),
      'not AA': m.result.errors,
      'ratio to ceiling': m === ceiling ? '1.00 (ceiling)' : ceiling ? (m.result.messagesPerSec / ceiling.result.messagesPerSec).toFixed(2) : '',
    };
  }));
}

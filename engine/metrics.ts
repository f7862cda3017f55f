import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';
import { groupCommitTotals } from './regions/group-commit.ts';

/** The process's Prometheus registry: process metrics plus what each layer registers. */
export interface Metrics {
  registry: Registry;
  observeRequest(method: string, route: string, status: number, seconds: number): void;
}

export function createMetrics(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'plexus_' });
  const requests = new Histogram({
    name: 'plexus_http_request_duration_seconds',
    help: 'HTTP API requests by method, route pattern and status, with their latency',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10],
    registers: [registry],
  });
  countGroupCommits(registry, 'transactions', 'plexus_group_commit_transactions_total', 'Transactions (and so fsyncs) the group committers ran');
  countGroupCommits(registry, 'units', 'plexus_group_commit_units_total', 'Units of work (messages, writes) those transactions committed');
  return {
    registry,
    observeRequest(method, route, status, seconds) {
      requests.observe({ method, route, status: String(status) }, seconds);
    },
  };
}

/** A counter that reads one of the group committers' process-wide totals when scraped. */
function countGroupCommits(registry: Registry, total: keyof typeof groupCommitTotals, name: string, help: string): void {
  let reported = 0;
  new Counter({
    name,
    help,
    registers: [registry],
    collect() {
      this.inc(groupCommitTotals[total] - reported);
      reported = groupCommitTotals[total];
    },
  });
}

import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';
import { groupCommitTotals } from './regions/group-commit.ts';
import { walRestartTotals } from './regions/wal-checkpointer.ts';

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
  countTotal(registry, groupCommitTotals, 'transactions', 'plexus_group_commit_transactions_total', 'Transactions (and so fsyncs) the group committers ran');
  countTotal(registry, groupCommitTotals, 'units', 'plexus_group_commit_units_total', 'Units of work (messages, writes) those transactions committed');
  countTotal(registry, walRestartTotals, 'paused', 'plexus_sqlite_wal_pauses_total', 'Times SQLite writes paused for a checkpoint because the WAL was over its limit');
  countTotal(registry, walRestartTotals, 'restarted', 'plexus_sqlite_wal_restarts_total', 'Of those pauses, the ones after which the WAL started again from its beginning');
  return {
    registry,
    observeRequest(method, route, status, seconds) {
      requests.observe({ method, route, status: String(status) }, seconds);
    },
  };
}

/** A counter that reads one of a layer's process-wide totals when scraped. */
function countTotal<K extends string>(registry: Registry, totals: Record<K, number>, total: K, name: string, help: string): void {
  let reported = 0;
  new Counter({
    name,
    help,
    registers: [registry],
    collect() {
      this.inc(totals[total] - reported);
      reported = totals[total];
    },
  });
}

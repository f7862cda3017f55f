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
  const collected = { transactions: 0, units: 0 };
  new Counter({
    name: 'plexus_group_commit_transactions_total',
    help: 'Transactions (and so fsyncs) the group committers ran',
    registers: [registry],
    collect() {
      this.inc(groupCommitTotals.transactions - collected.transactions);
      collected.transactions = groupCommitTotals.transactions;
    },
  });
  new Counter({
    name: 'plexus_group_commit_units_total',
    help: 'Units of work (messages, writes) those transactions committed',
    registers: [registry],
    collect() {
      this.inc(groupCommitTotals.units - collected.units);
      collected.units = groupCommitTotals.units;
    },
  });
  return {
    registry,
    observeRequest(method, route, status, seconds) {
      requests.observe({ method, route, status: String(status) }, seconds);
    },
  };
}

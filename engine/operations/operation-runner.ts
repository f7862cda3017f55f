import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Logger } from '../logger.ts';
import type { Region } from '../regions/region.ts';
import type { Operation } from './operation.ts';
import { OperationExecution } from './operation-execution.ts';
import type { OperationHandler } from './operation-handler.ts';
import type { OperationStore } from './operation-store.ts';

export interface OperationRunnerOptions {
  regions: Region[];
  /** How long a claim holds without renewal; a dead process's operations wait this long. */
  leaseMs: number;
  /** How often each region is asked for runnable operations. */
  pollIntervalMs: number;
  /** Lease owner name, unique per process; default: host, pid and a random suffix. */
  owner?: string;
  /** Operations this process runs at once; default 4. */
  concurrency?: number;
  logger: Logger;
}

/**
 * Runs long-running operations in this engine process. Operations are claimed from the
 * regions' databases with a lease, so any number of processes share the work, and one
 * that dies leaves its operations to be resumed from their checkpoint once the lease lapses.
 */
export class OperationRunner {
  readonly owner: string;
  private readonly handlers = new Map<string, OperationHandler>();
  private readonly running = new Map<string, OperationExecution>();
  private readonly concurrency: number;
  private started = false;
  private timer: NodeJS.Timeout | null = null;
  private polling: Promise<void> | null = null;
  private pollAgain = false;
  private unsubscribe: (() => void) | null = null;

  constructor(private readonly store: OperationStore, private readonly options: OperationRunnerOptions) {
    this.owner = options.owner ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
    this.concurrency = options.concurrency ?? 4;
  }

  /** Name the handler for one kind of operation; only registered kinds are claimed. */
  register(kind: string, handler: OperationHandler): void {
    if (this.handlers.has(kind)) throw new Error(`operation kind '${kind}' is registered twice`);
    this.handlers.set(kind, handler);
  }

  start(): void {
    if (this.started) return;
    this.started = true;
    this.unsubscribe = this.store.onCreated(() => this.wake());
    this.wake();
  }

  /** Poll now rather than at the next interval (an operation was just created). */
  wake(): void {
    if (!this.started) return;
    if (this.polling) {
      this.pollAgain = true;
      return;
    }
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.polling = this.poll().finally(() => this.afterPoll());
  }

  /** Stop claiming, abort running handlers and hand their operations back unfinished. */
  async stop(): Promise<void> {
    this.started = false;
    this.unsubscribe?.();
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.polling;
    const executions = [...this.running.values()];
    for (const execution of executions) execution.stop();
    await Promise.all(executions.map((e) => e.finished));
  }

  private afterPoll(): void {
    this.polling = null;
    if (!this.started) return;
    if (this.pollAgain) {
      this.pollAgain = false;
      this.wake();
    } else {
      this.timer = setTimeout(() => this.wake(), this.options.pollIntervalMs);
    }
  }

  private async poll(): Promise<void> {
    for (const region of this.options.regions) {
      const free = this.concurrency - this.running.size;
      if (free <= 0 || !this.started) return;
      let claimed: Operation[];
      try {
        claimed = await this.store.claim(region, this.owner, [...this.handlers.keys()], free, this.options.leaseMs);
      } catch (error) {
        this.options.logger.warn({ err: error, region: region.name }, 'claiming operations failed; retrying at the next poll');
        continue;
      }
      for (const operation of claimed) this.launch(region, operation);
    }
  }

  private launch(region: Region, operation: Operation): void {
    const key = `${region.name}/${operation.id}`;
    const deps = { store: this.store, region, owner: this.owner, leaseMs: this.options.leaseMs, logger: this.options.logger };
    // claim() returns only operations of registered kinds.
    const handler = this.handlers.get(operation.kind as string)!;
    const execution = new OperationExecution(deps, operation, handler);
    this.running.set(key, execution);
    void execution.finished.finally(() => {
      this.running.delete(key);
      // A slot is free: there may be more waiting.
      this.wake();
    });
  }
}

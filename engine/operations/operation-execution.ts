import { ApiError } from '../errors/api-error.ts';
import type { Logger } from '../logger.ts';
import type { Region } from '../regions/region.ts';
import type { Operation } from './operation.ts';
import type { OperationContext, OperationHandler } from './operation-handler.ts';
import { cancelledStatus, toOperationStatus } from './operation-status.ts';
import type { LeaseState, OperationLease, OperationOutcome, OperationProgress, OperationStore } from './operation-store.ts';

export interface OperationExecutionDeps {
  store: OperationStore;
  region: Region;
  owner: string;
  leaseMs: number;
  logger: Logger;
}

/** Why a handler was aborted: each ends the operation differently. */
type StopReason = 'cancelled' | 'stopping' | 'leaseLost';

type HandlerResult = { response: unknown } | { thrown: unknown };

/**
 * One claimed operation running in this process: its handler, the lease renewed beside it,
 * and the ending written back. Cancelled ends it with CANCELLED; the runner stopping gives
 * it back unfinished; a lost lease leaves it to whoever holds it now.
 */
export class OperationExecution {
  readonly finished: Promise<void>;
  private readonly store: OperationStore;
  private readonly logger: Logger;
  private readonly operation: Operation;
  private readonly lease: OperationLease;
  private readonly controller = new AbortController();
  private stopReason: StopReason | null = null;
  private renewTimer: NodeJS.Timeout | null = null;
  /** Until when the lease is surely ours, by our clock, from the last successful renewal. */
  private heldUntil: number;

  /** Starts the handler at once; `finished` settles (never rejects) once the operation is written back. */
  constructor(deps: OperationExecutionDeps, operation: Operation, handler: OperationHandler) {
    this.store = deps.store;
    this.logger = deps.logger;
    this.operation = operation;
    this.lease = { region: deps.region, id: operation.id, owner: deps.owner, leaseMs: deps.leaseMs };
    this.heldUntil = Date.now() + deps.leaseMs;
    this.finished = this.run(handler);
  }

  /** Abort the handler and give the operation back for a later run. */
  stop(): void {
    this.abort('stopping');
  }

  private async run(handler: OperationHandler): Promise<void> {
    if (this.operation.cancelRequested) return this.end({ error: cancelledStatus });
    this.logger.info({ operation: this.operation.name, kind: this.operation.kind, resumed: this.operation.checkpoint !== null }, 'operation started');
    this.renewTimer = setInterval(() => void this.renew(), Math.max(1, Math.floor(this.lease.leaseMs / 3)));
    let result: HandlerResult;
    try {
      result = { response: await handler(this.context()) };
    } catch (thrown) {
      result = { thrown };
    } finally {
      this.clearRenewTimer();
    }
    await this.settle(result);
  }

  private context(): OperationContext {
    return {
      operation: this.operation,
      region: this.lease.region,
      checkpoint: this.operation.checkpoint,
      saveProgress: (progress) => this.saveProgress(progress),
      isCancelled: () => this.stopReason === 'cancelled',
      signal: this.controller.signal,
    };
  }

  private async saveProgress(progress: OperationProgress): Promise<void> {
    if (this.stopReason !== 'leaseLost') {
      const asked = Date.now();
      this.observe(await this.store.saveProgress(this.lease, progress), asked);
    }
    this.controller.signal.throwIfAborted();
  }

  private async renew(): Promise<void> {
    // Past the lease another process may already run it (renewals can hang on a dead
    // database): stop rather than run it twice.
    if (Date.now() >= this.heldUntil) return this.abort('leaseLost');
    const asked = Date.now();
    try {
      this.observe(await this.store.renewLease(this.lease), asked);
    } catch (error) {
      this.logger.warn({ err: error, operation: this.operation.name }, 'operation lease renewal failed');
    }
  }

  private observe(state: LeaseState, asked: number): void {
    if (state === 'lost') return this.abort('leaseLost');
    this.heldUntil = asked + this.lease.leaseMs;
    if (state === 'cancelRequested') this.abort('cancelled');
  }

  private abort(reason: StopReason): void {
    if (this.stopReason) return;
    this.stopReason = reason;
    this.clearRenewTimer();
    this.controller.abort(reason === 'cancelled' ? new ApiError('CANCELLED', cancelledStatus.message) : new Error(`operation ${reason === 'stopping' ? 'runner is stopping' : 'lease was lost'}`));
  }

  private async settle(result: HandlerResult): Promise<void> {
    if (this.stopReason === 'cancelled') return this.end({ error: cancelledStatus });
    if ('response' in result) return this.end({ response: result.response ?? null });
    if (this.stopReason === 'stopping') return this.release();
    if (this.stopReason === 'leaseLost') {
      this.logger.warn({ operation: this.operation.name }, 'operation lease lost; left to its new holder');
      return;
    }
    if (!(result.thrown instanceof ApiError)) this.logger.error({ err: result.thrown, operation: this.operation.name }, 'operation failed');
    return this.end({ error: toOperationStatus(result.thrown) });
  }

  private async end(outcome: OperationOutcome): Promise<void> {
    try {
      const written = await this.store.complete(this.lease, outcome);
      const ending = 'error' in outcome ? `error ${outcome.error.code}` : 'success';
      this.logger.info({ operation: this.operation.name, written, ending }, 'operation done');
    } catch (error) {
      this.logger.warn({ err: error, operation: this.operation.name }, 'operation result not written; it runs again once the lease expires');
    }
  }

  private async release(): Promise<void> {
    try {
      await this.store.releaseLease(this.lease);
    } catch (error) {
      this.logger.warn({ err: error, operation: this.operation.name }, 'operation lease not released; it expires');
    }
  }

  private clearRenewTimer(): void {
    if (this.renewTimer) clearInterval(this.renewTimer);
    this.renewTimer = null;
  }
}

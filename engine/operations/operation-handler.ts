import type { Region } from '../regions/region.ts';
import type { Operation } from './operation.ts';
import type { OperationProgress } from './operation-store.ts';

/** What a handler gets each time it is (re)started on an operation. */
export interface OperationContext {
  readonly operation: Operation;
  readonly region: Region;
  /** The checkpoint the handler saved last (null on the first run): resume from there. */
  readonly checkpoint: unknown;
  /**
   * Save counters, percentage and checkpoint (and renew the lease). Throws the signal's
   * reason once the operation is cancelled, its lease lost or the runner stopping.
   */
  saveProgress(progress: OperationProgress): Promise<void>;
  isCancelled(): boolean;
  /** Aborted when the operation is cancelled, its lease is lost or the runner stops. */
  readonly signal: AbortSignal;
}

/**
 * Runs one kind of operation. Returns the operation's `response` JSON or throws (an
 * ApiError's code and message become the operation's error). It may be started again on
 * the same operation after a crash, so it must resume from `checkpoint` and be idempotent
 * from there.
 */
export type OperationHandler = (context: OperationContext) => Promise<unknown>;

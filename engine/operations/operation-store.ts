import type { Knex } from 'knex';
import type { Region } from '../regions/region.ts';
import type { Operation, OperationStatus, ProgressCounter } from './operation.ts';

export interface NewOperation {
  project: string;
  dataset: string;
  apiMethodName: string;
  kind: string;
  /** What the handler needs to run it, as JSON. */
  request?: unknown;
}

/** An operation whose work was done within the request (CreateDataset): it is created done. */
export interface NewDoneOperation {
  project: string;
  dataset: string;
  apiMethodName: string;
  outcome: OperationOutcome;
}

/** Page sizes of operation lists: the default and the cap. */
export const OPERATION_PAGE_SIZE = { default: 100, max: 1000 } as const;

export interface OperationListRequest {
  filter?: string;
  pageSize?: number;
  pageToken?: string;
}

export interface OperationPage {
  operations: Operation[];
  nextPageToken: string | null;
}

/** What a handler reports as it goes; fields left out keep their saved value. */
export interface OperationProgress {
  counter?: ProgressCounter;
  progressPercent?: number;
  checkpoint?: unknown;
}

/** A runner's hold on one operation, renewed while its handler runs. */
export interface OperationLease {
  region: Region;
  id: string;
  owner: string;
  leaseMs: number;
}

/** After a renewal: still ours, ours but cancellation was asked, or taken from us (expired, deleted, done). */
export type LeaseState = 'held' | 'cancelRequested' | 'lost';

export type OperationOutcome = { response: unknown } | { error: OperationStatus };

/**
 * Long-running operations, durable in each region's database. The first half serves the
 * API; the second half is the lease protocol through which any engine process claims,
 * runs and finishes operations.
 */
export interface OperationStore {
  /** Create a pending operation, inside the caller's transaction when one is given. */
  create(region: Region, operation: NewOperation, trx?: Knex.Transaction): Promise<Operation>;
  /** Record an operation that is already done, inside the caller's transaction when one is given. */
  createDone(region: Region, operation: NewDoneOperation, trx?: Knex.Transaction): Promise<Operation>;
  /** Throws NOT_FOUND when the dataset has no such operation. */
  get(region: Region, project: string, dataset: string, id: string): Promise<Operation>;
  list(region: Region, project: string, dataset: string, request: OperationListRequest): Promise<OperationPage>;
  /**
   * Ask for cancellation: a pending operation ends cancelled at once, a running one when its
   * runner sees the request; a done one is left as it is. Throws NOT_FOUND.
   */
  requestCancel(region: Region, project: string, dataset: string, id: string, trx?: Knex.Transaction): Promise<Operation>;
  /** Called once a created operation is visible to runners (after its transaction commits). */
  onCreated(listener: (region: Region) => void): () => void;

  /** Lease up to `limit` runnable operations of these kinds: not done, lease free or expired. */
  claim(region: Region, owner: string, kinds: string[], limit: number, leaseMs: number): Promise<Operation[]>;
  renewLease(lease: OperationLease): Promise<LeaseState>;
  /** Save progress and renew the lease in one write. */
  saveProgress(lease: OperationLease, progress: OperationProgress): Promise<LeaseState>;
  /** Finish the operation; false when the lease was no longer held (nothing written). */
  complete(lease: OperationLease, outcome: OperationOutcome): Promise<boolean>;
  /** Give the operation back unfinished, for another runner to resume. */
  releaseLease(lease: OperationLease): Promise<void>;
}

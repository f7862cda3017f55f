import type { Knex } from 'knex';
import { notFound } from '../errors/api-error.ts';
import type { Region } from '../regions/region.ts';
import { operationName, type Operation } from './operation.ts';
import { parseOperationFilter, type OperationFilterTerm } from './operation-filter.ts';
import { newOperationId } from './operation-id.ts';
import { parsePageSize } from '../page-token.ts';
import { decodeOperationPageToken, encodeOperationPageToken } from './operation-page-token.ts';
import { fromOperationRow, toJsonColumn, type OperationRow } from './operation-row.ts';
import { cancelledStatus } from './operation-status.ts';
import {
  OPERATION_PAGE_SIZE,
  type LeaseState,
  type NewDoneOperation,
  type NewOperation,
  type OperationLease,
  type OperationListRequest,
  type OperationOutcome,
  type OperationPage,
  type OperationProgress,
  type OperationStore,
} from './operation-store.ts';

type Db = Knex | Knex.Transaction;

/** The operation store over each region's knex database. */
export class KnexOperationStore implements OperationStore {
  private readonly listeners = new Set<(region: Region) => void>();

  async create(region: Region, operation: NewOperation, trx?: Knex.Transaction): Promise<Operation> {
    const row = newRow(region, operation, operation.kind);
    row.request = toJsonColumn(region, operation.request);
    await (trx ?? region.db)('operations').insert(row);
    this.notifyWhenVisible(region, trx);
    return fromOperationRow(region, row);
  }

  async createDone(region: Region, operation: NewDoneOperation, trx?: Knex.Transaction): Promise<Operation> {
    const row = newRow(region, operation, null);
    Object.assign(row, { done: true, end_time: row.create_time }, outcomeColumns(region, operation.outcome));
    await (trx ?? region.db)('operations').insert(row);
    return fromOperationRow(region, row);
  }

  async get(region: Region, project: string, dataset: string, id: string): Promise<Operation> {
    return this.find(region, region.db, project, dataset, id);
  }

  async list(region: Region, project: string, dataset: string, request: OperationListRequest): Promise<OperationPage> {
    const pageSize = parsePageSize(request.pageSize, OPERATION_PAGE_SIZE.default, OPERATION_PAGE_SIZE.max);
    const query = region.db<OperationRow>('operations')
      .where({ project, dataset_id: dataset })
      .orderBy([{ column: 'create_time', order: 'desc' }, { column: 'id', order: 'desc' }])
      .limit(pageSize + 1);
    for (const term of parseOperationFilter(request.filter)) applyFilterTerm(query, term);
    if (request.pageToken) {
      const after = decodeOperationPageToken(request.pageToken);
      void query.where((q) => q.where('create_time', '<', after.createTimeMs)
        .orWhere((same) => same.where('create_time', after.createTimeMs).andWhere('id', '<', after.id)));
    }
    const rows = (await query) as OperationRow[];
    const page = rows.slice(0, pageSize);
    const last = page[page.length - 1];
    const nextPageToken = rows.length > pageSize ? encodeOperationPageToken({ createTimeMs: Number(last.create_time), id: last.id }) : null;
    return { operations: page.map((row) => fromOperationRow(region, row)), nextPageToken };
  }

  async requestCancel(region: Region, project: string, dataset: string, id: string, trx?: Knex.Transaction): Promise<Operation> {
    const db = trx ?? region.db;
    const now = Date.now();
    await this.find(region, db, project, dataset, id);
    const target = () => db('operations').where({ id, project, dataset_id: dataset, done: false });
    // Nobody runs it (never claimed, or its runner died): end it here rather than wait for a claim.
    const ended = await target().where(leaseFree(now)).update({
      done: true,
      cancel_requested: true,
      end_time: now,
      error: toJsonColumn(region, cancelledStatus),
      lease_owner: null,
      lease_until: null,
    });
    if (ended === 0) await target().update({ cancel_requested: true });
    return this.find(region, db, project, dataset, id);
  }

  onCreated(listener: (region: Region) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async claim(region: Region, owner: string, kinds: string[], limit: number, leaseMs: number): Promise<Operation[]> {
    if (kinds.length === 0 || limit <= 0) return [];
    const now = Date.now();
    const runnable = (query: Knex.QueryBuilder) => query.where('done', false).whereIn('kind', kinds).where(leaseFree(now));
    // Two statements in one transaction rather than `UPDATE ... WHERE id IN (... LIMIT n SKIP
    // LOCKED)`: PostgreSQL may re-run that subquery (rechecking rows others changed) and so
    // claim more than n rows, which the tests saw.
    const rows = await region.db.transaction(async (trx) => {
      const candidates = await region.dialect.forUpdateSkipLocked(
        runnable(trx('operations').select('id')).orderBy('create_time').limit(limit),
      ) as Pick<OperationRow, 'id'>[];
      if (candidates.length === 0) return [];
      // The conditions are checked again so that a row claimed meanwhile is never taken twice.
      return (await runnable(trx('operations'))
        .whereIn('id', candidates.map((c) => c.id))
        .update({ lease_owner: owner, lease_until: now + leaseMs })
        .returning('*')) as OperationRow[];
    });
    return rows.map((row) => fromOperationRow(region, row));
  }

  async renewLease(lease: OperationLease): Promise<LeaseState> {
    return this.updateLeased(lease, {});
  }

  async saveProgress(lease: OperationLease, progress: OperationProgress): Promise<LeaseState> {
    const changes: Record<string, unknown> = {};
    if (progress.counter !== undefined) changes.counter = toJsonColumn(lease.region, progress.counter);
    if (progress.progressPercent !== undefined) changes.progress_percent = progress.progressPercent;
    if (progress.checkpoint !== undefined) changes.checkpoint = toJsonColumn(lease.region, progress.checkpoint);
    return this.updateLeased(lease, changes);
  }

  async complete(lease: OperationLease, outcome: OperationOutcome): Promise<boolean> {
    const changes = { ...outcomeColumns(lease.region, outcome), done: true, end_time: Date.now(), lease_owner: null, lease_until: null };
    return (await leased(lease).update(changes)) > 0;
  }

  async releaseLease(lease: OperationLease): Promise<void> {
    await leased(lease).update({ lease_owner: null, lease_until: null });
  }

  private async updateLeased(lease: OperationLease, changes: Record<string, unknown>): Promise<LeaseState> {
    const rows = (await leased(lease)
      .update({ ...changes, lease_until: Date.now() + lease.leaseMs })
      .returning(['cancel_requested'])) as Pick<OperationRow, 'cancel_requested'>[];
    if (rows.length === 0) return 'lost';
    return rows[0].cancel_requested ? 'cancelRequested' : 'held';
  }

  private async find(region: Region, db: Db, project: string, dataset: string, id: string): Promise<Operation> {
    const row = (await db('operations').where({ id, project, dataset_id: dataset }).first()) as OperationRow | undefined;
    if (!row) throw notFound(`operation '${operationName(project, region.name, dataset, id)}' not found`);
    return fromOperationRow(region, row);
  }

  /** Wake listeners once runners can see the operation: at once, or when the outermost transaction commits. */
  private notifyWhenVisible(region: Region, trx: Knex.Transaction | undefined): void {
    const notify = () => {
      for (const listener of this.listeners) listener(region);
    };
    if (!trx) return notify();
    let outermost = trx;
    while (outermost.parentTransaction) outermost = outermost.parentTransaction;
    outermost.executionPromise.then(notify, () => {});
  }
}

function newRow(region: Region, operation: Pick<NewOperation, 'project' | 'dataset' | 'apiMethodName'>, kind: string | null): OperationRow {
  return {
    id: newOperationId(),
    project: operation.project,
    dataset_id: operation.dataset,
    api_method_name: operation.apiMethodName,
    kind,
    request: null,
    create_time: Date.now(),
    end_time: null,
    done: false,
    cancel_requested: false,
    counter: null,
    progress_percent: null,
    checkpoint: null,
    response: null,
    error: null,
    lease_owner: null,
    lease_until: null,
  };
}

function outcomeColumns(region: Region, outcome: OperationOutcome): Pick<OperationRow, 'response' | 'error'> {
  return 'error' in outcome
    ? { response: null, error: toJsonColumn(region, outcome.error) }
    : { response: toJsonColumn(region, outcome.response), error: null };
}

function leased(lease: OperationLease): Knex.QueryBuilder {
  return lease.region.db('operations').where({ id: lease.id, lease_owner: lease.owner, done: false });
}

function leaseFree(now: number) {
  return (query: Knex.QueryBuilder) => query.whereNull('lease_until').orWhere('lease_until', '<', now);
}

function applyFilterTerm(query: Knex.QueryBuilder, term: OperationFilterTerm): void {
  const column = term.field === 'done' ? 'done' : 'api_method_name';
  if (term.negate) void query.whereNot(column, term.value);
  else void query.where(column, term.value);
}


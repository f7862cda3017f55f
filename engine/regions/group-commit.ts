import type { Region } from './region.ts';
import { runTransaction } from './run-transaction.ts';
import type { SqlTx } from './sql-tx.ts';

interface Unit {
  work: (tx: SqlTx) => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/** Process-wide totals, for metrics and benchmarks (fsyncs per message). */
export const groupCommitTotals = { transactions: 0, units: 0 };

/** Units of work per transaction at most; more wait for the next one. */
const MAX_BATCH = 1000;

/**
 * Group commit: units of work that arrive while the event loop is busy (and while the
 * previous commit runs) share one transaction and one fsync. Each unit runs inside its own
 * savepoint, so a unit that fails is rolled back alone and its caller gets its error; the
 * others commit. A unit resolves only once its commit is durable, so a sender is answered
 * only for what is on disk; the next batch runs meanwhile. If the commit or the sync
 * fails, every unit of the batch gets that error.
 */
export class GroupCommitter {
  private queue: Unit[] = [];
  private scheduled = false;
  private running = 0;
  /**
   * Batches in flight at once: SQLite has one writer; PostgreSQL commits concurrent
   * transactions well, and a batch there waits on network round trips, not on the CPU.
   */
  private readonly maxRunning: number;

  constructor(private readonly region: Region) {
    this.maxRunning = region.dialect.name === 'postgres' ? 4 : 1;
  }

  commit<T>(work: (tx: SqlTx) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ work, resolve: resolve as (value: unknown) => void, reject });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled || this.running >= this.maxRunning || this.queue.length === 0) return;
    this.scheduled = true;
    // After the poll phase: everything read from sockets in this turn joins the batch.
    setImmediate(() => void this.flush());
  }

  private async flush(): Promise<void> {
    this.scheduled = false;
    this.running++;
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      this.running--;
      this.schedule();
    };
    const batch = this.queue.splice(0, MAX_BATCH);
    groupCommitTotals.transactions++;
    groupCommitTotals.units += batch.length;
    const outcomes: Array<{ ok: true; value: unknown; committed: Array<() => void> } | { ok: false; error: unknown }> = [];
    try {
      if (batch.length === 1) {
        // Alone in its transaction: no savepoint needed, its failure rolls back the transaction.
        outcomes.push(await this.runAlone(batch[0]));
      } else {
        await runTransaction(this.region, async (tx) => {
          for (const [i, unit] of batch.entries()) outcomes.push(await this.runUnit(tx, unit, i));
        }, { durable: false });
      }
      // The connection is free: the next batch may run while this one's fsync is in flight.
      release();
      await this.region.durable();
      for (const [i, outcome] of outcomes.entries()) {
        if (outcome.ok) {
          for (const callback of outcome.committed) callback();
          batch[i].resolve(outcome.value);
        } else {
          batch[i].reject(outcome.error);
        }
      }
    } catch (error) {
      for (const unit of batch) unit.reject(error);
    } finally {
      release();
    }
  }

  private async runAlone(unit: Unit) {
    const committed: Array<() => void> = [];
    try {
      const value = await runTransaction(this.region, (tx) => unit.work({ region: tx.region, run: tx.run, afterCommit: (callback) => committed.push(callback) }), { durable: false });
      return { ok: true as const, value, committed };
    } catch (error) {
      return { ok: false as const, error };
    }
  }

  private async runUnit(tx: SqlTx, unit: Unit, index: number) {
    const savepoint = `unit_${index}`;
    const committed: Array<() => void> = [];
    const unitTx: SqlTx = { region: tx.region, run: tx.run, afterCommit: (callback) => committed.push(callback) };
    await tx.run(this.region.db.raw(`SAVEPOINT ${savepoint}`));
    try {
      const value = await unit.work(unitTx);
      await tx.run(this.region.db.raw(`RELEASE SAVEPOINT ${savepoint}`));
      return { ok: true as const, value, committed };
    } catch (error) {
      await tx.run(this.region.db.raw(`ROLLBACK TO SAVEPOINT ${savepoint}`));
      await tx.run(this.region.db.raw(`RELEASE SAVEPOINT ${savepoint}`));
      return { ok: false as const, error };
    }
  }
}

const committers = new WeakMap<Region, GroupCommitter>();

/** The one group committer of a region in this process. */
export function groupCommitterOf(region: Region): GroupCommitter {
  let committer = committers.get(region);
  if (!committer) {
    committer = new GroupCommitter(region);
    committers.set(region, committer);
  }
  return committer;
}

import { randomBytes } from 'node:crypto';
import type { AuditConfig } from '../../config/server-config.ts';
import type { Logger } from '../logger.ts';
import type { Region } from '../regions/region.ts';
import { insertRows } from '../regions/insert-rows.ts';
import type { SqlTx } from '../regions/sql-tx.ts';
import { AuditChainWriter } from './audit-chain-writer.ts';
import type { AuditEntry, LogType } from './audit-entry.ts';
import { toAuditEntryRow } from './audit-entry-row.ts';
import type { AuditLog } from './audit-log.ts';

export interface KnexAuditLogOptions {
  regions: Region[];
  config: AuditConfig;
  logger: Logger;
  /** This process's chain; unique per process start (the default is 64 random bits). */
  chainId?: string;
  /** How often idle regions are swept for anchors and unlinked rows; default the anchor interval, at least a second. */
  sweepIntervalMs?: number;
}

const MAX_RETRY_DELAY_MS = 30_000;
/**
 * Group commit that adapts to load: after a batch that took D ms, the next one waits at
 * least this many times D (unless a full batch is waiting), so the audit log's
 * commits (which on SQLite block the event loop while they fsync) stay a small share of
 * the process's time however short `flushIntervalMs` is.
 */
const SPACING_FACTOR = 9;

interface RegionState {
  region: Region;
  writer: AuditChainWriter;
  buffer: AuditEntry[];
  /** Entries ever queued and ever committed, so `flush` knows when what it saw is written. */
  recorded: number;
  written: number;
  /** Rows may be waiting unlinked (a write transaction committed, or the last batch hit its limit). */
  linkWanted: boolean;
  timer: NodeJS.Timeout | null;
  /** Entries dropped because the queue was full, not yet reported in the log. */
  dropped: number;
  /** How long the next batch waits for more entries. */
  delayMs: number;
  /** The batch waiting to start, shared by everyone who asks for one meanwhile. */
  queued: Promise<boolean> | null;
  tail: Promise<unknown>;
  failures: number;
}

/** The longest a write's audit rows wait to be linked into the chain. */
const LINK_DELAY_MS = 1000;

/** Short, because every linked entry row carries it; the chain's host, pid and start time are in `audit_chains`. */
function newAuditChainId(): string {
  return randomBytes(8).toString('hex');
}

/**
 * The audit log over each region's database. `record` only queues (no await on the request
 * path); a timer or a full batch writes the queue in one transaction per region with one
 * chain link. A failed batch is logged and retried with backoff, never dropped.
 */
export class KnexAuditLog implements AuditLog {
  readonly chainId: string;
  private readonly states = new Map<string, RegionState>();
  private readonly linkHooked = new WeakSet<SqlTx>();
  private readonly sweep: NodeJS.Timeout;
  private closed = false;

  constructor(private readonly options: KnexAuditLogOptions) {
    this.chainId = options.chainId ?? newAuditChainId();
    for (const region of options.regions) this.stateOf(region);
    // Anchors, and rows that dead processes left unlinked, need a linker even when this process is idle.
    this.sweep = setInterval(() => this.sweepRegions(), options.sweepIntervalMs ?? Math.max(options.config.anchorIntervalMs, 1000));
    this.sweep.unref();
  }

  isEnabled(service: string, logType: LogType): boolean {
    if (logType === 'ADMIN_WRITE') return true;
    return this.options.config.services[service] ?? this.options.config.dataAccess;
  }

  record(region: Region, entry: AuditEntry): void {
    if (this.closed) {
      this.options.logger.error({ region: region.name, requestId: entry.requestId, method: entry.method }, 'audit entry after the audit log was closed');
      return;
    }
    const state = this.stateOf(region);
    if (state.buffer.length >= this.options.config.maxQueuedEntries) {
      if (state.dropped++ === 0) {
        this.options.logger.error({ region: region.name, queued: state.buffer.length }, 'audit queue full (the database is failing): entries are dropped and audited requests refused until it drains');
      }
      return;
    }
    state.buffer.push(entry);
    state.recorded++;
    if (state.buffer.length >= this.options.config.batchSize) void this.schedule(state);
    else if (!state.timer) this.arm(state, state.delayMs);
  }

  isBacklogged(region: Region): boolean {
    return this.stateOf(region).buffer.length >= this.options.config.maxQueuedEntries;
  }

  async recordIn(tx: SqlTx, entry: AuditEntry): Promise<void> {
    await insertRows(tx, 'audit_entries', [toAuditEntryRow(entry) as unknown as Record<string, unknown>]);
    if (this.linkHooked.has(tx)) return;
    this.linkHooked.add(tx);
    const state = this.stateOf(tx.region);
    // Link after the write commits; a rolled-back write left nothing to link.
    tx.afterCommit(() => this.wantLink(state));
  }

  async flush(): Promise<void> {
    await Promise.all([...this.states.values()].map((state) => this.flushRegion(state)));
  }

  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.sweep);
    for (const state of this.states.values()) this.disarm(state);
    await this.flush();
    for (const state of this.states.values()) {
      do {
        state.linkWanted = true;
        if (!(await this.schedule(state))) throw batchFailed(state);
      } while (state.linkWanted);
    }
  }

  private async flushRegion(state: RegionState): Promise<void> {
    const target = state.recorded;
    let link = state.linkWanted;
    while (state.written < target || link) {
      link = false;
      if (!(await this.schedule(state))) throw batchFailed(state);
    }
  }

  private stateOf(region: Region): RegionState {
    let state = this.states.get(region.name);
    if (!state) {
      state = {
        region,
        writer: new AuditChainWriter(region, this.chainId, this.options.config.anchorIntervalMs),
        buffer: [],
        recorded: 0,
        written: 0,
        linkWanted: false,
        timer: null,
        dropped: 0,
        delayMs: this.options.config.flushIntervalMs,
        queued: null,
        tail: Promise.resolve(),
        failures: 0,
      };
      this.states.set(region.name, state);
    }
    return state;
  }

  /**
   * Rows written inside a write's transaction are already durable; linking them costs a
   * transaction (an fsync) of its own, so it waits for the next batch or at most a second,
   * rather than doubling the fsyncs of a busy write path.
   */
  private wantLink(state: RegionState): void {
    state.linkWanted = true;
    if (!state.timer && !this.closed) this.arm(state, Math.max(state.delayMs, LINK_DELAY_MS));
  }

  private sweepRegions(): void {
    for (const state of this.states.values()) {
      state.linkWanted = true;
      void this.schedule(state);
    }
  }

  private arm(state: RegionState, delayMs: number): void {
    this.disarm(state);
    state.timer = setTimeout(() => {
      state.timer = null;
      void this.schedule(state);
    }, delayMs);
    state.timer.unref();
  }

  private disarm(state: RegionState): void {
    if (state.timer) clearTimeout(state.timer);
    state.timer = null;
  }

  /** Queue one batch after the running one; resolves true when it committed. */
  private schedule(state: RegionState): Promise<boolean> {
    if (state.queued) return state.queued;
    this.disarm(state);
    const run = state.tail.then(() => {
      state.queued = null;
      return this.runBatch(state);
    });
    state.queued = run;
    state.tail = run;
    return run;
  }

  private async runBatch(state: RegionState): Promise<boolean> {
    const entries = state.buffer.splice(0, this.options.config.batchSize);
    const linkWanted = state.linkWanted;
    state.linkWanted = false;
    if (entries.length === 0 && !linkWanted) return true;
    const started = performance.now();
    try {
      const outcome = await state.writer.writeBatch(entries);
      state.delayMs = Math.max(this.options.config.flushIntervalMs, (performance.now() - started) * SPACING_FACTOR);
      state.written += entries.length;
      state.failures = 0;
      if (state.dropped > 0) {
        this.options.logger.error({ region: state.region.name, dropped: state.dropped }, 'audit queue written again; entries were dropped while it was full');
        state.dropped = 0;
      }
      if (outcome.more) state.linkWanted = true;
      this.afterBatch(state, outcome.more);
      return true;
    } catch (error) {
      state.buffer = entries.concat(state.buffer);
      state.linkWanted ||= linkWanted;
      state.failures++;
      const delayMs = Math.min(Math.max(this.options.config.flushIntervalMs, 100) * 2 ** state.failures, MAX_RETRY_DELAY_MS);
      this.options.logger.error({ err: error, region: state.region.name, entries: state.buffer.length, retryInMs: delayMs }, 'audit batch failed; the entries are kept and retried');
      if (!this.closed) this.arm(state, delayMs);
      return false;
    }
  }

  private afterBatch(state: RegionState, more: boolean): void {
    if (this.closed) return;
    if (more || state.buffer.length >= this.options.config.batchSize) void this.schedule(state);
    else if ((state.buffer.length > 0 || state.linkWanted) && !state.timer) this.arm(state, state.delayMs);
  }
}

function batchFailed(state: RegionState): Error {
  return new Error(`audit batch for region ${state.region.name} failed (see the log); its ${state.buffer.length} entries are kept for retry`);
}

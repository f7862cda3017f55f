import { Worker } from 'node:worker_threads';

/** Takes the region's one write connection; the function it resolves to gives it back. */
export type HoldWriter = () => Promise<() => Promise<void>>;

export interface WalCheckpointerOptions {
  /** How often the worker runs a PASSIVE checkpoint. */
  intervalMs?: number;
  /** WAL frames (pages) past which writes pause until the WAL can restart. */
  restartFrames?: number;
}

/** A checkpoint's answer: frames in the WAL, and how many of them are in the database file. */
interface CheckpointResult {
  log: number;
  checkpointed: number;
}

/** Process-wide, for metrics: times writes paused for a WAL over its limit, and times the WAL then restarted. */
export const walRestartTotals = { paused: 0, restarted: 0 };

/** Tries at bringing the WAL level with the database file before writes resume anyway. */
const RESTART_ATTEMPTS = 3;
/** After tries that failed (a long read holds old frames), writes are not paused again for this long. */
const RESTART_BACKOFF_MS = 2000;

/**
 * SQLite's WAL checkpoints, moved off the event loop, and a WAL of bounded size.
 *
 * By default SQLite checkpoints inside the COMMIT that crosses 1,000 WAL pages: copying
 * them into the database file and syncing it stalls that commit for 5 to 200 ms, on the
 * event loop every message shares. The writing connection therefore runs with
 * `wal_autocheckpoint = 0`, and this worker thread, with a connection of its own, runs
 * PASSIVE checkpoints (they never block the writer or readers) a few times a second.
 *
 * A PASSIVE checkpoint alone does not bound the WAL: SQLite writes the WAL from its
 * beginning again only when a write starts while every frame is already in the database
 * file, and under steady writes new frames always arrive while the checkpoint runs. The
 * WAL then grew by gigabytes a minute, every commit appended to new file blocks (which the
 * kernel allocates and zeroes: a third of the CPU of an MLLP ingest), and recovery after a
 * crash would have read all of it. So when a checkpoint finds more than `restartFrames`
 * frames, the checkpointer takes the write connection (writes queue for it; reads go on, on
 * their own connection), has the worker copy what is left, and gives the connection back:
 * the next write restarts the WAL, and its pages are written over ones already in the page
 * cache. The pause is one checkpoint of at most a few megabytes of distinct pages.
 */
export class WalCheckpointer {
  private readonly worker: Worker;
  private readonly exited: Promise<void>;
  private readonly pending = new Map<number, { resolve: (result: CheckpointResult) => void; reject: (error: Error) => void }>();
  private nextRequest = 0;
  private restarting = false;
  private closed = false;
  /** The worker thread has ended (an error, or close): nothing would answer a request. */
  private stopped = false;
  private backoffUntil = 0;

  constructor(databaseFile: string, private readonly holdWriter: HoldWriter, options: WalCheckpointerOptions = {}) {
    const workerData = { databaseFile, intervalMs: options.intervalMs ?? 100, restartFrames: options.restartFrames ?? 4096 };
    this.worker = new Worker(WORKER_SOURCE, { eval: true, workerData });
    this.worker.on('message', (message: WorkerMessage) => this.onMessage(message));
    this.worker.on('error', (error) => this.failPending(error));
    this.exited = new Promise((resolve) => this.worker.once('exit', () => {
      this.stopped = true;
      this.failPending(new Error('the WAL checkpointer stopped'));
      resolve();
    }));
    // After the listeners (adding a 'message' listener refs the worker's port again): an idle
    // checkpointer must not keep the process alive; it is ref'd while writes wait on it.
    this.worker.unref();
  }

  /** A last checkpoint, then the worker's connection closes. */
  async close(): Promise<void> {
    this.closed = true;
    // Held by the process until it has exited, so the last checkpoint is not cut short.
    this.worker.ref();
    this.worker.postMessage({ kind: 'stop' });
    await this.exited;
  }

  private onMessage(message: WorkerMessage): void {
    if (message.kind === 'over-limit') {
      if (!this.restarting && !this.closed && Date.now() >= this.backoffUntil) void this.restart();
      return;
    }
    const request = this.pending.get(message.id);
    this.pending.delete(message.id);
    if (this.pending.size === 0 && !this.closed) this.worker.unref();
    request?.resolve(message);
  }

  private async restart(): Promise<void> {
    this.restarting = true;
    this.backoffUntil = Date.now() + RESTART_BACKOFF_MS;
    try {
      const release = await this.holdWriter();
      walRestartTotals.paused++;
      try {
        for (let attempt = 0; attempt < RESTART_ATTEMPTS && !this.closed; attempt++) {
          const { log, checkpointed } = await this.checkpoint();
          // A reader still on an older snapshot keeps its frames; writes resume regardless.
          if (checkpointed >= log) {
            walRestartTotals.restarted++;
            this.backoffUntil = 0;
            break;
          }
        }
      } finally {
        await release();
      }
    } catch {
      // The worker stopped or the connection could not be had: the next over-limit report tries again.
    } finally {
      this.restarting = false;
    }
  }

  private checkpoint(): Promise<CheckpointResult> {
    // A thread that died while the write connection was being taken would never answer: the writes held for it would wait for ever.
    if (this.stopped) return Promise.reject(new Error('the WAL checkpointer stopped'));
    const id = ++this.nextRequest;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      // Writes wait on this answer: the process stays up for it.
      this.worker.ref();
      this.worker.postMessage({ kind: 'checkpoint', id });
    });
  }

  private failPending(error: Error): void {
    for (const request of this.pending.values()) request.reject(error);
    this.pending.clear();
  }
}

type WorkerMessage = { kind: 'over-limit'; log: number } | ({ kind: 'checkpointed'; id: number } & CheckpointResult);

// Plain CommonJS evaluated in the worker: no TypeScript loader needed there.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require('better-sqlite3');
const db = new Database(workerData.databaseFile);
db.pragma('busy_timeout = 5000');
const checkpoint = () => {
  try {
    const [{ log, checkpointed }] = db.pragma('wal_checkpoint(PASSIVE)');
    return { log, checkpointed };
  } catch (error) {
    if (!/SQLITE_BUSY|locked/.test(String(error))) throw error;
    return { log: 1, checkpointed: 0 };
  }
};
// The frames since the WAL last restarted: past the limit, the writer is asked to pause.
const timer = setInterval(() => {
  const { log } = checkpoint();
  if (log > workerData.restartFrames) parentPort.postMessage({ kind: 'over-limit', log });
}, workerData.intervalMs);
parentPort.on('message', (message) => {
  if (message.kind === 'checkpoint') {
    parentPort.postMessage({ kind: 'checkpointed', id: message.id, ...checkpoint() });
    return;
  }
  clearInterval(timer);
  checkpoint();
  db.close();
  parentPort.close();
});
`;

import { Worker } from 'node:worker_threads';

/**
 * SQLite's WAL checkpoints, moved off the event loop. By default SQLite checkpoints
 * inside the COMMIT that crosses 1,000 WAL pages: copying them into the database file and
 * syncing it stalls that commit for 5 to 200 ms, on the event loop every message shares.
 * The writing connection therefore runs with `wal_autocheckpoint = 0`, and this worker
 * thread, with a connection of its own, runs PASSIVE checkpoints (they never block the
 * writer or readers) a few times a second while the WAL grows, so the WAL still restarts
 * from its beginning and stays small.
 */
export class WalCheckpointer {
  private readonly worker: Worker;
  private readonly exited: Promise<void>;

  constructor(databaseFile: string, intervalMs = 250) {
    this.worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { databaseFile, intervalMs } });
    this.worker.unref();
    this.exited = new Promise((resolve) => this.worker.once('exit', () => resolve()));
  }

  /** A last checkpoint, then the worker's connection closes. */
  async close(): Promise<void> {
    // Held by the process until it has exited, so the last checkpoint is not cut short.
    this.worker.ref();
    this.worker.postMessage('stop');
    await this.exited;
  }
}

// Plain CommonJS evaluated in the worker: no TypeScript loader needed there.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require('better-sqlite3');
const db = new Database(workerData.databaseFile);
db.pragma('busy_timeout = 5000');
const checkpoint = () => {
  try { db.pragma('wal_checkpoint(PASSIVE)'); } catch (error) { if (!/SQLITE_BUSY|locked/.test(String(error))) throw error; }
};
const timer = setInterval(checkpoint, workerData.intervalMs);
parentPort.on('message', (message) => {
  if (message !== 'stop') return;
  clearInterval(timer);
  checkpoint();
  db.close();
  parentPort.close();
});
`;

import { closeSync, existsSync, fdatasync, openSync } from 'node:fs';

/**
 * Durability for SQLite without blocking the event loop. The connection runs with
 * `synchronous=NORMAL`, so COMMIT writes the WAL but does not fsync it; whoever must not
 * answer before the commit is durable awaits `durable()`, which fdatasyncs the WAL file
 * on the thread pool. One fdatasync covers every commit made before it started, so while
 * one runs, the next batch is already being parsed, executed and committed: group commit
 * across batches, at most one fsync in flight. The WAL keeps its inode while connections
 * are open (it is reset in place), so one file descriptor serves the region's life.
 */
export class WalSync {
  private fd: number | null = null;
  private requested = 0;
  private synced = 0;
  private running: Promise<void> | null = null;
  private readonly waiters: Array<{ target: number; resolve: () => void; reject: (error: unknown) => void }> = [];

  constructor(private readonly walPath: string) {}

  /** Resolves once everything committed before this call is on disk. */
  durable(): Promise<void> {
    const target = ++this.requested;
    const promise = new Promise<void>((resolve, reject) => this.waiters.push({ target, resolve, reject }));
    if (!this.running) this.running = this.syncLoop();
    return promise;
  }

  close(): void {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
  }

  private async syncLoop(): Promise<void> {
    while (this.synced < this.requested) {
      const covering = this.requested;
      try {
        await this.fdatasync();
        this.synced = covering;
        this.settle((w) => w.target <= covering, (w) => w.resolve());
      } catch (error) {
        this.settle((w) => w.target <= covering, (w) => w.reject(error));
        this.synced = covering;
      }
    }
    this.running = null;
  }

  private settle(matches: (w: WalSync['waiters'][number]) => boolean, act: (w: WalSync['waiters'][number]) => void): void {
    for (let i = this.waiters.length - 1; i >= 0; i--) {
      if (matches(this.waiters[i])) {
        act(this.waiters[i]);
        this.waiters.splice(i, 1);
      }
    }
  }

  private fdatasync(): Promise<void> {
    // No WAL yet means nothing was written through it: nothing to make durable.
    if (this.fd === null) {
      if (!existsSync(this.walPath)) return Promise.resolve();
      this.fd = openSync(this.walPath, 'r');
    }
    const fd = this.fd;
    return new Promise((resolve, reject) => fdatasync(fd, (error) => (error ? reject(error) : resolve())));
  }
}

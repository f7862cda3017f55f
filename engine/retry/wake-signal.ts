/**
 * The sleep of a delivery loop between rounds: a timer that `wake()` ends early (a commit
 * queued work) and `interrupt()` ends for good (the loop is stopping). A wake that comes
 * while the loop is busy is remembered, so the next sleep returns at once.
 */
export class WakeSignal {
  private woken = false;
  private interrupted = false;
  private current: { resolve: () => void; timer: NodeJS.Timeout | null; wakeable: boolean } | null = null;

  wake(): void {
    this.woken = true;
    if (this.current?.wakeable) this.end();
  }

  /** Ends this sleep and makes every later one return at once. */
  interrupt(): void {
    this.interrupted = true;
    this.end();
  }

  /**
   * Until `ms` passed (null: no timeout), or woken when `wakeable` (a backoff delay is
   * not: new work must not cut short the wait for a failing target), or interrupted.
   */
  async sleep(ms: number | null, wakeable = true): Promise<void> {
    if (this.interrupted || (wakeable && this.woken)) {
      this.woken = false;
      return;
    }
    await new Promise<void>((resolve) => {
      const timer = ms === null ? null : setTimeout(() => this.end(), ms);
      this.current = { resolve, timer, wakeable };
    });
    this.woken = false;
  }

  private end(): void {
    const current = this.current;
    this.current = null;
    if (!current) return;
    if (current.timer) clearTimeout(current.timer);
    current.resolve();
  }
}

import type { Region } from '../regions/region.ts';
import type { SqlTx } from '../regions/sql-tx.ts';
import type { Notification } from './notification.ts';

/**
 * `facts` are what the store knows of the change (an HL7v2 message's type, times, labels),
 * for a watcher's own filter; they never leave the process.
 */
export type WatchListener<F> = (notification: Notification, facts: F) => void;

interface Watch {
  listener: WatchListener<never>;
  end: () => void;
}

/**
 * Live, in-process subscribers to a resource's changes (the `:watch` server-sent events):
 * each hears of a change once its transaction has committed. Unlike the outbox nothing
 * is kept: a watcher hears what commits while it is connected, through this process.
 */
export class NotificationWatchers {
  private readonly byResource = new Map<string, Set<Watch>>();

  /** True when anyone watches anything: the one check a write makes when nobody does. */
  get active(): boolean {
    return this.byResource.size > 0;
  }

  watching(resource: string): boolean {
    return this.byResource.has(resource);
  }

  /** Watch `resource`; `end` is called if the watch is ended from here (the engine stops). Returns the unsubscribe. */
  subscribe<F>(resource: string, listener: WatchListener<F>, end: () => void): () => void {
    const watch: Watch = { listener: listener as WatchListener<never>, end };
    let watches = this.byResource.get(resource);
    if (!watches) this.byResource.set(resource, (watches = new Set()));
    watches.add(watch);
    return () => {
      watches.delete(watch);
      if (watches.size === 0 && this.byResource.get(resource) === watches) this.byResource.delete(resource);
    };
  }

  /** Tell the resource's watchers once `tx` commits (never if it rolls back). */
  publishAfterCommit<F>(tx: SqlTx, resource: string, notification: Notification, facts: F): void {
    tx.afterCommit(() => {
      for (const watch of this.byResource.get(resource) ?? []) {
        // A commit callback must not throw: the other units of the group commit wait on it.
        try {
          (watch.listener as WatchListener<F>)(notification, facts);
        } catch {
          watch.end();
        }
      }
    });
  }

  /** End every watch, so that the HTTP server can close its connections. */
  endAll(): void {
    for (const watches of [...this.byResource.values()]) for (const watch of [...watches]) watch.end();
    this.byResource.clear();
  }
}

const watchers = new WeakMap<Region, NotificationWatchers>();

/** The watchers of a region's resources in this process. */
export function watchersOf(region: Region): NotificationWatchers {
  let found = watchers.get(region);
  if (!found) {
    found = new NotificationWatchers();
    watchers.set(region, found);
  }
  return found;
}

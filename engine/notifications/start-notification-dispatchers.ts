import type { NotificationsConfig } from '../../config/server-config.ts';
import type { Logger } from '../logger.ts';
import type { Region } from '../regions/region.ts';
import { NotificationDispatcher } from './notification-dispatcher.ts';
import type { NotificationTargets } from './notification-target.ts';

/**
 * One dispatcher per region for this process, started at once so that rows an earlier
 * process left are delivered. Returns the stop: dispatchers, then the targets' connections.
 */
export function startNotificationDispatchers(regions: Region[], targets: NotificationTargets, config: NotificationsConfig, logger: Logger): () => Promise<void> {
  const dispatchers = regions.map((region) => new NotificationDispatcher({
    region,
    targets,
    retry: { initialMs: config.retry.initialDelayMs, maxMs: config.retry.maxDelayMs },
    pollIntervalMs: config.pollIntervalMs,
    logger,
  }));
  for (const dispatcher of dispatchers) dispatcher.start();
  return async () => {
    await Promise.all(dispatchers.map((dispatcher) => dispatcher.stop()));
    await Promise.all(Object.values(targets).map((target) => target.close()));
  };
}


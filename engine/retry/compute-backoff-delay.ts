export interface BackoffPolicy {
  /** Delay before the first retry, ms. */
  initialMs: number;
  /** Cap on any delay, ms. */
  maxMs: number;
}

/**
 * Delay before attempt number `failures + 1`: doubling from `initialMs` up to `maxMs`,
 * with half of it jittered so that senders cut off together do not return together.
 * `random` is in [0, 1), injectable for tests.
 */
export function computeBackoffDelay(failures: number, policy: BackoffPolicy, random: () => number = Math.random): number {
  if (failures <= 0) return 0;
  const ceiling = Math.min(policy.maxMs, policy.initialMs * 2 ** Math.min(failures - 1, 30));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

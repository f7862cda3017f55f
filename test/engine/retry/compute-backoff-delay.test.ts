import test from 'ava';
import { computeBackoffDelay } from '../../../engine/retry/compute-backoff-delay.ts';

const policy = { initialMs: 100, maxMs: 1000 };

test('no failure, no delay', (t) => {
  t.is(computeBackoffDelay(0, policy), 0);
});

test('doubles per failure between half and all of the step, capped', (t) => {
  t.deepEqual([1, 2, 3, 4, 5, 60].map((failures) => computeBackoffDelay(failures, policy, () => 0)), [50, 100, 200, 400, 500, 500]);
  t.deepEqual([1, 2, 3, 4, 5, 60].map((failures) => computeBackoffDelay(failures, policy, () => 0.999999)), [100, 200, 400, 800, 1000, 1000]);
});

test('jitter spreads delays within the step', (t) => {
  const delays = new Set([0.1, 0.5, 0.9].map((r) => computeBackoffDelay(3, policy, () => r)));
  t.is(delays.size, 3);
  for (const delay of delays) t.true(delay >= 200 && delay <= 400);
});

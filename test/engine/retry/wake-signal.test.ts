import test from 'ava';
import { WakeSignal } from '../../../engine/retry/wake-signal.ts';

const elapsed = async (work: () => Promise<void>) => {
  const start = Date.now();
  await work();
  return Date.now() - start;
};

test('wake ends a wakeable sleep early, and a wake that came before makes the next sleep return at once', async (t) => {
  const signal = new WakeSignal();
  setTimeout(() => signal.wake(), 20);
  t.true((await elapsed(() => signal.sleep(5000))) < 2000);
  signal.wake();
  t.true((await elapsed(() => signal.sleep(5000))) < 2000);
});

test('a sleep that is not wakeable waits out its time; interrupt ends it and every later sleep', async (t) => {
  const signal = new WakeSignal();
  setTimeout(() => signal.wake(), 10);
  t.true((await elapsed(() => signal.sleep(100, false))) >= 90);
  setTimeout(() => signal.interrupt(), 20);
  t.true((await elapsed(() => signal.sleep(null, false))) < 2000);
  t.true((await elapsed(() => signal.sleep(5000))) < 2000);
});

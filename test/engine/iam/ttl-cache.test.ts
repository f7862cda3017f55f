import test from 'ava';
import { TtlCache } from '../../../engine/iam/ttl-cache.ts';

test('a value is loaded once while fresh, and concurrent misses share the load', async (t) => {
  const cache = new TtlCache<number>(60_000, 10);
  let loads = 0;
  const load = async () => ++loads;
  const [a, b] = await Promise.all([cache.get('k', load), cache.get('k', load)]);
  t.deepEqual([a, b, await cache.get('k', load)], [1, 1, 1]);
  t.is(loads, 1);
});

test('an expired value is loaded again', async (t) => {
  const cache = new TtlCache<number>(0, 10);
  let loads = 0;
  await cache.get('k', async () => ++loads);
  t.is(await cache.get('k', async () => ++loads), 2);
});

test('a failed load is not kept', async (t) => {
  const cache = new TtlCache<number>(60_000, 10);
  await t.throwsAsync(cache.get('k', async () => Promise.reject(new Error('down'))), { message: 'down' });
  t.is(await cache.get('k', async () => 7), 7);
});

test('delete and deleteTree drop keys; the oldest goes when full', async (t) => {
  const cache = new TtlCache<string>(60_000, 3);
  for (const key of ['a', 'a/b', 'a/b/c', 'ab']) await cache.get(key, async () => key);
  const reloaded: string[] = [];
  const again = (key: string) => cache.get(key, async () => (reloaded.push(key), key));
  cache.deleteTree('a/b');
  await again('ab');
  t.deepEqual(reloaded, []);
  await again('a/b/c');
  await again('a');
  t.deepEqual(reloaded, ['a/b/c', 'a']);
  cache.delete('ab');
  await again('ab');
  t.deepEqual(reloaded, ['a/b/c', 'a', 'ab']);
});

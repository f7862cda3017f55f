import test from 'ava';
import { NotificationWatchers } from '../../../engine/notifications/notification-watchers.ts';
import { groupCommitterOf } from '../../../engine/regions/group-commit.ts';
import { notificationFor, openOutboxRegion } from './notification-test-kit.ts';

test('watchers hear of a committed change, not of a rolled-back one, and each only of its resource', async (t) => {
  const region = await openOutboxRegion();
  const watchers = new NotificationWatchers();
  const heard: string[] = [];
  watchers.subscribe<{ n: number }>('store-a', (notification, facts) => heard.push(`a:${notification.name}:${facts.n}`), () => {});
  watchers.subscribe('store-b', (notification) => heard.push(`b:${notification.name}`), () => {});
  await groupCommitterOf(region).commit(async (tx) => watchers.publishAfterCommit(tx, 'store-a', notificationFor('m1'), { n: 1 }));
  await t.throwsAsync(groupCommitterOf(region).commit(async (tx) => {
    watchers.publishAfterCommit(tx, 'store-a', notificationFor('m2'), { n: 2 });
    throw new Error('rolled back');
  }));
  t.deepEqual(heard, ['a:m1:1']);
  await region.db.destroy();
});

test('unsubscribing the last watcher makes the watchers inactive; endAll ends every watch', (t) => {
  const watchers = new NotificationWatchers();
  const ended: string[] = [];
  const stopA = watchers.subscribe('a', () => {}, () => ended.push('a'));
  watchers.subscribe('b', () => {}, () => ended.push('b'));
  t.true(watchers.active);
  stopA();
  t.false(watchers.watching('a'));
  t.true(watchers.watching('b'));
  watchers.endAll();
  t.deepEqual(ended, ['b']);
  t.false(watchers.active);
});

test('a listener that throws ends its own watch, and the commit is not disturbed', async (t) => {
  const region = await openOutboxRegion();
  const watchers = new NotificationWatchers();
  let ended = false;
  watchers.subscribe('a', () => {
    throw new Error('a broken listener');
  }, () => {
    ended = true;
  });
  await t.notThrowsAsync(groupCommitterOf(region).commit(async (tx) => watchers.publishAfterCommit(tx, 'a', notificationFor('m'), {})));
  t.true(ended);
  await region.db.destroy();
});

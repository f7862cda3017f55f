import test from 'ava';
import { createLogger } from '../../../engine/logger.ts';
import { NotificationDispatcher } from '../../../engine/notifications/notification-dispatcher.ts';
import type { NotificationTargets } from '../../../engine/notifications/notification-target.ts';
import { groupCommitterOf } from '../../../engine/regions/group-commit.ts';
import type { Region } from '../../../engine/regions/region.ts';
import { outboxOf } from '../../../engine/notifications/notification-outbox.ts';
import { captureLogger } from '../../connectors/mllp/capture-logger.ts';
import { testDialect, uniqueId } from '../../helpers/test-region.ts';
import { commitNotification, namesOf, notificationFor, openOutboxRegion, RecordingTarget } from './notification-test-kit.ts';

const retry = { initialMs: 20, maxMs: 80 };

function startDispatcher(region: Region, targets: NotificationTargets, logger = createLogger('silent'), pollIntervalMs = 60_000): NotificationDispatcher {
  const dispatcher = new NotificationDispatcher({ region, targets, retry, pollIntervalMs, logger });
  dispatcher.start();
  return dispatcher;
}

test('a committed notification is delivered at once, woken by its commit, and its row deleted', async (t) => {
  const region = await openOutboxRegion();
  const nats = new RecordingTarget();
  // A poll interval of a minute: only the commit's wake-up can deliver within the test.
  const dispatcher = startDispatcher(region, { nats });
  const subject = uniqueId('subject');
  await commitNotification(region, 'm1', [{ target: 'nats', address: subject }]);
  await nats.deliveredCount(1);
  t.deepEqual(namesOf(nats.delivered), ['m1']);
  t.is(nats.delivered[0].address, subject);
  t.regex(nats.delivered[0].notificationId, /^[0-9a-f]{32}$/);
  await dispatcher.stop();
  t.is((await region.db('notification_outbox').where({ address: subject })).length, 0);
  await region.db.destroy();
});

test('a rolled-back write leaves no row and nothing is delivered', async (t) => {
  const region = await openOutboxRegion();
  const nats = new RecordingTarget();
  const dispatcher = startDispatcher(region, { nats }, undefined, 20);
  const subject = uniqueId('subject');
  await t.throwsAsync(groupCommitterOf(region).commit(async (tx) => {
    await outboxOf(region).enqueue(tx, notificationFor('rolled-back'), [{ target: 'nats', address: subject }]);
    throw new Error('the write fails after its outbox row');
  }), { message: /the write fails/ });
  await commitNotification(region, 'committed', [{ target: 'nats', address: subject }]);
  await nats.deliveredCount(1);
  await new Promise((resolve) => setTimeout(resolve, 100));
  t.deepEqual(namesOf(nats.attempts), ['committed']);
  await dispatcher.stop();
  await region.db.destroy();
});

test('rows left in the outbox (a crash before delivery) are delivered once a dispatcher starts, oldest first', async (t) => {
  const region = await openOutboxRegion();
  const subject = uniqueId('subject');
  for (const name of ['a', 'b', 'c', 'd']) await commitNotification(region, name, [{ target: 'nats', address: subject }]);
  const nats = new RecordingTarget();
  const dispatcher = startDispatcher(region, { nats });
  await nats.deliveredCount(4);
  t.deepEqual(namesOf(nats.delivered), ['a', 'b', 'c', 'd']);
  await dispatcher.stop();
  await region.db.destroy();
});

test('a failed delivery is retried with backoff, and the later rows of its address wait behind it', async (t) => {
  const region = await openOutboxRegion();
  const log = captureLogger();
  const webhook = new RecordingTarget([
    { ok: false, retry: true, reason: 'HTTP 503' },
    { ok: false, retry: true, reason: 'HTTP 503' },
  ]);
  const hook = uniqueId('hook');
  await commitNotification(region, 'first', [{ target: 'webhook', address: hook }]);
  await commitNotification(region, 'second', [{ target: 'webhook', address: hook }]);
  const dispatcher = startDispatcher(region, { webhook }, log.logger, 10);
  await webhook.deliveredCount(2);
  t.deepEqual(namesOf(webhook.attempts), ['first', 'first', 'first', 'second'], 'second is not tried while first fails');
  t.deepEqual(namesOf(webhook.delivered), ['first', 'second']);
  const gaps = [webhook.attempts[1].at - webhook.attempts[0].at, webhook.attempts[2].at - webhook.attempts[1].at];
  t.true(gaps[0] >= 10 && gaps[1] >= 20, `backoff between attempts: ${gaps.join(', ')} ms`);
  const warnings = log.find('notification delivery failed');
  t.is(warnings.length, 2);
  t.like(warnings[0], { target: 'webhook', address: hook, attempts: 1, reason: 'HTTP 503' });
  t.false(JSON.stringify(log.records).includes('publishTime'), 'no notification body in the logs');
  await dispatcher.stop();
  await region.db.destroy();
});

test('a refusal for good is dead-lettered: kept, logged, and it does not hold back the next row', async (t) => {
  const region = await openOutboxRegion();
  const log = captureLogger();
  const webhook = new RecordingTarget([{ ok: false, retry: false, reason: 'HTTP 400' }]);
  const hook = uniqueId('hook');
  await commitNotification(region, 'refused', [{ target: 'webhook', address: hook }]);
  await commitNotification(region, 'next', [{ target: 'webhook', address: hook }]);
  const dispatcher = startDispatcher(region, { webhook }, log.logger);
  await webhook.deliveredCount(1);
  await dispatcher.stop();
  t.deepEqual(namesOf(webhook.delivered), ['next']);
  const rows = await region.db('notification_outbox').where({ address: hook });
  t.is(rows.length, 1);
  t.like(rows[0], { status: 'DEAD', attempts: 1, error: 'HTTP 400' });
  t.like(log.find('dead-lettered')[0], { address: hook, reason: 'HTTP 400' });
  await region.db.destroy();
});

test('a row for a target that is not configured is dead-lettered with the reason', async (t) => {
  const region = await openOutboxRegion();
  const subject = uniqueId('subject');
  await commitNotification(region, 'nowhere', [{ target: 'nats', address: subject }]);
  const dispatcher = startDispatcher(region, {}, undefined, 10);
  let rows: Array<{ status: string; error: string }> = [];
  while (rows[0]?.status !== 'DEAD') {
    await new Promise((resolve) => setTimeout(resolve, 10));
    rows = await region.db('notification_outbox').where({ address: subject });
  }
  t.regex(rows[0].error, /no nats target is configured/);
  await dispatcher.stop();
  await region.db.destroy();
});

test('addresses are delivered side by side: one that fails does not delay another', async (t) => {
  const region = await openOutboxRegion();
  const failing = uniqueId('down');
  const healthy = uniqueId('up');
  const nats = new (class extends RecordingTarget {
    override async deliver(delivery: Parameters<RecordingTarget['deliver']>[0]) {
      if (delivery.address === failing) return { ok: false as const, retry: true, reason: 'TIMEOUT' };
      return super.deliver(delivery);
    }
  })();
  await commitNotification(region, 'stuck', [{ target: 'nats', address: failing }]);
  await commitNotification(region, 'through', [{ target: 'nats', address: healthy }]);
  const dispatcher = startDispatcher(region, { nats });
  await nats.deliveredCount(1);
  t.deepEqual(namesOf(nats.delivered), ['through']);
  await dispatcher.stop();
  await region.db.destroy();
});

const postgresOnly = testDialect === 'postgres' ? test : test.skip;

postgresOnly('two dispatchers on one database (two engine processes) deliver each row once', async (t) => {
  const region = await openOutboxRegion();
  const subject = uniqueId('subject');
  const slow = () => new (class extends RecordingTarget {
    override async deliver(delivery: Parameters<RecordingTarget['deliver']>[0]) {
      await new Promise((resolve) => setTimeout(resolve, 2));
      return super.deliver(delivery);
    }
  })();
  const [first, second] = [slow(), slow()];
  for (let i = 0; i < 300; i++) await commitNotification(region, `n${i}`, [{ target: 'nats', address: `${subject}.${i % 7}` }]);
  const dispatchers = [startDispatcher(region, { nats: first }, undefined, 10), startDispatcher(region, { nats: second }, undefined, 10)];
  while (first.delivered.length + second.delivered.length < 300) await new Promise((resolve) => setTimeout(resolve, 20));
  await Promise.all(dispatchers.map((d) => d.stop()));
  const names = [...namesOf(first.delivered), ...namesOf(second.delivered)];
  t.is(new Set(names).size, 300);
  t.is(names.length, 300, 'no row delivered twice');
  t.true(first.delivered.length > 0 && second.delivered.length > 0, `shared: ${first.delivered.length} and ${second.delivered.length}`);
  await region.db.destroy();
});

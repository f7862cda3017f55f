import type { Knex } from 'knex';
import type { OutboxSettlement } from './outbox-row.ts';

/** Write what became of claimed rows: delete the delivered, reschedule the failed, keep the dead. */
export async function settleOutboxRows(db: Knex, settlements: readonly OutboxSettlement[]): Promise<void> {
  const table = () => db('notification_outbox');
  const delivered: number[] = [];
  const postponed = new Map<number, number[]>();
  for (const settlement of settlements) {
    switch (settlement.kind) {
      case 'delivered':
        delivered.push(settlement.id);
        break;
      case 'postponed':
        postponed.set(settlement.nextAttemptMs, [...(postponed.get(settlement.nextAttemptMs) ?? []), settlement.id]);
        break;
      case 'retry':
        await table().where('id', settlement.id).update({ attempts: settlement.attempts, next_attempt_ms: settlement.nextAttemptMs, error: settlement.error });
        break;
      case 'dead':
        await table().where('id', settlement.id).update({ status: 'DEAD', attempts: settlement.attempts, error: settlement.error });
        break;
    }
  }
  if (delivered.length > 0) await table().whereIn('id', delivered).delete();
  // Rows postponed behind one failure share its retry time: one statement per failure.
  for (const [nextAttemptMs, ids] of postponed) await table().whereIn('id', ids).update({ next_attempt_ms: nextAttemptMs });
}

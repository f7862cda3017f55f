import type { Knex } from 'knex';

/**
 * Put a dead-lettered forward delivery (ERROR) back in its destination's queue with a fresh
 * set of attempts. Its last error and response stay until the next attempt replaces them.
 * False when there is no such delivery in ERROR (never failed, already requeued, sent).
 */
export async function requeueDeadLetter(db: Knex | Knex.Transaction, pk: number, destination: string): Promise<boolean> {
  const changed = await db('channel_deliveries')
    .where({ message_pk: pk, destination, status: 'ERROR' })
    .whereNotNull('content')
    .update({ status: 'QUEUED', attempts: 0, next_attempt_ms: Date.now(), updated_time: new Date().toISOString() });
  return changed === 1;
}

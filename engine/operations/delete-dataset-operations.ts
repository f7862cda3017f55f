import type { Knex } from 'knex';

/**
 * Erase a dataset's operations, inside the transaction that deletes the dataset. A runner
 * still working on one finds its lease gone at its next renewal and stops.
 */
export async function deleteDatasetOperations(trx: Knex.Transaction, project: string, dataset: string): Promise<void> {
  await trx('operations').where({ project, dataset_id: dataset }).delete();
}

import type { Knex } from 'knex';

/**
 * Every column that holds a blob store name. Blobs are content-addressed and shared (a
 * channel's raw DICOM and the instance it lands as are one file), so a blob is deleted only
 * when none of these refers to it any more. A region migrated without one of the tables (a
 * test's partial schema) has nothing there to refer to it.
 */
const BLOB_COLUMNS: Array<[table: string, column: string]> = [
  ['channel_messages', 'raw_blob'],
  ['channel_deliveries', 'content_blob'],
  ['dicom_instances', 'blob_sha256'],
];

const presentColumns = new WeakMap<Knex, Promise<Array<[string, string]>>>();

function columnsOf(db: Knex): Promise<Array<[string, string]>> {
  let found = presentColumns.get(db);
  if (!found) {
    found = Promise.all(BLOB_COLUMNS.map(async (entry) => ((await db.schema.hasTable(entry[0])) ? entry : null))).then((entries) => entries.filter((e) => e !== null));
    presentColumns.set(db, found);
  }
  return found;
}

export async function isBlobReferenced(db: Knex, sha256: string): Promise<boolean> {
  for (const [table, column] of await columnsOf(db)) {
    const [row] = await db(table).where(column, sha256).limit(1).select(column);
    if (row) return true;
  }
  return false;
}

import type { Knex } from 'knex';

/**
 * Every column that holds a blob store name. Blobs are content-addressed and shared (a
 * channel's raw DICOM and the instance it lands as are one file), so a blob is deleted only
 * when none of these refers to it any more.
 */
const BLOB_COLUMNS: Array<[table: string, column: string]> = [
  ['channel_messages', 'raw_blob'],
  ['dicom_instances', 'blob_sha256'],
];

export async function isBlobReferenced(db: Knex, sha256: string): Promise<boolean> {
  for (const [table, column] of BLOB_COLUMNS) {
    const [row] = await db(table).where(column, sha256).limit(1).select(column);
    if (row) return true;
  }
  return false;
}

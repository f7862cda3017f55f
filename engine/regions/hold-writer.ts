import type { Region } from './region.ts';

interface Pool {
  acquireConnection(): Promise<unknown>;
  releaseConnection(connection: unknown): Promise<unknown>;
}

/**
 * Take the region's one SQLite write connection from knex's pool, so that nothing in this
 * thread writes meanwhile (writes queue for it; reads go on, on their own connection), and
 * get back the function that returns it. For work another thread does on the database in
 * the writer's place: without it, that thread's write lock would meet this thread's next
 * BEGIN, whose busy handler sleeps on the event loop.
 */
export async function holdWriter(region: Region): Promise<() => Promise<void>> {
  const pool = region.db.client as unknown as Pool;
  const connection = await pool.acquireConnection();
  let released = false;
  return async () => {
    if (released) return;
    released = true;
    await pool.releaseConnection(connection);
  };
}

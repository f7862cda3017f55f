import type { ServerProcess } from './server-process.ts';

/**
 * Transactions (and so fsyncs) the engine's group committers have run, from its /metrics;
 * null for a server without an HTTP address (the echo ceiling), which prints
 * `listening mllp://HOST:PORT` alone rather than `listening mllp://HOST:PORT http://...`.
 */
export async function readCommitCount(server: ServerProcess): Promise<number | null> {
  const http = server.url.split(' ')[1];
  if (!http) return null;
  const text = await (await fetch(`${http}/metrics`)).text();
  return Number(/^plexus_group_commit_transactions_total (\d+)/m.exec(text)?.[1] ?? NaN);
}

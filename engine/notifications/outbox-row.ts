/** A row of `notification_outbox` as the database returns it (bigints may come as strings). */
export interface OutboxRow {
  id: number | string;
  notification_id: string;
  target: string;
  address: string;
  body: string;
  status: 'PENDING' | 'DEAD';
  attempts: number;
  next_attempt_ms: number | string;
  error: string | null;
  create_time: string;
}

/** What became of a claimed row. */
export type OutboxSettlement =
  | { kind: 'delivered'; id: number }
  | { kind: 'retry'; id: number; attempts: number; nextAttemptMs: number; error: string }
  | { kind: 'dead'; id: number; attempts: number; error: string }
  /** Not tried: its target is failing; it waits as long as the row that failed. */
  | { kind: 'postponed'; id: number; nextAttemptMs: number };

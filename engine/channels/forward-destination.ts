/**
 * A destination delivered after the commit, from the journal (MLLP, HTTP, NATS): the
 * delivery is a journal step with retries, so nothing committed is lost to a crash or an
 * unreachable peer.
 */
export interface ForwardDestination {
  readonly name: string;
  /**
   * Send once; never throws: the result says whether trying again may help. `deliveryId`
   * is the same on every attempt of one delivery, for receivers that deduplicate.
   */
  send(content: Buffer, deliveryId: string): Promise<ForwardResult>;
  close(): Promise<void>;
}

export type ForwardResult =
  | { ok: true; response: string }
  /** `retry` false: the peer refused the content itself (an AE): dead-lettered at once. */
  | { ok: false; retry: boolean; reason: string; response: string | null };

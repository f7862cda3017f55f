import { ApiError } from '../errors/api-error.ts';
import type { ChannelMessageFilter } from '../journal/channel-message-filter.ts';
import { matchChannelMessages } from '../journal/read-channel-messages.ts';
import type { Region } from '../regions/region.ts';
import { type MessageReceiver, type ReprocessCaller, reprocessMessage } from './reprocess-message.ts';

/**
 * At most this many messages per bulk reprocess. It runs within the request, because
 * long-running operations belong to a dataset and a channel has none; a larger backlog is
 * reprocessed in parts (by receiveTime ranges, say).
 */
export const BULK_REPROCESS_LIMIT = 10_000;

/** `reprocessed`: run again and not ERROR this time; `failed`: ERROR again, or not run (no content kept, a system failure). */
export interface BulkReprocessResult {
  matched: number;
  reprocessed: number;
  failed: number;
}

/**
 * Reprocess every message of a channel's journal in `region` that the filter matches, one
 * after another in arrival order (an A08 must not overtake its A01). The matching set is
 * taken first, so the new messages, which may match the filter too, are not run again.
 */
export async function reprocessMatchingMessages(
  region: Region,
  channel: string,
  filter: ChannelMessageFilter | null,
  receiver: MessageReceiver,
  caller: ReprocessCaller,
): Promise<BulkReprocessResult> {
  const matched = await matchChannelMessages(region, channel, filter, BULK_REPROCESS_LIMIT + 1);
  if (matched.length > BULK_REPROCESS_LIMIT) {
    throw new ApiError('FAILED_PRECONDITION', `more than ${BULK_REPROCESS_LIMIT} messages match the filter; narrow it (by receiveTime, say) and reprocess in parts`);
  }
  const result: BulkReprocessResult = { matched: matched.length, reprocessed: 0, failed: 0 };
  for (const message of matched) {
    const ok = await reprocessMessage(receiver, { region, ...message }, caller).then((envelope) => envelope.status !== 'ERROR', () => false);
    if (ok) result.reprocessed++;
    else result.failed++;
  }
  return result;
}

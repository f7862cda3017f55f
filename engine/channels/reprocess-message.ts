import { ApiError } from '../errors/api-error.ts';
import { readReceivedRaw } from '../journal/read-channel-message-content.ts';
import type { Region } from '../regions/region.ts';
import type { Envelope } from './envelope.ts';
import type { ReceivedMessage } from './received-message.ts';

/** A journal message to run again: where its row is, and what the new message needs of it. */
export interface JournalMessageRef {
  /** The region whose journal holds it. */
  region: Region;
  pk: number;
  messageId: string;
  contentType: string;
}

/** Who asked for the reprocessing, as the new message's origin names them (audit, journal peer). */
export interface ReprocessCaller {
  principal: string;
  peer: string;
}

/** What a channel's source hands messages to (its runtime, or its region router, which routes again). */
export interface MessageReceiver {
  receive(message: ReceivedMessage): Promise<Envelope>;
}

/**
 * Run a journal message's raw bytes through the channel again, as a new journal message
 * that names the one it reprocesses (Mirth's reprocess; the original stays as it was).
 * One ordering group per caller keeps a bulk reprocess in the order it is asked for.
 * Store landings are idempotent, so a message that landed before lands nothing new.
 */
export async function reprocessMessage(receiver: MessageReceiver, message: JournalMessageRef, caller: ReprocessCaller): Promise<Envelope> {
  const received = await readReceivedRaw(message.region, message.pk);
  if (received === null) {
    throw new ApiError('FAILED_PRECONDITION', `message ${message.messageId} cannot be reprocessed: the channel's storage mode kept none of its content`);
  }
  return receiver.receive({
    ...received,
    contentType: message.contentType,
    origin: { connectionId: `reprocess:${caller.principal}`, peer: caller.peer, principal: caller.principal, method: 'reprocess', reprocessOf: message.messageId },
  });
}

import { randomUUID } from 'node:crypto';
import type { Envelope } from './envelope.ts';
import type { ReceivedMessage } from './received-message.ts';

/** A fresh envelope for a message just received (or, with `messageId`, one re-read from the journal). */
export function newEnvelope(channel: string, message: ReceivedMessage, messageId = randomUUID().replaceAll('-', ''), receivedTime = new Date().toISOString()): Envelope {
  return {
    messageId,
    channel,
    origin: message.origin,
    receivedTime,
    raw: message.raw,
    rawBlob: message.rawBlob ?? null,
    contentType: message.contentType,
    content: message.raw,
    parsed: null,
    messageType: '',
    controlId: '',
    status: message.rejection ? 'ERROR' : 'RECEIVED',
    error: message.rejection ?? null,
    filteredBy: null,
    outputs: [],
  };
}

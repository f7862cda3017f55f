import type { EnvelopeError, EnvelopeOrigin } from './envelope.ts';

/** What a source connector hands the channel runtime: the framed bytes and where they came from. */
export interface ReceivedMessage {
  raw: Buffer;
  /** `application/hl7-v2`, `application/dicom`, ... */
  contentType: string;
  origin: EnvelopeOrigin;
  /** Set by a router that refuses the message before any stage: it is journaled as ERROR with this reason. */
  rejection?: EnvelopeError;
}

import type { EnvelopeError, EnvelopeOrigin, RawBlob } from './envelope.ts';

/** What a source connector hands the channel runtime: the framed bytes and where they came from. */
export interface ReceivedMessage {
  raw: Buffer;
  /** The whole message, already in the region's blob store, when `raw` is only its header (a DICOM instance). */
  rawBlob?: RawBlob;
  /** `application/hl7-v2`, `application/dicom`, ... */
  contentType: string;
  origin: EnvelopeOrigin;
  /** Set by a router that refuses the message before any stage: it is journaled as ERROR with this reason. */
  rejection?: EnvelopeError;
}

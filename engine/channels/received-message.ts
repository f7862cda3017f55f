import type { EnvelopeOrigin } from './envelope.ts';

/** What a source connector hands the channel runtime: the framed bytes and where they came from. */
export interface ReceivedMessage {
  raw: Buffer;
  /** `application/hl7-v2`, `application/dicom`, ... */
  contentType: string;
  origin: EnvelopeOrigin;
}

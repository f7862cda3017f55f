import type { Envelope, EnvelopeError, EnvelopeOrigin } from './envelope.ts';

/** What a source connector hands the channel runtime: the framed bytes and where they came from. */
export interface ReceivedMessage {
  raw: Buffer;
  /** `application/hl7-v2`, `application/dicom`, ... */
  contentType: string;
  origin: EnvelopeOrigin;
  /** Set by a router that refuses the message before any stage: it is journaled as ERROR with this reason. */
  rejection?: EnvelopeError;
}

/** What a source hands messages to: a channel's runtime, or the router in front of a routing channel's runtimes. */
export interface ChannelReceiver {
  /** `projects/{p}/locations/{l}/channels/{c}`. */
  readonly resource: string;
  /** Resolves when the sender may be answered; the envelope says what to answer. */
  receive(message: ReceivedMessage): Promise<Envelope>;
  /** The source closed a connection: its ordering group ends. */
  connectionClosed(connectionId: string): void;
}

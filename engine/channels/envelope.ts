/** Where a message came from: the source connection (arrival order is kept per connection) and the peer. */
export interface EnvelopeOrigin {
  /** Unique per source connection (an MLLP socket, an HTTP request, a dropped file). */
  connectionId: string;
  /** The peer's address, or a file path for the directory source. */
  peer: string;
  /** Who sent it, as the audit log names principals (`mllp:10.1.2.3`, `user:alice@example.org`). */
  principal: string;
  /** How it came, for the audit log: `MLLP receive`, `HTTP send`, `file drop`, `reprocess`. */
  method: string;
  /** The journal message id this one reprocesses (`:reprocess`), kept in the journal row. */
  reprocessOf?: string;
}

/** Where a message is on its way through a channel (Mirth's statuses). */
export type EnvelopeStatus = 'RECEIVED' | 'TRANSFORMED' | 'FILTERED' | 'ERROR';

/**
 * Why a message failed. `content`: the message is wrong (answered AE/CE); `system`: we
 * failed (answered AR/CR so the sender retries); `rejected`: refused whole before any
 * stage, such as a message no region of a routing channel takes (answered AR/CR, kept in
 * the quarantine region). `code` is the HL7 table 0357 code the error maps to (207,
 * application internal error, when the stage gives none).
 */
export interface EnvelopeError {
  kind: 'content' | 'system' | 'rejected';
  /** The stage that failed, such as `parse` or `filter[2]`, or `commit`. */
  stage: string;
  text: string;
  code: number;
  /** True when the message could not be parsed at all (answered AR with what can be read of it). */
  unparseable?: boolean;
}

/**
 * A message kept whole in the region's blob store, received without being held in memory
 * (a C-STORE data set of any size). Stages see the envelope's `raw` (the part they read);
 * store landings reference the blob and forward destinations send it.
 */
export interface RawBlob {
  sha256: string;
  size: number;
}

/** What one stage produced, kept in the journal when the channel's storage mode is `full`. */
export interface StageOutput {
  stage: string;
  content: Buffer;
}

/**
 * A message on its way through a channel: the raw bytes as received, the current content
 * (stages that edit the message replace it), the parsed form a parse stage left for the
 * next stages, and the status.
 */
export interface Envelope {
  /** The journal's message id (32 hex digits). */
  readonly messageId: string;
  readonly channel: string;
  readonly origin: EnvelopeOrigin;
  /** ISO 8601 with milliseconds. */
  readonly receivedTime: string;
  /**
   * The bytes as received; for a message received as a blob (a DICOM instance streamed to
   * disk), the part stages read: its header, up to Pixel Data.
   */
  readonly raw: Buffer;
  /** The whole message as a blob of the region's blob store, when it came as one; null otherwise. */
  readonly rawBlob: RawBlob | null;
  readonly contentType: string;
  content: Buffer;
  /** The parse stage's result (an Hl7v2Message for `parse: hl7v2`); stages after it read and edit it. */
  parsed: unknown;
  /** `ADT^A01`, once parsed. */
  messageType: string;
  /** MSH-10, once parsed. */
  controlId: string;
  status: EnvelopeStatus;
  error: EnvelopeError | null;
  /** Why a filter stopped it, when FILTERED. */
  filteredBy: string | null;
  outputs: StageOutput[];
}

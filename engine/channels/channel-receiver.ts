import type { Envelope } from './envelope.ts';
import type { ReceivedMessage } from './received-message.ts';

/** What a source hands messages to: a channel's runtime, or the router in front of a routing channel's runtimes. */
export interface ChannelReceiver {
  /** `projects/{p}/locations/{l}/channels/{c}`. */
  readonly resource: string;
  /** Resolves when the sender may be answered; the envelope says what to answer. */
  receive(message: ReceivedMessage): Promise<Envelope>;
  /** The source closed a connection: its ordering group ends. */
  connectionClosed(connectionId: string): void;
}

import type { HttpSourceConfig } from '../../config/channel-config.ts';
import type { ChannelReceiver } from '../../engine/channels/channel-receiver.ts';
import type { ChannelSource } from '../../engine/channels/channel-source.ts';
import type { Envelope, EnvelopeOrigin } from '../../engine/channels/envelope.ts';
import { ApiError } from '../../engine/errors/api-error.ts';

/**
 * A channel's `source: http`: the `:send` route hands it each request body. While the
 * channel is paused a send is refused with 503 (UNAVAILABLE) so the client retries later.
 */
export class HttpChannelSource implements ChannelSource {
  readonly type = 'http';
  private accepting = false;

  constructor(readonly config: HttpSourceConfig, private readonly runtime: ChannelReceiver) {}

  async start(): Promise<void> {
    this.accepting = true;
  }

  async stop(): Promise<void> {
    this.accepting = false;
  }

  describe(): string {
    return `POST /v1/${this.runtime.resource}:send`;
  }

  send(raw: Buffer, origin: EnvelopeOrigin): Promise<Envelope> {
    if (!this.accepting) throw new ApiError('UNAVAILABLE', `the channel ${this.runtime.resource} is paused; send the message again later`);
    return this.runtime.receive({ raw, contentType: this.config.contentType, origin });
  }
}

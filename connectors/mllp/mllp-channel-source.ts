import type { MllpSourceConfig } from '../../config/channel-config.ts';
import type { ChannelReceiver } from '../../engine/channels/channel-receiver.ts';
import type { ChannelSource } from '../../engine/channels/channel-source.ts';
import type { Logger } from '../../engine/logger.ts';
import { buildAckForEnvelope } from '../../transforms/hl7v2/build-ack-for-envelope.ts';
import { buildAckForUnparseable } from '../../transforms/hl7v2/build-ack-for-unparseable.ts';
import { listenerOptionsOf } from './listener-options-of.ts';
import { MllpListener } from './mllp-listener.ts';

/**
 * A channel's `source: mllp`: each frame goes to the channel runtime, and the sender is
 * answered when the ack mode says (after the commit, on receipt, or never) with the ACK
 * the message's outcome calls for. Frames of one connection are answered in order.
 */
export class MllpChannelSource implements ChannelSource {
  readonly type = 'mllp';
  private readonly listener: MllpListener;
  private bound: string | null = null;

  constructor(private readonly config: MllpSourceConfig, runtime: ChannelReceiver, logger: Logger) {
    const where = `${config.host}:${config.port}`;
    this.listener = new MllpListener({
      ...listenerOptionsOf(config, `channel ${runtime.resource} mllp ${where}`),
      logger: logger.child({ channel: runtime.resource, mllp: where }),
      async handleMessage(frame, context) {
        const peer = context.peer;
        const envelope = await runtime.receive({
          raw: frame,
          contentType: 'application/hl7-v2',
          origin: {
            connectionId: context.connectionId,
            peer: peer.address,
            principal: peer.certificateSubject ? `mllp:${peer.certificateSubject}` : `mllp:${peer.address}`,
            method: 'MLLP receive',
          },
        });
        return config.ack === 'none' ? null : buildAckForEnvelope(envelope);
      },
      answerOversized: (head) => buildAckForUnparseable(head, new Error(`the message exceeds the ${config.maxFrameBytes}-byte limit of this port`)).toBuffer(),
      onConnectionClosed: (connectionId) => runtime.connectionClosed(connectionId),
    });
  }

  async start(): Promise<void> {
    const address = await this.listener.start();
    this.bound = `${this.config.host}:${address.port}`;
  }

  stop(): Promise<void> {
    return this.listener.stop();
  }

  /** `host:port` as bound (port 0 in the config picks a free one). */
  describe(): string {
    return this.bound ?? `${this.config.host}:${this.config.port}`;
  }
}

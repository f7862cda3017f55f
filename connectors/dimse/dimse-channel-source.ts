import type { DimseSourceConfig } from '../../config/channel-config.ts';
import type { AuditLog } from '../../engine/audit/audit-log.ts';
import type { ChannelReceiver } from '../../engine/channels/channel-receiver.ts';
import type { ChannelSource } from '../../engine/channels/channel-source.ts';
import type { Logger } from '../../engine/logger.ts';
import type { Region } from '../../engine/regions/region.ts';
import { ChannelCStoreTarget } from './channel-c-store-target.ts';
import { DimseListener } from './dimse-listener.ts';

export interface DimseChannelSourceDeps {
  /** The channel's home region: instances stream into its blob store. */
  region: Region;
  audit: AuditLog;
  logger: Logger;
  /** The largest instance a C-STORE may bring (plexus.yaml's limits.stow). */
  maxInstanceBytes: number;
}

/**
 * A channel's `source: { dimse }`: a DICOM SCP answering C-ECHO and C-STORE (every storage
 * SOP class, every transfer syntax the engine reads, stored as received), whose instances
 * stream to disk and go through the channel's stages before they land. Instances of one
 * association are processed in the order they came.
 */
export class DimseChannelSource implements ChannelSource {
  readonly type = 'dimse';
  private readonly listener: DimseListener;
  private bound: string | null = null;

  constructor(private readonly config: DimseSourceConfig, receiver: ChannelReceiver, deps: DimseChannelSourceDeps) {
    const logger = deps.logger.child({ channel: receiver.resource });
    this.listener = new DimseListener({ ...config, moveDestinations: [] }, {
      storage: new ChannelCStoreTarget(receiver, deps.region, deps.audit, logger),
      queryTarget: null,
      audit: deps.audit,
      logger,
      maxInstanceBytes: deps.maxInstanceBytes,
    });
  }

  async start(): Promise<void> {
    const address = await this.listener.start();
    this.bound = `${this.config.aeTitle}@${this.config.host}:${address.port}`;
  }

  stop(): Promise<void> {
    return this.listener.stop();
  }

  /** `AE@host:port` as bound (port 0 in the config picks a free one). */
  describe(): string {
    return this.bound ?? `${this.config.aeTitle}@${this.config.host}:${this.config.port}`;
  }
}

import type { ChannelConfig } from '../../config/channel-config.ts';
import type { ChannelAlerts } from './channel-alerts.ts';
import type { ChannelRuntime } from './channel-runtime.ts';
import type { ChannelSource } from './channel-source.ts';
import type { ChannelReceiver } from './channel-receiver.ts';
import { type ChannelState, readChannelState, writeChannelState } from './channel-states.ts';

/**
 * A channel as the engine holds it: its config, its runtimes (one per region it writes
 * in: the home region, plus those a route picks), what its source hands messages to (the
 * home runtime, or the region router), its source, and whether it runs. Pausing stops the source (an MLLP port closes, a folder is no longer read, HTTP
 * sends are refused) while committed work (forward deliveries) carries on, as in Mirth;
 * the state is in the database, so a paused channel stays paused across restarts.
 */
export class DeployedChannel {
  private current: ChannelState = 'RUNNING';

  /** The runtime of the home region, where the channel's API and state live. */
  readonly runtime: ChannelRuntime;

  constructor(
    readonly config: ChannelConfig,
    readonly runtimes: ReadonlyMap<string, ChannelRuntime>,
    readonly receiver: ChannelReceiver,
    readonly source: ChannelSource,
    private readonly alerts: ChannelAlerts | null = null,
  ) {
    this.runtime = runtimes.get(config.region)!;
  }

  get resource(): string {
    return this.runtime.resource;
  }

  get state(): ChannelState {
    return this.current;
  }

  async start(): Promise<void> {
    for (const runtime of this.runtimes.values()) await runtime.start();
    this.current = await readChannelState(this.runtime.region, this.config.name);
    if (this.current === 'RUNNING') await this.source.start();
    this.alerts?.start();
  }

  async pause(): Promise<void> {
    if (this.current === 'PAUSED') return;
    await writeChannelState(this.runtime.region, this.config.name, 'PAUSED');
    this.current = 'PAUSED';
    await this.source.stop();
  }

  async resume(): Promise<void> {
    if (this.current === 'RUNNING') return;
    await writeChannelState(this.runtime.region, this.config.name, 'RUNNING');
    this.current = 'RUNNING';
    await this.source.start();
  }

  async stop(): Promise<void> {
    await this.alerts?.stop();
    if (this.current === 'RUNNING') await this.source.stop();
    for (const runtime of this.runtimes.values()) await runtime.stop();
  }
}

import type { ChannelRuntime } from '../../../engine/channels/channel-runtime.ts';
import type { DeployedChannel } from '../../../engine/channels/deployed-channel.ts';
import { notFound } from '../../../engine/errors/api-error.ts';
import type { ChannelDirectory } from './channel-routes.ts';

/** A channel's journal in one location: the channel, its runtime there, and the name its messages live under. */
export interface ChannelJournal {
  channel: DeployedChannel;
  runtime: ChannelRuntime;
  /** `projects/{p}/locations/{l}/channels/{c}`, `l` being the journal's region. */
  name: string;
}

/**
 * The journal a request's path names, or NOT_FOUND. A channel journals in its home region
 * and, when it routes by region, in each region it routes to: `locations/{l}` picks which,
 * so a message is read only through the location that holds it.
 */
export function requireChannelJournal(channels: ChannelDirectory, params: Record<string, string>): ChannelJournal {
  const { project, location, channel } = params;
  const name = `projects/${project}/locations/${location}/channels/${channel}`;
  for (const deployed of channels.values()) {
    if (deployed.config.project !== project || deployed.config.name !== channel) continue;
    const runtime = deployed.runtimes.get(location);
    if (runtime) return { channel: deployed, runtime, name };
  }
  throw notFound(`channel ${name} not found`);
}

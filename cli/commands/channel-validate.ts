import type { ChannelConfig } from '../../config/channel-config.ts';
import { loadChannelConfig } from '../../config/load-channel-config.ts';
import { loadServerConfig } from '../../config/load-server-config.ts';
import { buildChannelStages } from './build-channel-stages.ts';
import { defaultConfigFile } from './default-config-file.ts';
import { parseCommandArgs } from './parse-command-args.ts';
import { reportConfigError } from './report-config-error.ts';
import { UsageError } from './usage-error.ts';

export const channelValidateUsage = `usage: plexus channel validate FILE [--config SERVER_CONFIG]

Validate a channel file against a server config (default: $PLEXUS_CONFIG or
config/plexus.yaml), which supplies the regions. Prints every problem with its line and
key and exits 2, or prints "channel OK: NAME (N stages, M destinations)" and exits 0.`;

export async function channelValidateCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, { config: { type: 'string' } }, 1);
  if (positionals[0] === undefined) throw new UsageError('missing the channel FILE');
  let channel: ChannelConfig;
  try {
    const server = loadServerConfig(values.config ?? defaultConfigFile());
    channel = loadChannelConfig(positionals[0], { regionNames: Object.keys(server.regions) });
  } catch (error) {
    return reportConfigError(error);
  }
  if (buildChannelStages(channel) === null) return 2;
  console.log(`channel OK: ${channel.name} (${count(channel.stages.length, 'stage')}, ${count(channel.destinations.length, 'destination')})`);
  return 0;
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

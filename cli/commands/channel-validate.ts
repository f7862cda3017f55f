import { buildChannelStages } from './build-channel-stages.ts';
import { parseCommandArgs } from './parse-command-args.ts';
import { UsageError } from './usage-error.ts';
import { loadChannelArgument } from './load-channel-argument.ts';

export const channelValidateUsage = `usage: plexus channel validate FILE [--config SERVER_CONFIG]

Validate a channel file against a server config (default: $PLEXUS_CONFIG or
config/plexus.yaml), which supplies the regions. Prints every problem with its line and
key and exits 2, or prints "channel OK: NAME (N stages, M destinations)" and exits 0.`;

export async function channelValidateCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, { config: { type: 'string' } }, 1);
  if (positionals[0] === undefined) throw new UsageError('missing the channel FILE');
  const channel = loadChannelArgument(positionals[0], values.config);
  if (typeof channel === 'number') return channel;
  if (buildChannelStages(channel) === null) return 2;
  console.log(`channel OK: ${channel.name} (${count(channel.stages.length, 'stage')}, ${count(channel.destinations.length, 'destination')})`);
  return 0;
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

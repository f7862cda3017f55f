import { UsageError } from './usage-error.ts';

/** The options that complete a channel given by its short name. */
export const CHANNEL_NAME_OPTIONS = { project: { type: 'string' }, location: { type: 'string' } } as const;

const FULL_NAME = /^projects\/[^/]+\/locations\/[^/]+\/channels\/[^/]+$/;
const ID = /^[A-Za-z0-9_.-]{1,256}$/;

/** `projects/P/locations/L/channels/C` as given, or built from C, `--project` and `--location`. */
export function channelResourceName(channel: string | undefined, options: { project?: string; location?: string }): string {
  if (channel === undefined) throw new UsageError('missing the CHANNEL');
  if (FULL_NAME.test(channel)) return channel;
  if (!ID.test(channel)) throw new UsageError(`'${channel}' is neither a channel ID nor projects/P/locations/L/channels/C`);
  if (!options.project || !options.location) throw new UsageError('give the channel as projects/P/locations/L/channels/C, or --project and --location with its ID');
  return `projects/${options.project}/locations/${options.location}/channels/${channel}`;
}

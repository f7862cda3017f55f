import { channelResourceName, CHANNEL_NAME_OPTIONS } from './channel-resource-name.ts';
import { type ChannelMessageJson, describeChannelMessage } from './describe-channel-message.ts';
import { connectEngineApi, ENGINE_API_OPTIONS, ENGINE_API_USAGE, EngineApiError, type EngineApiClient } from './engine-api-client.ts';
import { parseCommandArgs } from './parse-command-args.ts';
import { UsageError } from './usage-error.ts';

export const channelReprocessUsage = `usage: plexus channel reprocess CHANNEL (--message ID | --filter FILTER)
                                [--project P --location L] [--url URL] [--key KEY]

Run journal messages through their channel again, as new messages (permission
plexus.channelMessages.reprocess; audited). --message: one message, by its ID or full name;
the new message is printed. --filter: every message the filter matches (the syntax of
'plexus channel messages'), oldest first, at most 10,000 per run; prints the counts.
CHANNEL is projects/P/locations/L/channels/C, or C with --project and --location.
${ENGINE_API_USAGE}
Exits 0 when every message went through, 1 when one ended ERROR again or the API refused,
2 for a usage error.`;

const OPTIONS = { ...ENGINE_API_OPTIONS, ...CHANNEL_NAME_OPTIONS, message: { type: 'string' }, filter: { type: 'string' } } as const;

export async function channelReprocessCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, OPTIONS, 1);
  const channel = channelResourceName(positionals[0], values);
  if ((values.message === undefined) === (values.filter === undefined)) throw new UsageError('give either --message or --filter');
  const api = connectEngineApi(values);
  try {
    return values.message !== undefined ? await reprocessOne(api, channel, values.message) : await reprocessMatching(api, channel, values.filter!);
  } catch (error) {
    if (!(error instanceof EngineApiError)) throw error;
    console.error(`plexus channel reprocess: ${error.message}`);
    return 1;
  }
}

async function reprocessOne(api: EngineApiClient, channel: string, message: string): Promise<number> {
  const id = message.includes('/') ? message.split('/').pop()! : message;
  const reprocessed = (await api.post(`${channel}/messages/${encodeURIComponent(id)}:reprocess`)) as unknown as ChannelMessageJson;
  console.log(describeChannelMessage(reprocessed));
  return reprocessed.status === 'ERROR' ? 1 : 0;
}

async function reprocessMatching(api: EngineApiClient, channel: string, filter: string): Promise<number> {
  const result = await api.post(`${channel}/messages:reprocess`, { filter });
  console.log(`matched ${result.matched}, reprocessed ${result.reprocessed}, failed ${result.failed}`);
  return Number(result.failed) > 0 ? 1 : 0;
}

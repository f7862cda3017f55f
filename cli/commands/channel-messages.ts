import { channelResourceName, CHANNEL_NAME_OPTIONS } from './channel-resource-name.ts';
import { type ChannelMessageJson, describeChannelMessage } from './describe-channel-message.ts';
import { connectEngineApi, ENGINE_API_OPTIONS, ENGINE_API_USAGE, EngineApiError } from './engine-api-client.ts';
import { parseCommandArgs } from './parse-command-args.ts';
import { UsageError } from './usage-error.ts';

export const channelMessagesUsage = `usage: plexus channel messages CHANNEL [--filter FILTER] [--limit N] [--json]
                               [--project P --location L] [--url URL] [--key KEY]

List a channel's journal, newest first, from a running engine (permission
plexus.channelMessages.list; audited). CHANNEL is projects/P/locations/L/channels/C, or C
with --project and --location. FILTER is the API's (Google's AIP-160) over status,
receiveTime, messageType, controlId, destinationStatus and content, for example
--filter 'status = ERROR AND receiveTime >= "2026-01-01T00:00:00Z"'.
--limit: at most N messages (default 100); --json: each message's JSON on a line.
${ENGINE_API_USAGE}
Exits 0, 1 when the API refuses (its error is printed), 2 for a usage error.`;

const OPTIONS = {
  ...ENGINE_API_OPTIONS,
  ...CHANNEL_NAME_OPTIONS,
  filter: { type: 'string' },
  limit: { type: 'string' },
  json: { type: 'boolean' },
} as const;

const MAX_PAGE = 1000;

export async function channelMessagesCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, OPTIONS, 1);
  const channel = channelResourceName(positionals[0], values);
  const limit = parseLimit(values.limit);
  const api = connectEngineApi(values);
  try {
    let pageToken: string | undefined;
    let shown = 0;
    do {
      const query = { pageSize: String(Math.min(limit - shown, MAX_PAGE)), ...(values.filter ? { filter: values.filter } : {}), ...(pageToken ? { pageToken } : {}) };
      const page = await api.get(`${channel}/messages`, query);
      for (const message of (page.messages ?? []) as ChannelMessageJson[]) console.log(values.json ? JSON.stringify(message) : describeChannelMessage(message));
      shown += ((page.messages ?? []) as unknown[]).length;
      pageToken = page.nextPageToken as string | undefined;
    } while (pageToken && shown < limit);
    return 0;
  } catch (error) {
    if (!(error instanceof EngineApiError)) throw error;
    console.error(`plexus channel messages: ${error.message}`);
    return 1;
  }
}

function parseLimit(text: string | undefined): number {
  if (text === undefined) return 100;
  if (!/^[1-9]\d{0,8}$/.test(text)) throw new UsageError(`--limit takes a positive number, got '${text}'`);
  return Number(text);
}

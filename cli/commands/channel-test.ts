import { readFileSync } from 'node:fs';
import { readErrorReason } from '../../config/read-config-file.ts';
import { buildChannelStages } from './build-channel-stages.ts';
import { dryRunChannel } from './dry-run-channel.ts';
import { formatDryRun } from './format-dry-run.ts';
import { parseCommandArgs } from './parse-command-args.ts';
import { UsageError } from './usage-error.ts';
import { loadChannelArgument } from './load-channel-argument.ts';

export const channelTestUsage = `usage: plexus channel test FILE --input MESSAGE_FILE [--config SERVER_CONFIG]

Run one message through a channel dry: its stages run as the engine runs them, but no
database is opened, nothing is stored and nothing is sent. Prints what each stage made of
the message (status, message type, the content after each stage that edits it, what
filtered it, the error), the answer the sender would get, and what each destination would
get. The server config (default: $PLEXUS_CONFIG or config/plexus.yaml) supplies the
regions the channel is checked against. Exits 0 when the message is TRANSFORMED or
FILTERED, 1 when it ends in ERROR, 2 for an invalid channel or unreadable input.`;

export async function channelTestCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, { config: { type: 'string' }, input: { type: 'string' } }, 1);
  if (positionals[0] === undefined) throw new UsageError('missing the channel FILE');
  if (values.input === undefined) throw new UsageError('missing --input MESSAGE_FILE');
  const channel = loadChannelArgument(positionals[0], values.config);
  if (typeof channel === 'number') return channel;
  let input: Buffer;
  try {
    input = readFileSync(values.input);
  } catch (error) {
    console.error(`${values.input}: cannot read the message: ${readErrorReason(error)}`);
    return 2;
  }
  const stages = buildChannelStages(channel);
  if (stages === null) return 2;
  const run = await dryRunChannel(channel, stages, input);
  console.log(`channel ${channel.name}: dry run of ${values.input} (${input.length} bytes); nothing is stored or sent\n`);
  for (const line of formatDryRun(channel, run)) console.log(line);
  return run.envelope.status === 'ERROR' ? 1 : 0;
}

import { channelTestCommand, channelTestUsage } from './commands/channel-test.ts';
import { channelMessagesCommand, channelMessagesUsage } from './commands/channel-messages.ts';
import { channelReprocessCommand, channelReprocessUsage } from './commands/channel-reprocess.ts';
import { channelValidateCommand, channelValidateUsage } from './commands/channel-validate.ts';
import { configCheckCommand, configCheckUsage } from './commands/config-check.ts';
import { configPrintCommand, configPrintUsage } from './commands/config-print.ts';
import { serveCommand, serveUsage } from './commands/serve.ts';
import { UsageError } from './commands/usage-error.ts';

/** The `plexus` command line: `node --import=./cli/register-typescript.mjs cli/plexus.ts COMMAND ...` or `npx plexus COMMAND ...`. */

interface Command {
  summary: string;
  usage: string;
  run(args: string[]): Promise<number>;
}

const auditVerifyUsage = `usage: plexus audit verify [--config FILE]

Verify the hash chains of the audit log in every configured region. Exits 0 when every
chain is intact, non-zero otherwise.`;

const commands: Record<string, Command> = {
  serve: { summary: 'run the engine', usage: serveUsage, run: serveCommand },
  'config check': { summary: 'validate a server config file', usage: configCheckUsage, run: configCheckCommand },
  'config print': { summary: 'print the effective server config, secrets masked', usage: configPrintUsage, run: configPrintCommand },
  'channel validate': { summary: 'validate a channel file', usage: channelValidateUsage, run: channelValidateCommand },
  'channel messages': { summary: "list a channel's journal from a running engine", usage: channelMessagesUsage, run: channelMessagesCommand },
  'channel reprocess': { summary: 'run journal messages through their channel again', usage: channelReprocessUsage, run: channelReprocessCommand },
  'channel test': { summary: 'run one message through a channel dry: nothing stored or sent', usage: channelTestUsage, run: channelTestCommand },
  'audit verify': {
    summary: "verify the audit log's hash chains",
    usage: auditVerifyUsage,
    // Imported on use, like the engine: it opens every region's database.
    run: async (args) => (await import('./commands/audit-verify.ts')).auditVerifyCommand(args),
  },
};

function usage(prefix = ''): string {
  const names = Object.keys(commands).filter((name) => name.startsWith(prefix));
  const width = Math.max(...names.map((name) => name.length));
  const lines = names.map((name) => `  plexus ${name.padEnd(width)}  ${commands[name].summary}`);
  return `usage: plexus COMMAND [OPTIONS]\n\ncommands:\n${lines.join('\n')}\n\n'plexus COMMAND --help' describes a command.`;
}

const isHelp = (arg: string | undefined): boolean => arg === '--help' || arg === '-h' || arg === 'help';

/** A word that starts several commands: `config`, `audit`. */
const isGroup = (word: string | undefined): boolean => word !== undefined && Object.keys(commands).some((name) => name.startsWith(`${word} `));

/** The command `argv` starts with (`serve`, `config check`), or null. */
function commandOf(argv: string[]): string | null {
  return [`${argv[0]} ${argv[1]}`, argv[0]].find((name) => Object.hasOwn(commands, name)) ?? null;
}

/** Runs one command line and gives the exit code: 0 done, 2 usage or config error, others per command. */
async function runPlexus(argv: string[]): Promise<number> {
  if (isHelp(argv[0])) return printHelp(argv.slice(1));
  const name = commandOf(argv);
  if (name === null) return isGroup(argv[0]) && isHelp(argv[1]) ? printHelp(argv.slice(0, 1)) : printUnknown(argv);
  const args = argv.slice(name.split(' ').length);
  if (args.some((arg) => arg === '--help' || arg === '-h')) return printHelp(name.split(' '));
  try {
    return await commands[name].run(args);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`plexus ${name}: ${error.message}\n\n${commands[name].usage}`);
    return 2;
  }
}

/** `plexus help [COMMAND]`, `plexus [COMMAND] --help`: on stdout, exit 0. */
function printHelp(topic: string[]): number {
  const name = commandOf(topic);
  if (name !== null) console.log(commands[name].usage);
  else if (topic.length === 0) console.log(usage());
  else if (topic.length === 1 && isGroup(topic[0])) console.log(usage(`${topic[0]} `));
  else return printUnknown(topic);
  return 0;
}

/** A missing or unknown command: what there is, on stderr, exit 2. `plexus config` lists the config commands. */
function printUnknown(argv: string[]): number {
  const group = isGroup(argv[0]);
  const named = argv.slice(0, group ? 2 : 1);
  const problem = named.length === 0 || (group && named.length === 1) ? '' : `plexus: unknown command '${named.join(' ')}'\n\n`;
  console.error(`${problem}${usage(group ? `${argv[0]} ` : '')}`);
  return 2;
}

try {
  process.exitCode = await runPlexus(process.argv.slice(2));
} catch (error) {
  console.error(`plexus: ${(error as Error).stack ?? String(error)}`);
  process.exit(1);
}

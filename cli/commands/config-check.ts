import { loadServerConfig } from '../../config/load-server-config.ts';
import { defaultConfigFile } from './default-config-file.ts';
import { parseCommandArgs } from './parse-command-args.ts';
import { reportConfigError } from './report-config-error.ts';

export const configCheckUsage = `usage: plexus config check [FILE]

Validate a server config file (default: $PLEXUS_CONFIG or config/plexus.yaml) with the
environment's PLEXUS_* overrides, as 'plexus serve' would. Prints every problem with its
key and line and exits 2, or prints "config OK" and exits 0.`;

export async function configCheckCommand(args: string[]): Promise<number> {
  const { positionals } = parseCommandArgs(args, {}, 1);
  try {
    loadServerConfig(positionals[0] ?? defaultConfigFile());
  } catch (error) {
    return reportConfigError(error);
  }
  console.log('config OK');
  return 0;
}

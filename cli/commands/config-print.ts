import { stringify } from 'yaml';
import { loadServerConfig } from '../../config/load-server-config.ts';
import { maskSecrets } from '../../config/mask-secrets.ts';
import { defaultConfigFile } from './default-config-file.ts';
import { parseCommandArgs } from './parse-command-args.ts';
import { reportConfigError } from './report-config-error.ts';
import { UsageError } from './usage-error.ts';

export const configPrintUsage = `usage: plexus config print [--config FILE] [--format yaml|json]

Print the effective server config: the file (default: $PLEXUS_CONFIG or
config/plexus.yaml) with defaults filled in, PLEXUS_* environment overrides applied and
paths made absolute. Secrets (API key hashes, database passwords) are masked.`;

export async function configPrintCommand(args: string[]): Promise<number> {
  const { values } = parseCommandArgs(args, { config: { type: 'string' }, format: { type: 'string', default: 'yaml' } });
  if (values.format !== 'yaml' && values.format !== 'json') throw new UsageError(`--format must be yaml or json, not '${values.format}'`);
  let config;
  try {
    config = maskSecrets(loadServerConfig(values.config ?? defaultConfigFile()));
  } catch (error) {
    return reportConfigError(error);
  }
  process.stdout.write(values.format === 'json' ? `${JSON.stringify(config, null, 2)}\n` : stringify(config));
  return 0;
}

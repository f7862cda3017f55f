import { fileURLToPath } from 'node:url';

/** `$PLEXUS_CONFIG`, else the repository's `config/plexus.yaml` (wherever the command is run from). */
export function defaultConfigFile(env: NodeJS.ProcessEnv = process.env): string {
  return env.PLEXUS_CONFIG || fileURLToPath(new URL('../../config/plexus.yaml', import.meta.url));
}

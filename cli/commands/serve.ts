import { loadServerConfig } from '../../config/load-server-config.ts';
import type { ServerConfig } from '../../config/server-config.ts';
import { defaultConfigFile } from './default-config-file.ts';
import { parseCommandArgs } from './parse-command-args.ts';
import { reportConfigError } from './report-config-error.ts';

export const serveUsage = `usage: plexus serve [--config FILE]

Start the engine with a server config file (default: $PLEXUS_CONFIG or
config/plexus.yaml) and run until SIGINT or SIGTERM, then stop cleanly and exit 0.
A second signal during shutdown exits at once. An invalid config exits 2.`;

export async function serveCommand(args: string[]): Promise<number> {
  const { values } = parseCommandArgs(args, { config: { type: 'string' } });
  let config: ServerConfig;
  try {
    config = loadServerConfig(values.config ?? defaultConfigFile());
  } catch (error) {
    return reportConfigError(error);
  }
  // Imported here so that the other commands start without loading the whole engine.
  const { startEngine } = await import('../../engine/main.ts');
  const stopped = nextStopSignal();
  const engine = await startEngine(config);
  console.error(`plexus: serving ${engine.url} (config ${config.file})`);
  const signal = await stopped;
  console.error(`plexus: ${signal}, stopping`);
  await engine.stop();
  // stop() has closed listeners and databases; exit even if a library left a timer running.
  process.exit(0);
}

/**
 * Resolves on the first SIGINT or SIGTERM. Both handlers are removed then, so a second
 * signal gets Node's default behaviour and ends a shutdown that hangs.
 */
function nextStopSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const onSignal = (signal: NodeJS.Signals): void => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      resolve(signal);
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
}

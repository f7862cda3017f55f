import type { ChannelConfig } from './channel-config.ts';
import { ConfigError } from './config-error.ts';
import { expandChannelFiles } from './expand-channel-files.ts';
import { findChannelClashes, type LoadedChannel } from './find-channel-clashes.ts';
import { readChannelFile, type ChannelContext } from './load-channel-config.ts';

/**
 * Load the server config's `channels` (absolute paths or globs): every file validated,
 * then the channels against each other. Throws one ConfigError with every problem of
 * every file.
 */
export function loadChannelConfigs(patterns: readonly string[], context: Pick<ChannelContext, 'regionNames'>): ChannelConfig[] {
  const { files, issues } = expandChannelFiles(patterns);
  const loaded: LoadedChannel[] = [];
  for (const file of files) {
    try {
      loaded.push(readChannelFile(file, { regionNames: context.regionNames }));
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      issues.push(...error.issues);
    }
  }
  issues.push(...findChannelClashes(loaded));
  if (issues.length > 0) throw new ConfigError(issues);
  return loaded.map((channel) => channel.config);
}

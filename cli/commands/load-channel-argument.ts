import type { ChannelConfig } from '../../config/channel-config.ts';
import { loadChannelConfig } from '../../config/load-channel-config.ts';
import { loadServerConfig } from '../../config/load-server-config.ts';
import { defaultConfigFile } from './default-config-file.ts';
import { reportConfigError } from './report-config-error.ts';

/**
 * A command's channel FILE, checked against the regions of the server config (`--config`,
 * or the default): the channel, or the exit code once every problem is printed.
 */
export function loadChannelArgument(file: string, serverConfig: string | undefined): ChannelConfig | number {
  try {
    const server = loadServerConfig(serverConfig ?? defaultConfigFile());
    return loadChannelConfig(file, { regionNames: Object.keys(server.regions) });
  } catch (error) {
    return reportConfigError(error);
  }
}

import type { ChannelConfig } from './channel-config.ts';
import type { ConfigIssue } from './config-error.ts';
import { formatKeyPath, type IssueLocator, type KeyPath } from './config-issues.ts';
import { listenersOverlap } from './listeners-overlap.ts';

/** A valid channel, and where its keys are for problems found across files. */
export interface LoadedChannel {
  config: ChannelConfig;
  source: IssueLocator;
}

/**
 * What no single file shows: two channels of a region with the same name (their API paths
 * would be one), two MLLP or DIMSE sources on the same socket (the second would not bind), or two
 * directory sources on one folder (they would race for its files).
 * Each is reported at the later channel, naming the earlier one's file.
 */
export function findChannelClashes(channels: readonly LoadedChannel[]): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  channels.forEach(({ config, source }, i) => {
    const earlier = channels.slice(0, i).map((channel) => channel.config);
    const namesake = earlier.find((other) => other.region === config.region && other.name === config.name);
    if (namesake) issues.push(issueAt(source, ['name'], `the channel ${config.name} of region ${config.region} is also defined in ${namesake.file}`));
    const own = config.source;
    if (own.kind === 'mllp' || own.kind === 'dimse') {
      const rival = earlier.find((other) => (other.source.kind === 'mllp' || other.source.kind === 'dimse') && listenersOverlap(other.source, own));
      if (rival?.source.kind === 'mllp' || rival?.source.kind === 'dimse') {
        const taken = `${rival.source.host} port ${rival.source.port}`;
        issues.push(issueAt(source, ['source', own.kind, 'port'], `the channel ${rival.name} in ${rival.file} already listens on ${taken}`));
      }
    }
    if (own.kind === 'directory') {
      const rival = earlier.find((other) => other.source.kind === 'directory' && other.source.path === own.path);
      if (rival) issues.push(issueAt(source, ['source', 'directory', 'path'], `the channel ${rival.name} in ${rival.file} already takes the files of ${own.path}`));
    }
  });
  return issues;
}

function issueAt(source: IssueLocator, path: KeyPath, message: string): ConfigIssue {
  return { key: formatKeyPath(path), message, file: source.file, line: source.lineOf(path), env: null };
}

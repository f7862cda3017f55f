import type { ConfigIssues } from './config-issues.ts';

/** `channels`: channel YAML files or globs, made absolute against the config file's folder. */
export function readChannels(list: unknown[], issues: ConfigIssues, resolvePath: (p: string) => string): string[] {
  const channels: string[] = [];
  list.forEach((entry, i) => {
    if (typeof entry === 'string' && entry.trim() !== '') channels.push(resolvePath(entry));
    else issues.add(['channels', i], 'must be a channel file path or glob, such as ../channels/*.yaml');
  });
  return channels;
}

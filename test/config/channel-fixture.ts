import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, type ConfigIssue } from '../../config/config-error.ts';
import { loadChannelConfig, type ChannelContext } from '../../config/load-channel-config.ts';

export const STORE = 'projects/acme/locations/local/datasets/main/hl7V2Stores/adt';

/** Two configured regions: `local` and `europe-west4`. */
export const CONTEXT: ChannelContext = { regionNames: ['local', 'europe-west4'] };

/** The smallest valid channel, on six lines: more keys (`stages:`) go after it, from line 7. */
export const MINIMAL = `name: adt-feed\nregion: local\nsource:\n  mllp: {port: 2575}\ndestinations:\n  - store: ${STORE}\n`;

/** A fresh temp folder. */
export function tempFolder(): string {
  return mkdtempSync(join(tmpdir(), 'plexus-channel-'));
}

/** Write a channel file into `folder` (a fresh temp folder by default) and give its path. */
export function writeChannel(text: string, folder = tempFolder(), name = 'channel.yaml'): string {
  const file = join(folder, name);
  writeFileSync(file, text);
  return file;
}

/** The issues of a channel that must not load. */
export function channelIssuesOf(text: string, context: ChannelContext = CONTEXT): ConfigIssue[] {
  try {
    loadChannelConfig(writeChannel(text), context);
  } catch (error) {
    if (error instanceof ConfigError) return [...error.issues];
    throw error;
  }
  throw new Error('expected a ConfigError, the channel loaded');
}

/** Each issue as `[key, line, message]`, to compare whole lists. */
export const described = (issues: ConfigIssue[]): [string, number | null, string][] => issues.map((i) => [i.key, i.line, i.message]);

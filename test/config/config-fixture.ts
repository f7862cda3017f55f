import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, type ConfigIssue } from '../../config/config-error.ts';
import { loadServerConfig } from '../../config/load-server-config.ts';

/** One region, `local`, on two lines: the smallest valid config. */
export const REGION = 'regions:\n  local: {database: db/local.db, blobs: blobs}\n';

/** Write a config file into a fresh temp folder and give its path. */
export function writeConfig(text: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'plexus-config-')), 'plexus.yaml');
  writeFileSync(file, text);
  return file;
}

/** The issues of a config that must not load. */
export function issuesOf(text: string, env: NodeJS.ProcessEnv = {}): ConfigIssue[] {
  try {
    loadServerConfig(writeConfig(text), env);
  } catch (error) {
    if (error instanceof ConfigError) return [...error.issues];
    throw error;
  }
  throw new Error('expected a ConfigError, the config loaded');
}

export const issueAt = (issues: ConfigIssue[], key: string): ConfigIssue | undefined => issues.find((issue) => issue.key === key);

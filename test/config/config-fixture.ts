import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, type ConfigIssue } from '../../config/config-error.ts';
import { loadServerConfig } from '../../config/load-server-config.ts';

/** One region, `local`, on two lines: the smallest valid config. */
export const REGION = 'regions:\n  local: {database: db/local.db, blobs: blobs}\n';

/** Key files the config tests name, relative to the config's folder: each exists (the config checks TLS files can be read). */
const PEM_FILES = ['tls/cert.pem', 'tls/key.pem', 'tls/ca.pem', 'c.pem', 'k.pem', '../ca.pem', 'keys/jwks.json'];

/** An existing file at an absolute path, for tests of absolute TLS paths. */
export const ABSOLUTE_PEM = join(mkdtempSync(join(tmpdir(), 'plexus-pem-')), 'ca.pem');
writeFileSync(ABSOLUTE_PEM, '');

/** Write a config file into a fresh temp folder, beside the PEM files tests name, and give its path. */
export function writeConfig(text: string): string {
  const folder = join(mkdtempSync(join(tmpdir(), 'plexus-config-')), 'conf');
  for (const name of PEM_FILES) {
    mkdirSync(join(folder, name, '..'), { recursive: true });
    writeFileSync(join(folder, name), '');
  }
  const file = join(folder, 'plexus.yaml');
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

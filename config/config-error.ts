import { isAbsolute, relative } from 'node:path';

/** One problem found in a configuration, with where it came from. */
export interface ConfigIssue {
  /** The key path, such as `regions.eu.database` or `auth.apiKeys[0].keySha256`; empty for the file as a whole. */
  key: string;
  message: string;
  /** The YAML file the key is in, when it is in one. */
  file: string | null;
  /** 1-based line of the key in `file`. */
  line: number | null;
  /** The environment variable that set the value, when one did. */
  env: string | null;
}

/** `config/plexus.yaml:12: http.port: must be ...`, with the file shown relative to the working folder. */
export function formatConfigIssue(issue: ConfigIssue): string {
  const where = issue.file === null ? '' : `${displayPath(issue.file)}${issue.line === null ? '' : `:${issue.line}`}: `;
  const key = issue.key === '' ? '' : `${issue.key}${issue.env === null ? '' : ` (from ${issue.env})`}: `;
  return `${where}${key}${issue.message}`;
}

function displayPath(file: string): string {
  const shown = relative(process.cwd(), file);
  return shown === '' || shown.startsWith('..') || isAbsolute(shown) ? file : shown;
}

/** Thrown by the config loader with every problem found, not just the first. */
export class ConfigError extends Error {
  readonly issues: readonly ConfigIssue[];

  constructor(issues: readonly ConfigIssue[]) {
    super(`invalid configuration:\n${issues.map(formatConfigIssue).join('\n')}`);
    this.name = 'ConfigError';
    this.issues = issues;
  }
}

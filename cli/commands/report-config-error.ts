import { ConfigError, formatConfigIssue } from '../../config/config-error.ts';

/** Print every problem of a ConfigError on stderr, a line each, and give exit code 2; rethrow anything else. */
export function reportConfigError(error: unknown): number {
  if (!(error instanceof ConfigError)) throw error;
  for (const issue of error.issues) console.error(formatConfigIssue(issue));
  return 2;
}

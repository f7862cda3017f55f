import { parseByteSize } from './byte-size.ts';
import type { ConfigIssues } from './config-issues.ts';
import { LIMITS } from './server-config-schema.ts';
import type { LimitsConfig } from './server-config.ts';

const NAMES = Object.keys(LIMITS) as (keyof typeof LIMITS)[];

/** `limits`: body-size limits in bytes, from numbers or sizes like "10MB"; the environment wins over the file. */
export function readLimits(value: Record<string, unknown>, env: NodeJS.ProcessEnv, issues: ConfigIssues): LimitsConfig {
  for (const key of Object.keys(value)) if (!(NAMES as string[]).includes(key)) issues.addUnknownKey(['limits', key], NAMES);
  const limits: LimitsConfig = { default: LIMITS.default.bytes, fhirBundle: LIMITS.fhirBundle.bytes, stow: LIMITS.stow.bytes };
  for (const name of NAMES) {
    const given = env[LIMITS[name].env] ?? value[name];
    if (given === undefined) continue;
    const bytes = parseByteSize(given);
    if (bytes !== null && bytes > 0) limits[name] = bytes;
    else issues.add(['limits', name], `must be a size in bytes greater than 0, a number or a string such as "10MB" or "2GB" (got ${JSON.stringify(given)})`);
  }
  return limits;
}

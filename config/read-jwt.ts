import type { ConfigIssues } from './config-issues.ts';
import type { ServerConfigProperties } from './server-config-schema.ts';
import type { AuthMode, JwtConfig } from './server-config.ts';

/**
 * `auth.jwt`: null when nothing of it is set. Once set (and always in jwt mode) it needs
 * issuer, audience and exactly one key source, jwksUrl or jwksFile (made absolute).
 */
export function readJwt(
  jwt: ServerConfigProperties['auth']['jwt'],
  mode: AuthMode,
  issues: ConfigIssues,
  resolvePath: (p: string) => string,
): JwtConfig | null {
  const fields = [jwt.issuer, jwt.audience, jwt.jwksUrl, jwt.jwksFile];
  if (['issuer', 'audience', 'jwksUrl', 'jwksFile'].some((key) => issues.hasIssueAt(['auth', 'jwt', key]))) return null;
  if (fields.every((value) => value === null)) {
    if (mode === 'jwt') issues.add(['auth', 'jwt'], 'required when auth.mode is jwt: issuer, audience, and jwksUrl or jwksFile');
    return null;
  }
  const before = issues.size;
  if (jwt.issuer === null) issues.add(['auth', 'jwt', 'issuer'], 'required: the iss claim tokens must carry');
  if (jwt.audience === null) issues.add(['auth', 'jwt', 'audience'], 'required: the aud claim tokens must carry');
  if (jwt.jwksUrl === null && jwt.jwksFile === null) issues.add(['auth', 'jwt', 'jwksUrl'], 'set jwksUrl or jwksFile: where the issuer\'s keys are');
  if (jwt.jwksUrl !== null && jwt.jwksFile !== null) issues.add(['auth', 'jwt', 'jwksFile'], 'set jwksUrl or jwksFile, not both');
  if (issues.size > before) return null;
  return {
    issuer: jwt.issuer!,
    audience: jwt.audience!,
    jwksUrl: jwt.jwksUrl,
    jwksFile: jwt.jwksFile === null ? null : resolvePath(jwt.jwksFile),
  };
}

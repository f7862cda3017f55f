import type { ConfigIssues } from './config-issues.ts';
import { EntryReader } from './entry-reader.ts';
import { IDENTITY, IDENTITY_RULE } from './id-patterns.ts';
import type { ApiKeyConfig } from './server-config.ts';

const SHA256 = { pattern: /^[0-9a-fA-F]{64}$/, message: 'must be the SHA-256 of the key, 64 hex digits (sha256sum of the key)' };

/** `auth.apiKeys`: who each key authenticates, by the key's SHA-256 (the key itself is never configured). */
export function readApiKeys(list: unknown[], issues: ConfigIssues): ApiKeyConfig[] {
  const keys: ApiKeyConfig[] = [];
  list.forEach((entry, i) => {
    const reader = EntryReader.open(entry, ['auth', 'apiKeys', i], issues, ['principal', 'keySha256']);
    const principal = reader?.text('principal', { pattern: IDENTITY, message: IDENTITY_RULE });
    const keySha256 = reader?.text('keySha256', SHA256)?.toLowerCase();
    if (reader && keySha256 && keys.some((key) => key.keySha256 === keySha256)) reader.problem('keySha256', 'the same key is listed twice');
    else if (principal && keySha256) keys.push({ principal, keySha256 });
  });
  return keys;
}

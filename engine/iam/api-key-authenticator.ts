import { hash, timingSafeEqual } from 'node:crypto';
import type { ApiKeyConfig } from '../../config/server-config.ts';
import { ApiError } from '../errors/api-error.ts';
import type { Authenticator } from './authenticator.ts';
import { isValidMember, MEMBER_FORMS } from './iam-member.ts';
import type { Principal } from './principal.ts';
import { apiKeyOf } from './request-credentials.ts';

interface KnownKey {
  digest: Buffer;
  principal: Principal;
}

/**
 * API keys: the config keeps only each key's SHA-256, and a presented key's digest is
 * compared with every configured one in constant time, so neither the timing nor an early
 * exit tells a caller how close a guess was or which key matched. Hashing a key takes
 * about a microsecond, so digests are not cached (a cache would keep raw keys in memory).
 */
export function createApiKeyAuthenticator(apiKeys: ApiKeyConfig[]): Authenticator {
  const known = apiKeys.map(toKnownKey);
  return {
    async authenticate(headers) {
      const key = apiKeyOf(headers);
      if (key === null) {
        throw new ApiError('UNAUTHENTICATED', "missing credentials: send the API key as 'Authorization: Bearer <key>' or 'X-API-Key: <key>'");
      }
      const digest = hash('sha256', key, 'buffer');
      let match: KnownKey | null = null;
      for (const entry of known) {
        if (timingSafeEqual(digest, entry.digest)) match = entry;
      }
      if (!match) throw new ApiError('UNAUTHENTICATED', 'the API key is not valid');
      return match.principal;
    },
  };
}

function toKnownKey(entry: ApiKeyConfig, i: number): KnownKey {
  if (!/^[0-9a-fA-F]{64}$/.test(entry.keySha256)) {
    throw new Error(`auth.apiKeys[${i}].keySha256 must be 64 hexadecimal digits (the SHA-256 of the key)`);
  }
  if (!isValidMember(entry.principal) || !entry.principal.includes(':')) {
    throw new Error(`auth.apiKeys[${i}].principal '${entry.principal}' must be an IAM member such as ${MEMBER_FORMS.split(',')[0]}`);
  }
  return { digest: Buffer.from(entry.keySha256, 'hex'), principal: { id: entry.principal, authenticated: true } };
}

import type { AuthConfig } from '../../config/server-config.ts';
import { createApiKeyAuthenticator } from './api-key-authenticator.ts';
import type { Authenticator } from './authenticator.ts';
import { createJwtAuthenticator } from './jwt-authenticator.ts';
import { anonymous } from './principal.ts';

/**
 * The authenticator for `auth.mode`. `none` makes every caller the anonymous principal;
 * the config loader allows it only while every listener is on loopback.
 */
export function createAuthenticator(auth: AuthConfig): Authenticator {
  switch (auth.mode) {
    case 'none':
      return { authenticate: async () => anonymous };
    case 'apiKey':
      return createApiKeyAuthenticator(auth.apiKeys);
    case 'jwt':
      if (!auth.jwt) throw new Error("auth.mode is 'jwt' but auth.jwt is not set");
      return createJwtAuthenticator(auth.jwt);
  }
}

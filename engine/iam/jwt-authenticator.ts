import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createLocalJWKSet, createRemoteJWKSet, errors, jwtVerify, type JSONWebKeySet, type JWTPayload } from 'jose';
import type { JwtConfig } from '../../config/server-config.ts';
import { ApiError } from '../errors/api-error.ts';
import type { Authenticator } from './authenticator.ts';
import type { Principal } from './principal.ts';
import { bearerToken } from './request-credentials.ts';
import { TtlCache } from './ttl-cache.ts';

/** Clock skew allowed between the issuer and this host, seconds. */
const CLOCK_TOLERANCE = 30;
/** How long a verified token is trusted without verifying it again, bounding key-removal lag. */
const VERIFIED_TTL_MS = 60_000;

interface Verified {
  principal: Principal;
  /** Epoch milliseconds after which the token is expired (tolerance included). */
  expiresAt: number;
}

/**
 * Bearer JWTs from an OIDC issuer, signed RS256 or ES256 with a key of the issuer's JWKS
 * (fetched from `jwksUrl` and refreshed by jose on unknown key ids, or read once from
 * `jwksFile`). The principal is `user:<email>`, or `user:<sub>` when the token carries no
 * verified e-mail. A signature check costs about 0.4 ms, so a verified token is remembered
 * (by its SHA-256) for a minute or until it expires; clients reuse a token for many calls.
 */
export function createJwtAuthenticator(jwt: JwtConfig): Authenticator {
  const remote = jwt.jwksUrl !== null;
  const keys = remote ? createRemoteJWKSet(new URL(jwt.jwksUrl!)) : createLocalJWKSet(readJwksFile(jwt.jwksFile));
  const options = {
    issuer: jwt.issuer,
    audience: jwt.audience,
    algorithms: ['RS256', 'ES256'],
    clockTolerance: CLOCK_TOLERANCE,
    requiredClaims: ['exp'],
  };
  const verified = new TtlCache<Verified>(VERIFIED_TTL_MS, 10_000);
  const verify = async (token: string): Promise<Verified> => {
    try {
      const { payload } = await jwtVerify(token, keys, options);
      return { principal: principalOf(payload), expiresAt: (payload.exp! + CLOCK_TOLERANCE) * 1000 };
    } catch (error) {
      throw toApiError(error, remote);
    }
  };
  return {
    async authenticate(headers) {
      const token = bearerToken(headers);
      if (token === null) throw new ApiError('UNAUTHENTICATED', "missing credentials: send a JWT as 'Authorization: Bearer <token>'");
      const key = createHash('sha256').update(token).digest('base64');
      let result = await verified.get(key, () => verify(token));
      if (result.expiresAt <= Date.now()) {
        verified.delete(key);
        result = await verify(token);
      }
      return result.principal;
    },
  };
}

function readJwksFile(file: string | null): JSONWebKeySet {
  if (file === null) throw new Error('auth.jwt needs jwksUrl or jwksFile');
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as JSONWebKeySet;
  } catch (error) {
    throw new Error(`auth.jwt.jwksFile ${file}: ${(error as Error).message}`, { cause: error });
  }
}

function principalOf(payload: JWTPayload): Principal {
  const email = payload.email_verified !== false && typeof payload.email === 'string' ? payload.email : null;
  const subject = email ?? payload.sub;
  if (!subject) throw new ApiError('UNAUTHENTICATED', 'the bearer token names no subject: it has neither an email nor a sub claim');
  return { id: `user:${subject}`, authenticated: true };
}

const REASONS: Record<string, string> = {
  ERR_JWT_EXPIRED: 'the bearer token has expired',
  ERR_JWS_SIGNATURE_VERIFICATION_FAILED: 'the bearer token signature does not verify',
  ERR_JWKS_NO_MATCHING_KEY: "no key of the issuer's key set matches the bearer token",
  ERR_JOSE_ALG_NOT_ALLOWED: 'the bearer token must be signed with RS256 or ES256',
};

/** jose's reasons, rephrased for the caller; none of them contains the token. */
function toApiError(error: unknown, remote: boolean): unknown {
  if (error instanceof ApiError) return error;
  const unreachable = !(error instanceof errors.JOSEError) || error.code === 'ERR_JWKS_TIMEOUT';
  if (unreachable) {
    return remote ? new ApiError('UNAVAILABLE', "cannot fetch the token issuer's signing keys; retry later") : error;
  }
  if (error instanceof errors.JWTClaimValidationFailed) {
    return new ApiError('UNAUTHENTICATED', `the bearer token's "${error.claim}" claim is not accepted (${error.message})`);
  }
  return new ApiError('UNAUTHENTICATED', REASONS[error.code] ?? 'the bearer token is not a valid JWT');
}

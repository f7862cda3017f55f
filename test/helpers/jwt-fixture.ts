import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportJWK, generateKeyPair, SignJWT, type JWTPayload, type JWK, type CryptoKey } from 'jose';

export type JwtAlg = 'RS256' | 'ES256';

/** A token issuer of our own: an RS256 and an ES256 key pair and their public JWKS. */
export interface JwtFixture {
  issuer: string;
  audience: string;
  jwks: { keys: JWK[] };
  /** The JWKS written to a file, for `auth.jwt.jwksFile`. */
  jwksFile: string;
  /** Sign a token; `expiresAt` is a time span ('5m') or an epoch second (a past one for an expired token). */
  sign(claims: JWTPayload, options?: { alg?: JwtAlg; issuer?: string; audience?: string; expiresAt?: number | string }): Promise<string>;
}

export async function createJwtFixture(): Promise<JwtFixture> {
  const issuer = `https://issuer-${randomBytes(4).toString('hex')}.example.org/`;
  const audience = 'plexus-test';
  const privateKeys = new Map<JwtAlg, CryptoKey>();
  const keys: JWK[] = [];
  for (const alg of ['RS256', 'ES256'] as const) {
    const pair = await generateKeyPair(alg);
    privateKeys.set(alg, pair.privateKey);
    keys.push({ ...(await exportJWK(pair.publicKey)), kid: `${alg}-key`, alg, use: 'sig' });
  }
  const jwksFile = join(mkdtempSync(join(tmpdir(), 'plexus-jwks-')), 'jwks.json');
  writeFileSync(jwksFile, JSON.stringify({ keys }));
  return {
    issuer,
    audience,
    jwks: { keys },
    jwksFile,
    sign: (claims, options = {}) => {
      const alg = options.alg ?? 'RS256';
      return new SignJWT(claims)
        .setProtectedHeader({ alg, kid: `${alg}-key` })
        .setIssuer(options.issuer ?? issuer)
        .setAudience(options.audience ?? audience)
        .setIssuedAt()
        .setExpirationTime(options.expiresAt ?? '5m')
        .sign(privateKeys.get(alg)!);
    },
  };
}

import type { IncomingHttpHeaders } from 'node:http';
import type { Principal } from './principal.ts';

/** Turns request credentials into a principal, or throws an UNAUTHENTICATED ApiError. */
export interface Authenticator {
  authenticate(headers: IncomingHttpHeaders): Promise<Principal>;
}

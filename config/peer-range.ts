import { isIP } from 'node:net';

/**
 * True for an IPv4 or IPv6 address or CIDR range (`10.0.0.0/8`, `fd00::/8`), the entries
 * of an MLLP listener's `allowPeers`. The same rule as the listener's allow-list, checked
 * at load so that a typo stops the server before it starts rather than when it binds.
 */
export function isPeerRange(entry: string): boolean {
  const [address, prefix, ...rest] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  return prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128));
}

import { isIPv6 } from 'node:net';

/** The socket a listener binds. */
export interface ListenerSocket {
  host: string;
  port: number;
}

/**
 * True when two listeners would bind the same socket, so the second would fail with
 * EADDRINUSE at startup. Port 0 picks a free port each time and never clashes. A wildcard
 * address takes the port on every address it covers: 0.0.0.0 every IPv4 one, `::` every
 * one (Node opens dual-stack sockets).
 */
export function listenersOverlap(a: ListenerSocket, b: ListenerSocket): boolean {
  if (a.port === 0 || a.port !== b.port) return false;
  const [x, y] = [normalizeHost(a.host), normalizeHost(b.host)];
  return x === y || covers(x, y) || covers(y, x);
}

function normalizeHost(host: string): string {
  return host.trim().toLowerCase().replace(/^\[(.*)\]$/, '$1');
}

function covers(wildcard: string, host: string): boolean {
  return wildcard === '::' || (wildcard === '0.0.0.0' && !isIPv6(host));
}

import { BlockList, isIPv4, isIPv6 } from 'node:net';

/** A socket a listener binds, named by the config key that sets its host (`http.host`). */
export interface ListenerAddress {
  key: string;
  host: string;
}

const loopback = new BlockList();
loopback.addSubnet('127.0.0.0', 8, 'ipv4');
loopback.addAddress('::1', 'ipv6');

/**
 * True for `localhost`, 127.0.0.0/8 and ::1 (also IPv4-mapped). Any other name is not
 * loopback: it may resolve to a public address, and `0.0.0.0` / `::` bind every interface.
 */
export function isLoopbackAddress(host: string): boolean {
  const address = host.trim().toLowerCase().replace(/^\[(.*)\]$/, '$1');
  if (address === 'localhost') return true;
  if (isIPv4(address)) return loopback.check(address, 'ipv4');
  return isIPv6(address) && loopback.check(address, 'ipv6');
}

/** The listeners reachable from other machines. */
export function nonLoopbackListeners(listeners: readonly ListenerAddress[]): ListenerAddress[] {
  return listeners.filter((listener) => !isLoopbackAddress(listener.host));
}

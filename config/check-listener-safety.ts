import type { ConfigIssues } from './config-issues.ts';
import { isLoopbackAddress, nonLoopbackListeners, type ListenerAddress } from './loopback-address.ts';
import type { MllpListenerConfig, ServerConfig } from './server-config.ts';

/** Every address the server listens on; a new listener (DIMSE) adds its host here. */
export function serverListeners(config: Pick<ServerConfig, 'http' | 'mllp'>): ListenerAddress[] {
  const mllp = config.mllp.map((listener, i) => ({ key: `mllp[${i}].host`, host: listener.host }));
  return [{ key: 'http.host', host: config.http.host }, ...mllp];
}

/**
 * Why `auth.mode: none` cannot be allowed with these listeners, or null when all of them
 * are on loopback (only local processes can connect, as on a developer's laptop).
 */
export function authRequiredReason(listeners: readonly ListenerAddress[]): string | null {
  const exposed = nonLoopbackListeners(listeners);
  if (exposed.length === 0) return null;
  const named = exposed.map((listener) => `${listener.key} ${listener.host}`).join(' and ');
  const verb = exposed.length === 1 ? 'is not a loopback address' : 'are not loopback addresses';
  return `authentication is required because ${named} ${verb}; set auth.mode to apiKey or jwt, or bind 127.0.0.1`;
}

/** Refuse to expose unencrypted or unauthenticated listeners beyond this machine. */
export function checkListenerSafety(config: ServerConfig, issues: ConfigIssues): void {
  const httpHostValid = !issues.hasIssueAt(['http', 'host']);
  const { host, tls } = config.http;
  if (httpHostValid && tls === null && !issues.hasIssueAt(['http', 'tls']) && !isLoopbackAddress(host)) {
    issues.add(['http', 'host'], `plain HTTP is refused because http.host ${host} is not a loopback address; set http.tls (cert and key) or bind 127.0.0.1`);
  }
  // config.mllp keeps only the valid entries: its indexes are the file's only when every entry is.
  const mllp = issues.hasIssueAt(['mllp']) ? [] : config.mllp;
  mllp.forEach((listener, i) => checkPlainMllp(listener, i, issues));
  const listeners = serverListeners({ http: config.http, mllp }).filter((listener) => httpHostValid || listener.key !== 'http.host');
  const reason = config.auth.mode === 'none' && !issues.hasIssueAt(['auth', 'mode']) ? authRequiredReason(listeners) : null;
  if (reason !== null) issues.add(['auth', 'mode'], reason);
}

/**
 * HL7v2 over plain TCP carries patient data readable and forgeable on the way, and MLLP
 * has no authentication of its own: off loopback, a listener needs TLS or a peer allow-list.
 */
function checkPlainMllp(listener: MllpListenerConfig, index: number, issues: ConfigIssues): void {
  if (listener.tls !== null || listener.allowPeers.length > 0 || isLoopbackAddress(listener.host)) return;
  const key = `mllp[${index}]`;
  issues.add(
    ['mllp', index, 'host'],
    `plain MLLP open to every peer is refused because ${key}.host ${listener.host} is not a loopback address; ` +
      `set ${key}.tls (cert and key, best with requestClientCert and ca), or ${key}.allowPeers, or bind 127.0.0.1`,
  );
}

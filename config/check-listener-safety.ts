import { checkPlainMllp } from './check-plain-mllp.ts';
import type { ConfigIssues } from './config-issues.ts';
import { isLoopbackAddress, nonLoopbackListeners, type ListenerAddress } from './loopback-address.ts';
import type { ServerConfig } from './server-config.ts';

/** Every address the server listens on; a new listener (DIMSE) adds its host here. */
export function serverListeners(config: Pick<ServerConfig, 'http' | 'mllp'> & Partial<Pick<ServerConfig, 'dimse'>>): ListenerAddress[] {
  const mllp = config.mllp.map((listener, i) => ({ key: `mllp[${i}].host`, host: listener.host }));
  const dimse = (config.dimse ?? []).map((listener, i) => ({ key: `dimse[${i}].host`, host: listener.host }));
  return [{ key: 'http.host', host: config.http.host }, ...mllp, ...dimse];
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
  mllp.forEach((listener, i) => checkPlainMllp(listener, ['mllp', i], issues));
  const dimse = issues.hasIssueAt(['dimse']) ? [] : config.dimse;
  dimse.forEach((listener, i) => checkPlainMllp(listener, ['dimse', i], issues, 'DIMSE'));
  const listeners = serverListeners({ http: config.http, mllp, dimse }).filter((listener) => httpHostValid || listener.key !== 'http.host');
  const reason = config.auth.mode === 'none' && !issues.hasIssueAt(['auth', 'mode']) ? authRequiredReason(listeners) : null;
  if (reason !== null) issues.add(['auth', 'mode'], reason);
}

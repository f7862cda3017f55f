import type { ConfigIssues } from './config-issues.ts';
import { nonLoopbackListeners, type ListenerAddress } from './loopback-address.ts';
import type { ServerConfig } from './server-config.ts';

/** Every address the server listens on; a new listener (MLLP, DIMSE) adds its host here. */
export function serverListeners(config: Pick<ServerConfig, 'http'>): ListenerAddress[] {
  return [{ key: 'http.host', host: config.http.host }];
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
  if (issues.hasIssueAt(['http', 'host'])) return;
  const { host, tls } = config.http;
  if (tls === null && !issues.hasIssueAt(['http', 'tls']) && nonLoopbackListeners(serverListeners(config)).length > 0) {
    issues.add(['http', 'host'], `plain HTTP is refused because http.host ${host} is not a loopback address; set http.tls (cert and key) or bind 127.0.0.1`);
  }
  const reason = config.auth.mode === 'none' && !issues.hasIssueAt(['auth', 'mode']) ? authRequiredReason(serverListeners(config)) : null;
  if (reason !== null) issues.add(['auth', 'mode'], reason);
}

import { formatKeyPath, type ConfigIssues, type KeyPath } from './config-issues.ts';
import { isLoopbackAddress } from './loopback-address.ts';
import type { MllpListenerFields } from './read-mllp-listener-fields.ts';

/**
 * HL7v2 (and DICOM) over plain TCP carries patient data readable and forgeable on the way,
 * and neither MLLP nor DIMSE has authentication of its own (an AE title is a name, not a
 * credential): off loopback, the listener at `path` needs TLS or a peer allow-list.
 */
export function checkPlainMllp(listener: Pick<MllpListenerFields, 'host' | 'tls' | 'allowPeers'>, path: KeyPath, issues: ConfigIssues, protocol = 'MLLP'): void {
  if (listener.tls !== null || listener.allowPeers.length > 0 || isLoopbackAddress(listener.host)) return;
  const key = formatKeyPath(path);
  issues.add(
    [...path, 'host'],
    `plain ${protocol} open to every peer is refused because ${key}.host ${listener.host} is not a loopback address; ` +
      `set ${key}.tls (cert and key, best with requestClientCert and ca), or ${key}.allowPeers, or bind 127.0.0.1`,
  );
}

import { accessSync, constants, statSync } from 'node:fs';
import type { ConfigIssues, KeyPath } from './config-issues.ts';
import type { ServerConfig, TlsConfig } from './server-config.ts';

/**
 * Every file the server config names for TLS or JWT keys can be read, so a wrong path is a
 * config error naming its key (and `plexus config check` finds it), not a bare ENOENT when
 * a listener starts.
 */
export function checkServerFiles(config: ServerConfig, issues: ConfigIssues): void {
  const sections: Array<[KeyPath, TlsConfig | null]> = [
    [['http', 'tls'], config.http.tls],
    ...config.mllp.map((listener, i): [KeyPath, TlsConfig | null] => [['mllp', i, 'tls'], listener.tls]),
    ...config.dimse.map((listener, i): [KeyPath, TlsConfig | null] => [['dimse', i, 'tls'], listener.tls]),
  ];
  for (const [path, tls] of sections) {
    for (const key of ['cert', 'key', 'ca'] as const) checkReadable(tls?.[key], [...path, key], issues);
  }
  checkReadable(config.auth.jwt?.jwksFile, ['auth', 'jwt', 'jwksFile'], issues);
}

function checkReadable(file: string | null | undefined, path: KeyPath, issues: ConfigIssues): void {
  if (!file || issues.hasIssueAt(path)) return;
  try {
    accessSync(file, constants.R_OK);
    if (statSync(file).isDirectory()) issues.add(path, `${file} is a folder, not a file`);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    issues.add(path, `cannot read ${file}: ${code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : (error as Error).message}`);
  }
}

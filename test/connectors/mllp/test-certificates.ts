import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface KeyPair {
  cert: string;
  key: string;
}

export interface TestCertificates {
  ca: string;
  /** For 127.0.0.1 and localhost, signed by `ca`. */
  server: KeyPair;
  /** CN=lab-system, signed by `ca`. */
  client: KeyPair;
  /** CN=intruder, signed by another CA the server does not trust. */
  strangerClient: KeyPair;
}

let generated: TestCertificates | null = null;

/** Throwaway certificates made with the openssl command line in a temporary directory, once per process. */
export function testCertificates(): TestCertificates {
  generated ??= generateCertificates(mkdtempSync(join(tmpdir(), 'plexus-mllp-tls-')));
  return generated;
}

function generateCertificates(dir: string): TestCertificates {
  const ca = createAuthority(dir, 'ca', 'Plexus Test CA');
  createAuthority(dir, 'other-ca', 'Somebody Else CA');
  return {
    ca: ca.cert,
    server: issue(dir, 'server', 'localhost', 'ca', 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n'),
    client: issue(dir, 'client', 'lab-system', 'ca', 'extendedKeyUsage=clientAuth\n'),
    strangerClient: issue(dir, 'stranger', 'intruder', 'other-ca', 'extendedKeyUsage=clientAuth\n'),
  };
}

function openssl(dir: string, args: string[]): void {
  execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
}

function newKeyArgs(name: string): string[] {
  return ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', `${name}.key`];
}

function createAuthority(dir: string, name: string, commonName: string): KeyPair {
  openssl(dir, ['req', '-x509', ...newKeyArgs(name), '-out', `${name}.pem`, '-subj', `/CN=${commonName}`, '-days', '2',
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign']);
  return read(dir, name);
}

function issue(dir: string, name: string, commonName: string, authority: string, extensions: string): KeyPair {
  writeFileSync(join(dir, `${name}.ext`), extensions);
  openssl(dir, ['req', ...newKeyArgs(name), '-out', `${name}.csr`, '-subj', `/CN=${commonName}`]);
  openssl(dir, ['x509', '-req', '-in', `${name}.csr`, '-CA', `${authority}.pem`, '-CAkey', `${authority}.key`,
    '-set_serial', String(Date.now()), '-days', '2', '-out', `${name}.pem`, '-extfile', `${name}.ext`]);
  return read(dir, name);
}

function read(dir: string, name: string): KeyPair {
  return { cert: readFileSync(join(dir, `${name}.pem`), 'utf8'), key: readFileSync(join(dir, `${name}.key`), 'utf8') };
}

import test from 'ava';
import { join } from 'node:path';
import { loadServerConfig } from '../../config/load-server-config.ts';
import { ABSOLUTE_PEM, issueAt, issuesOf, REGION, writeConfig } from './config-fixture.ts';

const STORE = 'projects/demo/locations/local/datasets/hospital/hl7V2Stores/adt';
const API_KEY = `auth:\n  mode: apiKey\n  apiKeys: [{principal: "user:a@b.org", keySha256: ${'a'.repeat(64)}}]\n`;

test('a listener needs only port and store: loopback, no TLS, everyone, safe bounds', (t) => {
  const config = loadServerConfig(writeConfig(`${REGION}mllp:\n  - {port: 2575, store: ${STORE}}\n`), {});
  t.deepEqual(config.mllp, [
    { host: '127.0.0.1', port: 2575, store: STORE, tls: null, allowPeers: [], maxConnections: 100, idleTimeoutMs: 300000, maxFrameBytes: 10 * 1024 ** 2 },
  ]);
  t.deepEqual(loadServerConfig(writeConfig(`${REGION}mllp:\n`), {}).mllp, []);
});

test('every key is read; TLS paths resolve against the config file folder', (t) => {
  const file = writeConfig(`${REGION}${API_KEY}mllp:
  - host: 0.0.0.0
    port: 0
    store: ${STORE}
    maxConnections: 5
    idleTimeoutMs: 1000
    maxFrameBytes: 1.5 MB
    allowPeers: [10.0.0.0/8, " 192.168.1.20 ", "fd00::/8", "::1"]
    tls: {cert: tls/cert.pem, key: ${ABSOLUTE_PEM}, ca: ../ca.pem, requestClientCert: true}
  - {port: 2576, store: ${STORE}, maxFrameBytes: 4096, tls: {cert: c.pem, key: k.pem}}
`);
  const folder = join(file, '..');
  const [first, second] = loadServerConfig(file, {}).mllp;
  t.deepEqual(first, {
    host: '0.0.0.0',
    port: 0,
    store: STORE,
    tls: { cert: join(folder, 'tls/cert.pem'), key: ABSOLUTE_PEM, ca: join(folder, '../ca.pem'), requestClientCert: true },
    allowPeers: ['10.0.0.0/8', '192.168.1.20', 'fd00::/8', '::1'],
    maxConnections: 5,
    idleTimeoutMs: 1000,
    maxFrameBytes: 1.5 * 1024 ** 2,
  });
  t.deepEqual(second.tls, { cert: join(folder, 'c.pem'), key: join(folder, 'k.pem'), requestClientCert: false });
  t.is(second.maxFrameBytes, 4096);
});

test('every wrong value is reported at its key and line', (t) => {
  const issues = issuesOf(`${REGION}mllp:
  - host: "bad host"
    port: 70000
    store: ${STORE}
    maxConnections: 0
    idleTimeoutMs: 1.5
    maxFrameBytes: 10XB
    allowPeers: [10.0.0.0/33, nobody, 7]
    color: red
  - {store: ${STORE}, tls: {cert: c.pem, requestClientCert: maybe, pin: x}}
  - "2575"
  - {port: 1, store: ${STORE}, tls: yes, allowPeers: 10.0.0.1}
  - {port: 2, store: ${STORE}, tls: {cert: c.pem, requestClientCert: true}}
`);
  t.deepEqual(issues.map((i) => [i.key, i.line]), [
    ['mllp[0].host', 4],
    ['mllp[0].port', 5],
    ['mllp[0].maxConnections', 7],
    ['mllp[0].idleTimeoutMs', 8],
    ['mllp[0].maxFrameBytes', 9],
    ['mllp[0].allowPeers[0]', 10],
    ['mllp[0].allowPeers[1]', 10],
    ['mllp[0].allowPeers[2]', 10],
    ['mllp[0].color', 11],
    ['mllp[1].port', 12],
    ['mllp[1].tls.pin', 12],
    ['mllp[1].tls.requestClientCert', 12],
    ['mllp[2]', 13],
    ['mllp[3].allowPeers', 14],
    ['mllp[3].tls', 14],
    ['mllp[4].tls.key', 15],
    ['mllp[4].tls.ca', 15],
  ]);
  t.is(issueAt(issues, 'mllp[0].host')?.message, 'must be a host name or IP address, such as 127.0.0.1 or 0.0.0.0');
  t.is(issueAt(issues, 'mllp[0].port')?.message, 'must be a port number from 0 to 65535 (got 70000)');
  t.is(issueAt(issues, 'mllp[0].maxConnections')?.message, 'must be a whole number greater than 0 (got 0)');
  t.is(issueAt(issues, 'mllp[0].idleTimeoutMs')?.message, 'must be a whole number greater than 0 (got 1.5)');
  t.regex(issueAt(issues, 'mllp[0].maxFrameBytes')!.message, /^must be a size in bytes greater than 0, a number or a string such as "10MB" \(got "10XB"\)$/);
  t.is(issueAt(issues, 'mllp[0].allowPeers[0]')?.message, 'must be an IP address or CIDR range, such as 192.168.1.20 or 10.0.0.0/8 (got "10.0.0.0/33")');
  t.regex(issueAt(issues, 'mllp[0].color')!.message, /^unknown key; known keys here: host, port, store, maxConnections, idleTimeoutMs, maxFrameBytes, allowPeers, tls$/);
  t.is(issueAt(issues, 'mllp[1].port')?.message, 'required');
  t.is(issueAt(issues, 'mllp[1].tls.requestClientCert')?.message, 'must be true or false (got "maybe")');
  t.regex(issueAt(issues, 'mllp[2]')!.message, /^must be a mapping with the keys host, port, store/);
  t.is(issueAt(issues, 'mllp[3].tls')?.message, 'must be a mapping');
  t.is(issueAt(issues, 'mllp[4].tls.key')?.message, 'required when mllp[4].tls is set: the PEM private key file');
});

test('mllp must be a list', (t) => {
  t.like(issueAt(issuesOf(`${REGION}mllp: {port: 2575}\n`), 'mllp'), { line: 3, message: 'must be a list (lines starting with "- ")' });
});

test('the store is a well-formed HL7v2 store name in a configured region', (t) => {
  const storeIssue = (store: string) => issueAt(issuesOf(`${REGION}mllp:\n  - port: 2575\n    store: ${store}\n`), 'mllp[0].store');
  t.like(storeIssue('projects/demo/locations/mars/datasets/hospital/hl7V2Stores/adt'), {
    line: 5,
    message: 'location mars is not a configured region; configured: local',
  });
  const shape = 'must be an HL7v2 store name, projects/{project}/locations/{location}/datasets/{dataset}/hl7V2Stores/{store}';
  t.is(storeIssue('projects/demo/locations/local/datasets/hospital/fhirStores/adt')?.message, shape);
  t.is(storeIssue('projects/demo/locations/local/datasets/hospital/hl7V2Stores/adt/messages/m')?.message, shape);
  t.is(storeIssue('adt')?.message, shape);
  t.regex(storeIssue('projects/demo/locations/local/datasets/a b/hl7V2Stores/adt')!.message, /^the dataset ID "a b" must be 1 to 256 characters/);
  t.regex(storeIssue('projects/../locations/local/datasets/hospital/hl7V2Stores/adt')!.message, /^the project ID "\.\." must be/);
  t.is(issueAt(issuesOf(`${REGION}mllp:\n  - port: 2575\n`), 'mllp[0].store')?.message, 'required');
});

test('two listeners may not bind the same socket, nor take the HTTP port', (t) => {
  const issues = issuesOf(`http: {port: 8080}\n${REGION}mllp:
  - {port: 2575, store: ${STORE}}
  - {host: 127.0.0.1, port: 2575, store: ${STORE}}
  - {host: "::1", port: 8080, store: ${STORE}}
  - {host: 127.0.0.1, port: 8080, store: ${STORE}}
`);
  t.deepEqual(issues.map((i) => [i.key, i.line, i.message]), [
    ['mllp[1].port', 6, 'mllp[0] already listens on 127.0.0.1 port 2575'],
    ['mllp[3].port', 8, 'the HTTP API already listens on 127.0.0.1 port 8080'],
  ]);
  const wildcard = issuesOf(`${REGION}${API_KEY}mllp:\n  - {host: 0.0.0.0, port: 2575, store: ${STORE}, allowPeers: [10.0.0.1]}\n  - {port: 2575, store: ${STORE}}\n`);
  t.deepEqual(wildcard.map((i) => [i.key, i.message]), [['mllp[1].port', 'mllp[0] already listens on 0.0.0.0 port 2575']]);
  const anyPort = loadServerConfig(writeConfig(`http: {port: 0}\n${REGION}mllp:\n  - {port: 0, store: ${STORE}}\n  - {port: 0, store: ${STORE}}\n`), {});
  t.is(anyPort.mllp.length, 2);
});

test('auth mode none is refused when an MLLP listener binds a non-loopback address', (t) => {
  const issues = issuesOf(`${REGION}auth: {mode: none}\nmllp:\n  - {host: 0.0.0.0, port: 2575, store: ${STORE}, allowPeers: [10.0.0.0/8]}\n`);
  t.deepEqual(issues.map((i) => [i.key, i.line, i.message]), [
    ['auth.mode', 3, 'authentication is required because mllp[0].host 0.0.0.0 is not a loopback address; set auth.mode to apiKey or jwt, or bind 127.0.0.1'],
  ]);
  t.notThrows(() => loadServerConfig(writeConfig(`${REGION}mllp:\n  - {host: "::1", port: 2575, store: ${STORE}}\n`), {}));
});

test('plain MLLP open to every peer off loopback is refused; TLS or an allow-list makes it acceptable', (t) => {
  const listener = (extra: string) => `${REGION}${API_KEY}mllp:\n  - {host: 10.1.2.3, port: 2575, store: ${STORE}${extra}}\n`;
  t.deepEqual(issuesOf(listener('')).map((i) => [i.key, i.line, i.message]), [
    [
      'mllp[0].host',
      7,
      'plain MLLP open to every peer is refused because mllp[0].host 10.1.2.3 is not a loopback address; ' +
        'set mllp[0].tls (cert and key, best with requestClientCert and ca), or mllp[0].allowPeers, or bind 127.0.0.1',
    ],
  ]);
  t.notThrows(() => loadServerConfig(writeConfig(listener(', tls: {cert: c.pem, key: k.pem}')), {}));
  t.notThrows(() => loadServerConfig(writeConfig(listener(', allowPeers: [192.168.0.0/16]')), {}));
});

test('both refusals are reported together, for the listener that causes them', (t) => {
  const issues = issuesOf(`${REGION}mllp:\n  - {port: 2575, store: ${STORE}}\n  - {host: 0.0.0.0, port: 2576, store: ${STORE}}\n`);
  t.deepEqual(issues.map((i) => [i.key, i.line]), [['auth.mode', null], ['mllp[1].host', 5]]);
  t.regex(issueAt(issues, 'auth.mode')!.message, /because mllp\[1\]\.host 0\.0\.0\.0 is not/);
});
